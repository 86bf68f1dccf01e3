import RuntimeWire
import Synchronization
import Testing
@testable import RuntimeIO

/// Our client against our server over real loopback TCP on the shared event loop.
@Suite("HTTP client and server over loopback TCP", .timeLimit(.minutes(1)))
struct HTTPLoopbackTests {
    func withServer(
        limits: HTTPLimits = HTTPLimits(), handler: @escaping HTTPServerHandler = HTTPServerTests.echo,
        _ body: (HTTPServer) async throws -> Void
    ) async throws {
        let server = try await HTTPServer.start(limits: limits, handler: handler)
        do {
            try await body(server)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    var later: ContinuousClock.Instant { .now + .seconds(30) }

    func readResponse(_ reader: inout HTTPMessageReader, method: String = "GET") async throws -> HTTPClientResponse {
        let head = try await reader.readResponseHead(limits: HTTPLimits(), deadline: later)
        let framing = try HTTPBodyFraming.response(head, requestMethod: method, limits: HTTPLimits())
        let body = try await reader.readBody(framing, limits: HTTPLimits(), deadline: later)
        return HTTPClientResponse(status: head.status, reason: head.reason, headers: head.headers, body: body)
    }

    func raw(_ port: Int) async throws -> any Connection {
        try await ConnectionFactory.connect(host: "127.0.0.1", port: port, tls: false, configuration: TransportConfiguration(), deadline: later)
    }

    @Test("keep-alive: sequential requests share one TCP connection")
    func keepAlive() async throws {
        try await withServer { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            let url = "http://127.0.0.1:\(server.port)/x"
            for index in 0..<50 {
                let response = try await client.execute(HTTPClientRequest(method: "POST", url: url, body: Array("\(index)".utf8)), deadline: later)
                #expect(response.body == Array("\(index)".utf8))
            }
            #expect(server.acceptedConnectionCount == 1)
        }
    }

    @Test("the pool limit bounds the connections; 200 concurrent requests all succeed")
    func poolLimit() async throws {
        try await withServer { server in
            let client = HTTPClient(configuration: HTTPClientConfiguration(maximumConnectionsPerHost: 4))
            defer { client.shutdown() }
            let url = "http://127.0.0.1:\(server.port)/p"
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let response = try await client.execute(
                            HTTPClientRequest(method: "GET", url: url + "?\(index)"), deadline: .now + .seconds(30))
                        return response.headers["X-Target"] == "/p?\(index)"
                    }
                }
                for try await ok in group { #expect(ok) }
            }
            #expect(server.acceptedConnectionCount <= 4)
        }
    }

    @Test("pipelined requests written at once are answered in order")
    func pipelining() async throws {
        try await withServer { server in
            let connection = try await raw(server.port)
            defer { connection.close() }
            var bytes: [UInt8] = []
            for index in 0..<20 {
                bytes += Array("GET /\(index) HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
            }
            bytes += Array("POST /last HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nlast\r\n0\r\n\r\n".utf8)
            try await connection.write(bytes, deadline: later)
            var reader = HTTPMessageReader(connection: connection)
            for index in 0..<20 {
                #expect(try await readResponse(&reader).headers["X-Target"] == "/\(index)")
            }
            #expect(try await readResponse(&reader).body == Array("last".utf8))
        }
    }

    @Test("limits and malformed input give 400, 413 and 431 and close the connection", arguments: [
        ("GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "a", count: 70_000) + "\r\n\r\n", 431),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000001\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nF4241\r\n", 413),
        ("GET / HTTP/1.1\r\nHost: x\r\nBad\u{1}: y\r\n\r\n", 400),
        ("GET /\u{1} HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ])
    func limits(text: String, status: Int) async throws {
        try await withServer(limits: HTTPLimits(maxBodyBytes: 1_000_000)) { server in
            let connection = try await raw(server.port)
            defer { connection.close() }
            try await connection.write(Array(text.utf8), deadline: later)
            var reader = HTTPMessageReader(connection: connection)
            let response = try await readResponse(&reader)
            #expect(response.status == status)
            #expect(response.headers["Connection"] == "close")
            connection.shutdownOutput()
            while try await reader.fill(deadline: later) {}
        }
    }

    @Test("a half-sent request does not delay other connections")
    func halfSent() async throws {
        try await withServer { server in
            let slow = try await raw(server.port)
            defer { slow.close() }
            try await slow.write(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Len".utf8), deadline: later)
            let client = HTTPClient()
            defer { client.shutdown() }
            for _ in 0..<10 {
                let response = try await client.execute(
                    HTTPClientRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/"), deadline: .now + .seconds(30))
                #expect(response.status == 200)
            }
        }
    }

    @Test("chunked bodies both ways, and a 1 MB body")
    func chunked() async throws {
        try await withServer(limits: HTTPLimits(maxBodyBytes: 8 << 20)) { server in
            let client = HTTPClient(configuration: HTTPClientConfiguration(responseLimits: HTTPLimits(maxBodyBytes: 8 << 20)))
            defer { client.shutdown() }
            let body = patternBytes(1 << 20)
            let chunked = try await client.execute(
                HTTPClientRequest(
                    method: "POST", url: "http://127.0.0.1:\(server.port)/chunked",
                    headers: HTTPHeaders([("Transfer-Encoding", "chunked")]), body: body),
                deadline: later)
            #expect(chunked.headers["Transfer-Encoding"] == "chunked")
            #expect(chunked.body == body)
            let plain = try await client.execute(HTTPClientRequest(method: "PUT", url: "http://127.0.0.1:\(server.port)/p", body: body), deadline: later)
            #expect(plain.body == body)
        }
    }

    @Test("deadline covers the whole exchange; cancelling 100 in-flight requests never hangs")
    func deadlineAndCancellation() async throws {
        let gate = HTTPTestGate()
        let arrived = Atomic<Int>(0)
        let handler: HTTPServerHandler = { request in
            if request.target == "/fast" { return .respond(HTTPServerResponse(status: 204)) }
            arrived.wrappingAdd(1, ordering: .relaxed)
            await gate.wait()
            return .respond(HTTPServerResponse(status: 200))
        }
        try await withServer(handler: handler) { server in
            let client = HTTPClient(configuration: HTTPClientConfiguration(maximumConnectionsPerHost: 20))
            defer { client.shutdown() }
            let url = "http://127.0.0.1:\(server.port)/slow"
            let start = ContinuousClock.now
            do {
                _ = try await client.execute(HTTPClientRequest(method: "GET", url: url), deadline: .now + .milliseconds(300))
                Issue.record("expected a timeout")
            } catch let failure as WireError {
                #expect(failure.code == .timedOut)
                #expect(failure.requestMayHaveBeenSent == true)
            }
            #expect(ContinuousClock.now - start >= .milliseconds(300))
            #expect(ContinuousClock.now - start < .seconds(45))

            let results = HTTPTestResults()
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
            while arrived.load(ordering: .relaxed) < 21 { await Task.yield() }
            for task in tasks { task.cancel() }
            for task in tasks { await task.value }
            #expect(results.values == Array(repeating: "cancelled", count: 100))
            #expect(client.connectionCounts(for: url)?.inUse == 0)
            // The client still works afterwards.
            let after = try await client.execute(HTTPClientRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/fast"), deadline: later)
            #expect(after.status == 204)
            gate.open()
        }
    }

    @Test("a connection the server closed while idle is replaced for GET; POST reports that it may have been sent")
    func staleAfterServerRestart() async throws {
        let server = try await HTTPServer.start(handler: HTTPServerTests.echo)
        let port = server.port
        let client = HTTPClient()
        defer { client.shutdown() }
        _ = try await client.execute(HTTPClientRequest(method: "GET", url: "http://127.0.0.1:\(port)/"), deadline: later)
        await server.shutdown()
        do {
            _ = try await client.execute(HTTPClientRequest(method: "POST", url: "http://127.0.0.1:\(port)/", body: []), deadline: later)
            Issue.record("expected a failure")
        } catch let failure as WireError {
            #expect(failure.code == .connectionClosed || failure.code == .connectionFailed)
        }
        // Nothing listens now: connecting fails and the request was never sent.
        do {
            _ = try await client.execute(HTTPClientRequest(method: "POST", url: "http://127.0.0.1:\(port)/", body: []), deadline: later)
            Issue.record("expected a failure")
        } catch let failure as WireError {
            #expect(failure.code == .connectionFailed)
            #expect(failure.requestMayHaveBeenSent == false)
        }
    }
}
