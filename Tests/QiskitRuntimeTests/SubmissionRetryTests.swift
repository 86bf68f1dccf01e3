import Testing
@testable import QiskitRuntime
import RuntimeIO
import Synchronization

/// `POST /jobs` is sent again only when the service cannot have processed it: after a 429
/// (honouring `Retry-After`) or a connection that failed before any byte of the request was
/// written; never after a 5xx or a connection that broke once the request was written.
@Suite("Submission retries", .timeLimit(.minutes(1)))
struct SubmissionRetryTests {
    static let accepted = ScriptedTransport.Reply.response(
        RuntimeHTTPResponse(status: 200, body: Array(#"{"id": "j1", "backend": "b"}"#.utf8)))

    func service(_ transport: ScriptedTransport, clock: ManualClock = ManualClock()) async throws -> RuntimeService {
        try await CloudFixtures.service(transport, clock: clock)
    }

    @Test("429 with Retry-After: the same body again after that long")
    func tooManyRequests() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let service = try await service(transport, clock: clock)
        transport.on(
            "POST", "/api/v1/jobs",
            .response(RuntimeHTTPResponse(status: 429, headers: [("Retry-After", "3")], body: Array(#"{"errors": []}"#.utf8))),
            Self.accepted)
        let job = try await service.run(program: "p", backend: "b", inputs: ["n": 1])
        #expect(job.jobID == "j1")
        let posts = transport.requests("POST", "/api/v1/jobs")
        #expect(posts.count == 2)
        #expect(posts[0].bodyText == posts[1].bodyText)
        #expect(clock.sleeps == [.seconds(3)])
    }

    @Test("429 without Retry-After waits the backoff")
    func tooManyRequestsBackoff() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let service = try await service(transport, clock: clock)
        transport.on("POST", "/api/v1/jobs", .response(RuntimeHTTPResponse(status: 429)), .response(RuntimeHTTPResponse(status: 429)), Self.accepted)
        _ = try await service.run(program: "p", backend: "b")
        #expect(transport.requests("POST", "/api/v1/jobs").count == 3)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1)])
    }

    @Test("a failure before any byte was written is retried; one after is not")
    func connectionFailures() async throws {
        let transport = ScriptedTransport()
        let service = try await service(transport)
        let unsent = HTTPTransportFailure(error: RuntimeError(.connectionFailed, "refused"), requestMayHaveBeenSent: false)
        transport.on("POST", "/api/v1/jobs", .failure(unsent), Self.accepted)
        _ = try await service.run(program: "p", backend: "b")
        #expect(transport.requests("POST", "/api/v1/jobs").count == 2)

        let reset = HTTPTransportFailure(error: RuntimeError(.connectionClosed, "reset"), requestMayHaveBeenSent: true)
        let second = ScriptedTransport()
        let service2 = try await self.service(second)
        second.on("POST", "/api/v1/jobs", .failure(reset), Self.accepted)
        await #expect(throws: RuntimeError.self) { _ = try await service2.run(program: "p", backend: "b") }
        #expect(second.requests("POST", "/api/v1/jobs").count == 1)
    }

    @Test("a 5xx answer is never retried: the job may exist")
    func serverError() async throws {
        for status in [500, 502, 503, 504] {
            let transport = ScriptedTransport()
            let service = try await service(transport)
            transport.on("POST", "/api/v1/jobs", .response(RuntimeHTTPResponse(status: status)), Self.accepted)
            do {
                _ = try await service.run(program: "p", backend: "b")
                Issue.record("HTTP \(status) was retried")
            } catch let error as RuntimeError {
                #expect(error.statusCode == status)
            }
            #expect(transport.requests("POST", "/api/v1/jobs").count == 1)
        }
    }

    @Test("session creation follows the same rule; other POSTs (cancel) are not retried after a 429")
    func otherPosts() async throws {
        let transport = ScriptedTransport()
        let service = try await service(transport)
        transport.on("POST", "/api/v1/sessions", .response(RuntimeHTTPResponse(status: 429)), .response(RuntimeHTTPResponse(status: 200, body: Array(#"{"id": "s1"}"#.utf8))))
        let session = try await service.openSession(backend: "b")
        #expect(session.id == "s1")
        #expect(transport.requests("POST", "/api/v1/sessions").count == 2)

        CloudFixtures.jobs(transport, "j1", CloudFixtures.jobJSON("j1", status: "Running"))
        transport.on("POST", "/api/v1/jobs/j1/cancel", .response(RuntimeHTTPResponse(status: 429)), .response(RuntimeHTTPResponse(status: 204)))
        let job = try await service.job("j1")
        await #expect(throws: RuntimeError.self) { _ = try await job.cancel() }
        #expect(transport.requests("POST", "/api/v1/jobs/j1/cancel").count == 1)
    }

    // MARK: Over real TCP

    /// A service whose account points at `port` on loopback, through the package's own transport
    /// wrapped in a counter of attempts.
    func realService(port: Int, clock: ManualClock) async throws -> (RuntimeService, CountingHTTPTransport) {
        let transport = CountingHTTPTransport()
        var configuration = RuntimeConfiguration(
            account: .accessToken("token", runtimeURL: "http://127.0.0.1:\(port)/runtime"), transport: transport)
        configuration.clock = clock
        configuration.retryPolicy = RetryPolicy(jitter: 0)
        return (try await RuntimeService(configuration: configuration), transport)
    }

    @Test("over TCP: a response cut off midway is not retried (the server had the request)")
    func cutOffMidResponse() async throws {
        let peer = try BreakingPeer(.closeAfterPartialResponse)
        defer { peer.shutdown() }
        let (service, transport) = try await realService(port: peer.port, clock: ManualClock())
        do {
            _ = try await service.run(program: "p", backend: "b")
            Issue.record("a cut-off response gave a job")
        } catch let error as RuntimeError {
            #expect(error.code == .connectionClosed || error.code == .invalidHTTP, "\(error)")
        }
        #expect(transport.attempts == 1)
        #expect(peer.requestCount == 1)
        await service.shutdown()
        await transport.shutdown()
    }

    @Test("over TCP: a reset after the request arrived, before any answer, is not retried")
    func resetBeforeAnswer() async throws {
        let peer = try BreakingPeer(.resetBeforeResponse)
        defer { peer.shutdown() }
        let (service, transport) = try await realService(port: peer.port, clock: ManualClock())
        await #expect(throws: RuntimeError.self) { _ = try await service.run(program: "p", backend: "b") }
        #expect(transport.attempts == 1)
        #expect(peer.requestCount == 1)
        await service.shutdown()
        await transport.shutdown()
    }

    @Test("over TCP: a refused connection (nothing sent) is retried with backoff until attempts run out")
    func refused() async throws {
        let refusing = try #require(RefusingPort())
        let clock = ManualClock()
        let (service, transport) = try await realService(port: refusing.port, clock: clock)
        do {
            _ = try await service.run(program: "p", backend: "b")
            Issue.record("a refused connection gave a job")
        } catch let error as RuntimeError {
            #expect(error.code == .connectionFailed, "\(error)")
        }
        #expect(transport.attempts == 6)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8)])
        await service.shutdown()
        await transport.shutdown()
        withExtendedLifetime(refusing) {}
    }
}

/// The package's transport, counting the requests handed to it.
final class CountingHTTPTransport: HTTPTransport {
    private let inner = RuntimeHTTPTransport()
    private let count = Mutex(0)

    var attempts: Int { count.withLock { $0 } }

    func send(_ request: RuntimeHTTPRequest, deadline: ContinuousClock.Instant) async throws -> RuntimeHTTPResponse {
        count.withLock { $0 += 1 }
        return try await inner.send(request, deadline: deadline)
    }

    func shutdown() async { await inner.shutdown() }
}
