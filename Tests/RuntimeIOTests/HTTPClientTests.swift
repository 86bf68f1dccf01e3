import RuntimeWire
import Synchronization
import Testing
@testable import RuntimeIO

/// The client against the server over in-memory connections.
@Suite("HTTP client (in memory)", .timeLimit(.minutes(1)))
struct HTTPClientTests {
    func withPair(
        configuration: HTTPClientConfiguration = HTTPClientConfiguration(),
        limits: HTTPLimits = HTTPLimits(),
        handler: @escaping HTTPServerHandler = HTTPServerTests.echo,
        _ body: (HTTPClient, HTTPMemoryListener) async throws -> Void
    ) async throws {
        let listener = HTTPMemoryListener()
        let server = HTTPServer.start(listener: listener, limits: limits, handler: handler)
        let client = HTTPClient(configuration: configuration, connector: listener.connector)
        do {
            try await body(client, listener)
        } catch {
            client.shutdown()
            await server.shutdown()
            throw error
        }
        client.shutdown()
        await server.shutdown()
    }

    func failure(_ body: () async throws -> Any) async -> WireError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error as? WireError
        }
    }

    let url = "http://127.0.0.1:8080/path?q=1"
    var deadline: ContinuousClock.Instant { .now + .seconds(30) }

    @Test("reuses one keep-alive connection for sequential requests")
    func keepAlive() async throws {
        try await withPair { client, listener in
            for index in 0..<20 {
                let response = try await client.execute(
                    HTTPClientRequest(method: "POST", url: url, body: Array("body \(index)".utf8)), deadline: deadline)
                #expect(response.status == 200)
                #expect(response.body == Array("body \(index)".utf8))
                #expect(response.headers["X-Target"] == "/path?q=1")
            }
            #expect(listener.acceptedCount == 1)
            #expect(client.connectionCounts(for: url)?.idle == 1)
        }
    }

    @Test("never opens more connections than the limit; waiters queue")
    func poolLimit() async throws {
        let inHandler = Atomic<Int>(0)
        let maxInHandler = Atomic<Int>(0)
        let handler: HTTPServerHandler = { request in
            let now = inHandler.wrappingAdd(1, ordering: .relaxed).newValue
            maxInHandler.max(now, ordering: .relaxed)
            for _ in 0..<10 { await Task.yield() }
            inHandler.wrappingSubtract(1, ordering: .relaxed)
            return .respond(HTTPServerResponse(status: 200, body: request.body))
        }
        try await withPair(configuration: HTTPClientConfiguration(maximumConnectionsPerHost: 3), handler: handler) { client, listener in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<60 {
                    group.addTask {
                        let response = try await client.execute(
                            HTTPClientRequest(method: "PUT", url: url, body: Array("\(index)".utf8)), deadline: deadline)
                        return response.body == Array("\(index)".utf8)
                    }
                }
                for try await ok in group { #expect(ok) }
            }
            #expect(listener.acceptedCount <= 3)
            #expect(maxInHandler.load(ordering: .relaxed) <= 3)
            #expect(client.connectionCounts(for: url)?.inUse == 0)
        }
    }

    @Test("sends and receives chunked bodies")
    func chunked() async throws {
        try await withPair { client, _ in
            let body = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
            let response = try await client.execute(
                HTTPClientRequest(
                    method: "POST", url: "http://h/chunked", headers: HTTPHeaders([("Transfer-Encoding", "chunked")]), body: body),
                deadline: deadline)
            #expect(response.headers["Transfer-Encoding"] == "chunked")
            #expect(response.body == body)
        }
    }

    @Test("enforces the response size limit and the request size limit")
    func sizeLimits() async throws {
        let configuration = HTTPClientConfiguration(
            responseLimits: HTTPLimits(maxBodyBytes: 1000), maxRequestBodyBytes: 5000)
        try await withPair(configuration: configuration) { client, _ in
            let ok = try await client.execute(HTTPClientRequest(method: "POST", url: url, body: [UInt8](repeating: 1, count: 1000)), deadline: deadline)
            #expect(ok.body.count == 1000)
            let tooBig = await failure {
                try await client.execute(HTTPClientRequest(method: "POST", url: url, body: [UInt8](repeating: 1, count: 1001)), deadline: deadline)
            }
            #expect(tooBig?.code == .messageTooLarge)
            #expect(tooBig?.requestMayHaveBeenSent == true)
            let tooBigChunked = await failure {
                try await client.execute(
                    HTTPClientRequest(method: "POST", url: "http://h/chunked", body: [UInt8](repeating: 1, count: 1001)), deadline: deadline)
            }
            #expect(tooBigChunked?.code == .messageTooLarge)
            let requestTooBig = await failure {
                try await client.execute(HTTPClientRequest(method: "POST", url: url, body: [UInt8](repeating: 1, count: 5001)), deadline: deadline)
            }
            #expect(requestTooBig?.code == .messageTooLarge)
            #expect(requestTooBig?.requestMayHaveBeenSent == false)
        }
    }

    @Test("retries an idempotent request once on a fresh connection after a stale one, never a POST")
    func staleConnection() async throws {
        try await withPair { client, listener in
            _ = try await client.execute(HTTPClientRequest(method: "GET", url: url), deadline: deadline)
            listener.dropAll()
            let response = try await client.execute(HTTPClientRequest(method: "GET", url: url), deadline: deadline)
            #expect(response.status == 200)
            #expect(listener.acceptedCount == 2)
            listener.dropAll()
            let post = await failure {
                try await client.execute(HTTPClientRequest(method: "POST", url: url, body: []), deadline: deadline)
            }
            #expect(post?.code == .connectionClosed)
            #expect(post?.requestMayHaveBeenSent == true)
            #expect(listener.acceptedCount == 2)
            listener.setRefusing(true)
            let refused = await failure {
                try await client.execute(HTTPClientRequest(method: "POST", url: url, body: []), deadline: deadline)
            }
            #expect(refused?.code == .connectionFailed)
            #expect(refused?.requestMayHaveBeenSent == false)
        }
    }

    @Test("rejects bad URLs without sending", arguments: ["ftp://h/", "http://", "http://u@h/", "http://h:0/", "http://h:99999/", "h/x", "http://h /"])
    func badURLs(url: String) async throws {
        try await withPair { client, listener in
            let result = await failure { try await client.execute(HTTPClientRequest(method: "GET", url: url), deadline: deadline) }
            #expect(result?.code == .invalidURL)
            #expect(result?.requestMayHaveBeenSent == false)
            #expect(listener.acceptedCount == 0)
        }
    }

    @Test("parses URLs")
    func urls() throws {
        let plain = try HTTPURL("HTTP://Example.com")
        #expect(plain.host == "example.com" && plain.port == 80 && plain.target == "/" && plain.hostHeader == "example.com")
        let full = try HTTPURL("https://[::1]:8443/a/b?c=d#frag")
        #expect(full.host == "::1" && full.port == 8443 && full.target == "/a/b?c=d" && full.isTLS && full.hostHeader == "[::1]:8443")
        #expect(try HTTPURL("http://h?x=1").target == "/?x=1")
        #expect(try HTTPURL("https://h:443/").hostHeader == "h")
    }

    @Test("a request that outlives its deadline fails with timedOut and its connection is closed")
    func deadlineExpires() async throws {
        let gate = HTTPTestGate()
        let handler: HTTPServerHandler = { _ in
            await gate.wait()
            return .respond(HTTPServerResponse(status: 200))
        }
        try await withPair(handler: handler) { client, _ in
            let start = ContinuousClock.now
            let result = await failure {
                try await client.execute(HTTPClientRequest(method: "GET", url: url), deadline: .now + .milliseconds(200))
            }
            #expect(result?.code == .timedOut)
            // Not before the deadline; and long before the test's time limit (the pool may be busy
            // with other suites' work in debug builds, so the upper bound is roomy).
            #expect(ContinuousClock.now - start >= .milliseconds(200))
            #expect(ContinuousClock.now - start < .seconds(45))
            #expect(client.connectionCounts(for: url)?.idle == 0)
            #expect(client.connectionCounts(for: url)?.inUse == 0)
            gate.open()
        }
    }

    @Test("cancelling 100 in-flight requests at once throws CancellationError and frees every connection")
    func cancellation() async throws {
        let gate = HTTPTestGate()
        let arrived = Atomic<Int>(0)
        let handler: HTTPServerHandler = { _ in
            arrived.wrappingAdd(1, ordering: .relaxed)
            await gate.wait()
            return .respond(HTTPServerResponse(status: 200))
        }
        try await withPair(configuration: HTTPClientConfiguration(maximumConnectionsPerHost: 10), handler: handler) { client, _ in
            let results = HTTPTestResults()
            let url = self.url
            let tasks = (0..<100).map { _ in
                Task { [client] in
                    do {
                        _ = try await client.execute(HTTPClientRequest(method: "GET", url: url), deadline: .now + .seconds(50))
                        results.append("ok")
                    } catch is CancellationError {
                        results.append("cancelled")
                    } catch {
                        results.append("\(error)")
                    }
                }
            }
            while arrived.load(ordering: .relaxed) < 10 { await Task.yield() }
            for task in tasks { task.cancel() }
            for task in tasks { await task.value }
            #expect(results.values == Array(repeating: "cancelled", count: 100))
            #expect(client.connectionCounts(for: url)?.inUse == 0)
            #expect(client.connectionCounts(for: url)?.idle == 0)
            gate.open()
        }
    }

    @Test("idle connections older than maxIdleTime are not reused")
    func idleAge() async throws {
        try await withPair(configuration: HTTPClientConfiguration(maxIdleTime: .zero)) { client, listener in
            _ = try await client.execute(HTTPClientRequest(method: "GET", url: url), deadline: deadline)
            _ = try await client.execute(HTTPClientRequest(method: "GET", url: url), deadline: deadline)
            #expect(listener.acceptedCount == 2)
        }
    }

    @Test("shutdown closes idle connections and refuses new requests")
    func shutdown() async throws {
        try await withPair { client, _ in
            _ = try await client.execute(HTTPClientRequest(method: "GET", url: url), deadline: deadline)
            #expect(client.connectionCounts(for: url)?.idle == 1)
            client.shutdown()
            #expect(client.connectionCounts(for: url)?.idle == 0)
            let result = await failure { try await client.execute(HTTPClientRequest(method: "GET", url: url), deadline: deadline) }
            #expect(result?.code == .shutDown)
        }
    }
}
