import Testing
@testable import QiskitRuntime

@Suite("RetryPolicy and RequestExecutor", .timeLimit(.minutes(1)))
struct RetryPolicyTests {
    let policy = RetryPolicy(jitter: 0)

    @Test("exponential backoff 0.5, 1, 2, 4, 8 s, capped, 6 attempts")
    func backoff() {
        let delays = (1...5).map { policy.delay(afterAttempt: $0, method: "GET", outcome: .status(503, retryAfter: nil), random: 0) }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8)])
        #expect(policy.delay(afterAttempt: 6, method: "GET", outcome: .status(503, retryAfter: nil), random: 0) == nil)
        #expect(RetryPolicy(maximumAttempts: 20, jitter: 0).backoff(afterAttempt: 12, random: 0) == .seconds(8))
    }

    @Test("jitter takes at most its share off the delay")
    func jitter() {
        let jittery = RetryPolicy(jitter: 0.5)
        #expect(jittery.backoff(afterAttempt: 2, random: 0) == .seconds(1))
        #expect(jittery.backoff(afterAttempt: 2, random: 1) == .milliseconds(500))
        #expect(jittery.backoff(afterAttempt: 2, random: 0.5) == .milliseconds(750))
    }

    @Test("idempotent methods retry 5xx and 429; POST and PATCH never retry a response")
    func methods() {
        for method in ["GET", "PUT", "DELETE"] {
            #expect(policy.delay(afterAttempt: 1, method: method, outcome: .status(502, retryAfter: nil), random: 0) != nil)
            #expect(policy.delay(afterAttempt: 1, method: method, outcome: .status(429, retryAfter: nil), random: 0) != nil)
        }
        for method in ["POST", "PATCH"] {
            #expect(policy.delay(afterAttempt: 1, method: method, outcome: .status(503, retryAfter: nil), random: 0) == nil)
            #expect(policy.delay(afterAttempt: 1, method: method, outcome: .status(429, retryAfter: "1"), random: 0) == nil)
        }
        for status in [400, 401, 403, 404, 409, 501] {
            #expect(policy.delay(afterAttempt: 1, method: "GET", outcome: .status(status, retryAfter: nil), random: 0) == nil)
        }
    }

    @Test("a connection failure is retried for POST only if the request was not sent")
    func connectionFailures() {
        #expect(policy.delay(afterAttempt: 1, method: "POST", outcome: .connectionFailure(mayHaveBeenSent: false), random: 0) != nil)
        #expect(policy.delay(afterAttempt: 1, method: "POST", outcome: .connectionFailure(mayHaveBeenSent: true), random: 0) == nil)
        #expect(policy.delay(afterAttempt: 1, method: "GET", outcome: .connectionFailure(mayHaveBeenSent: true), random: 0) != nil)
    }

    @Test("Retry-After in seconds is honoured, a date falls back to backoff, too long ends the retries")
    func retryAfter() {
        #expect(policy.delay(afterAttempt: 1, method: "GET", outcome: .status(429, retryAfter: "7"), random: 0) == .seconds(7))
        #expect(policy.delay(afterAttempt: 1, method: "GET", outcome: .status(503, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"), random: 0)
            == .milliseconds(500))
        #expect(policy.delay(afterAttempt: 1, method: "GET", outcome: .status(429, retryAfter: "100000"), random: 0) == nil)
        #expect(RetryPolicy.retryAfterSeconds(" 12 ") == 12)
        #expect(RetryPolicy.retryAfterSeconds("-1") == nil)
        #expect(RetryPolicy.retryAfterSeconds("99999999999999999999") == nil)
    }

    private func executor(_ transport: ScriptedTransport, _ clock: ManualClock) -> RequestExecutor {
        RequestExecutor(transport: transport, policy: policy, clock: clock, random: { 0 },
                        logger: Logger(handler: nil, redactor: Redactor(secrets: [])))
    }

    @Test("503, 503, 503, then 200: four requests, sleeping 0.5, 1 and 2 s on the manual clock")
    func executorRetries() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        transport.on("GET", "/x", .response(RuntimeHTTPResponse(status: 503)), .response(RuntimeHTTPResponse(status: 503)),
                     .response(RuntimeHTTPResponse(status: 503)), .response(RuntimeHTTPResponse(status: 200, body: [49])))
        let response = try await executor(transport, clock).send(RuntimeHTTPRequest(method: "GET", url: "https://h/x"),
                                                                 deadline: clock.now + .seconds(60))
        #expect(response.status == 200)
        #expect(transport.requests.count == 4)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1), .seconds(2)])
    }

    @Test("retries stop where the next delay would pass the deadline; the last response is returned")
    func executorDeadline() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        transport.on("GET", "/x", .response(RuntimeHTTPResponse(status: 500)))
        let response = try await executor(transport, clock).send(RuntimeHTTPRequest(method: "GET", url: "https://h/x"),
                                                                 deadline: clock.now + .seconds(2))
        #expect(response.status == 500)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1)])
        #expect(transport.requests.count == 3)
    }

    @Test("429 with Retry-After waits that long")
    func executorRetryAfter() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        transport.on("GET", "/x", .response(RuntimeHTTPResponse(status: 429, headers: [("Retry-After", "3")])),
                     .response(RuntimeHTTPResponse(status: 200)))
        let response = try await executor(transport, clock).send(RuntimeHTTPRequest(method: "GET", url: "https://h/x"),
                                                                 deadline: clock.now + .seconds(60))
        #expect(response.status == 200)
        #expect(clock.sleeps == [.seconds(3)])
    }

    @Test("POST after a connection failure that may have reached the server is not retried")
    func executorPost() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let failure = HTTPTransportFailure(error: RuntimeError(.connectionClosed, "reset"), requestMayHaveBeenSent: true)
        transport.on("POST", "/jobs", .failure(failure), .response(RuntimeHTTPResponse(status: 200)))
        await #expect(throws: RuntimeError(.connectionClosed, "reset")) {
            _ = try await executor(transport, clock).send(RuntimeHTTPRequest(method: "POST", url: "https://h/jobs"),
                                                          deadline: clock.now + .seconds(60))
        }
        #expect(transport.requests.count == 1)

        let unsent = HTTPTransportFailure(error: RuntimeError(.connectionFailed, "refused"), requestMayHaveBeenSent: false)
        transport.on("POST", "/jobs", .failure(unsent), .response(RuntimeHTTPResponse(status: 200)))
        let response = try await executor(transport, clock).send(RuntimeHTTPRequest(method: "POST", url: "https://h/jobs"),
                                                                 deadline: clock.now + .seconds(60))
        #expect(response.status == 200)
        #expect(transport.requests.count == 3)
    }

    @Test("a repeatable POST (a login) is retried like a GET: after a 5xx and after a failure that may have reached the server")
    func repeatablePost() {
        let sent = RetryPolicy.Outcome.connectionFailure(mayHaveBeenSent: true)
        #expect(policy.delay(afterAttempt: 1, repeatable: true, outcome: .status(503, retryAfter: nil), random: 0) == .milliseconds(500))
        #expect(policy.delay(afterAttempt: 1, repeatable: true, outcome: sent, random: 0) == .milliseconds(500))
        #expect(policy.delay(afterAttempt: 1, repeatable: false, outcome: .status(503, retryAfter: nil), random: 0) == nil)
        #expect(policy.delay(afterAttempt: 1, repeatable: false, outcome: sent, random: 0) == nil)
        #expect(policy.delay(afterAttempt: 1, repeatable: true, outcome: .status(400, retryAfter: nil), random: 0) == nil)
    }

    @Test("the executor retries a POST marked repeatable, and not the same POST unmarked")
    func executorRepeatablePost() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        transport.on("POST", "/login", .response(RuntimeHTTPResponse(status: 502)), .response(RuntimeHTTPResponse(status: 200)))
        let response = try await executor(transport, clock).send(
            RuntimeHTTPRequest(method: "POST", url: "https://h/login"), repeatable: true, deadline: clock.now + .seconds(60))
        #expect(response.status == 200)
        #expect(transport.requests.count == 2)

        transport.on("POST", "/jobs", .response(RuntimeHTTPResponse(status: 502)), .response(RuntimeHTTPResponse(status: 200)))
        let unmarked = try await executor(transport, clock).send(
            RuntimeHTTPRequest(method: "POST", url: "https://h/jobs"), deadline: clock.now + .seconds(60))
        #expect(unmarked.status == 502)
        #expect(transport.requests.count == 3)
    }

    @Test("a deadline already passed throws timedOut without a request")
    func executorPastDeadline() async {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        await #expect(throws: RuntimeError.self) {
            _ = try await executor(transport, clock).send(RuntimeHTTPRequest(method: "GET", url: "https://h/x"), deadline: clock.now)
        }
        #expect(transport.requests.isEmpty)
    }

    @Test("a GET whose success body is cut (not JSON) is sent again; the error stands after the last attempt")
    func cutBodyRetried() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let service = try await Fixtures.service(transport, clock: clock)
        let cut = RuntimeHTTPResponse(status: 200, body: Array(Fixtures.jobJSON("j1", status: "Running").utf8.prefix(40)))
        let whole = RuntimeHTTPResponse(status: 200, body: Array(Fixtures.jobJSON("j1", status: "Running").utf8))
        transport.on("GET", "/jobs/j1", .response(cut), .response(cut), .response(whole))
        let job = try await service.job("j1")
        #expect(job.jobID == "j1")
        #expect(transport.requests("GET", "/jobs/j1").count == 3)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1)])

        transport.on("GET", "/jobs/j2", .response(cut))
        do {
            _ = try await service.job("j2")
            Issue.record("expected .invalidResponse")
        } catch let error as RuntimeError {
            #expect(error.code == .invalidResponse)
        }
        #expect(transport.requests("GET", "/jobs/j2").count == 6)
    }
}
