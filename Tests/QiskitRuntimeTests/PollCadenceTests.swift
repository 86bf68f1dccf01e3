import Testing
@testable import QiskitRuntime

/// How often a job is polled: 0.5 s by default, 0.1 s inside a session or batch, never faster
/// than 0.1 s; configurable upward. Driven by a manual clock that records every sleep.
@Suite("Poll cadence", .timeLimit(.minutes(1)))
struct PollCadenceTests {
    /// A job that reports Running `runningReads` times (the first read is `job(id)`'s), then
    /// Completed, with this session id: waiting for it sleeps three times.
    func job(
        sessionID: String?, runningReads: Int = 4, configure: (inout RuntimeConfiguration) -> Void = { _ in }
    ) async throws -> (RuntimeJob, ManualClock) {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        CloudFixtures.scriptTokens(transport)
        var configuration = CloudFixtures.configuration(transport, clock: clock)
        configure(&configuration)
        let service = try await RuntimeService(configuration: configuration)
        let session = sessionID.map { "\"\($0)\"" } ?? "null"
        func object(_ status: String) -> ScriptedTransport.Reply {
            .response(RuntimeHTTPResponse(status: 200, body: Array("""
                {"id": "j1", "backend": "b", "state": {"status": "\(status)"}, "session_id": \(session)}
                """.utf8)))
        }
        transport.on("GET", "/api/v1/jobs/j1", replies: Array(repeating: object("Running"), count: runningReads) + [object("Completed")])
        transport.on("GET", "/api/v1/jobs/j1/results", json: #"{"ok": true}"#)
        return (try await service.job("j1"), clock)
    }

    @Test("the configuration's rule: requested, else by session, never under 100 ms")
    func rule() {
        var configuration = RuntimeConfiguration(account: .accessToken("t", runtimeURL: "http://127.0.0.1:1"))
        #expect(configuration.pollInterval(requested: nil, inSession: false) == .milliseconds(500))
        #expect(configuration.pollInterval(requested: nil, inSession: true) == .milliseconds(100))
        #expect(configuration.pollInterval(requested: .milliseconds(10), inSession: false) == .milliseconds(100))
        #expect(configuration.pollInterval(requested: .seconds(3), inSession: true) == .seconds(3))
        configuration.pollInterval = .milliseconds(1)
        configuration.sessionPollInterval = .zero
        #expect(configuration.pollInterval(requested: nil, inSession: false) == .milliseconds(100))
        #expect(configuration.pollInterval(requested: nil, inSession: true) == .milliseconds(100))
        configuration.pollInterval = .seconds(2)
        configuration.sessionPollInterval = .milliseconds(250)
        #expect(configuration.pollInterval(requested: nil, inSession: false) == .seconds(2))
        #expect(configuration.pollInterval(requested: nil, inSession: true) == .milliseconds(250))
    }

    @Test("a job outside a session is polled every 500 ms")
    func plain() async throws {
        let (job, clock) = try await job(sessionID: nil)
        #expect(job.sessionID == nil)
        #expect(try await job.waitForFinalState() == .done)
        #expect(clock.sleeps == Array(repeating: .milliseconds(500), count: 3))
    }

    @Test("a job in a session (session_id of its object) is polled every 100 ms")
    func inSession() async throws {
        let (job, clock) = try await job(sessionID: "s1")
        #expect(job.sessionID == "s1")
        _ = try await job.result()
        #expect(clock.sleeps == Array(repeating: .milliseconds(100), count: 3))
    }

    @Test("a faster requested or configured interval is raised to 100 ms; a slower one is kept")
    func floor() async throws {
        let (fast, fastClock) = try await job(sessionID: nil)
        try await fast.waitForFinalState(pollInterval: .milliseconds(10))
        #expect(fastClock.sleeps == Array(repeating: .milliseconds(100), count: 3))

        let (configured, configuredClock) = try await job(sessionID: "s1") { $0.sessionPollInterval = .milliseconds(20) }
        try await configured.waitForFinalState()
        #expect(configuredClock.sleeps == Array(repeating: .milliseconds(100), count: 3))

        let (slow, slowClock) = try await job(sessionID: "s1") { $0.pollInterval = .seconds(5); $0.sessionPollInterval = .seconds(2) }
        try await slow.waitForFinalState()
        #expect(slowClock.sleeps == Array(repeating: .seconds(2), count: 3))
    }

    @Test("a job run in a session through RunOptions polls at the session rate")
    func runInSession() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let service = try await CloudFixtures.service(transport, clock: clock)
        transport.on("POST", "/api/v1/jobs", json: #"{"id": "j1", "backend": "b"}"#)
        CloudFixtures.jobs(transport, "j1", CloudFixtures.jobJSON("j1", status: "Running"), CloudFixtures.jobJSON("j1", status: "Completed"))
        let job = try await service.run(program: "p", backend: "b", options: RunOptions(sessionID: "s1"))
        try await job.waitForFinalState()
        #expect(clock.sleeps == [.milliseconds(100)])
    }
}
