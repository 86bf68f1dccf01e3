import Testing
@testable import QiskitRuntime
import Synchronization

/// Sessions and batches (PLATFORM.md §6): the state machine, the requests of open, run, details,
/// close and cancel, reattaching by id, and the scoped forms that always close — when the body
/// returns, throws, or its task is cancelled.
@Suite("Sessions and batches", .timeLimit(.minutes(1)))
struct SessionTests {
    static let details = """
        {"id": "s1", "backend_name": "ibm_torino", "mode": "dedicated", "state": "active", "accepting_jobs": true, \
        "max_ttl": 28800, "active_ttl": 28000, "interactive_ttl": 60, "started_at": "2026-04-20T10:00:00Z", \
        "activated_at": "2026-04-20T10:00:05Z", "last_job_started": "2026-04-20T10:01:00Z", "last_job_completed": null, \
        "closed_at": null, "elapsed_time": 12.5, "timestamps": []}
        """

    /// A cloud service whose `POST /sessions` answers `{"id": "s1"}` and `PATCH`/`DELETE` 204.
    func service(
        _ transport: ScriptedTransport = ScriptedTransport(), logs: LogSink? = nil
    ) async throws -> (RuntimeService, ScriptedTransport) {
        CloudFixtures.scriptTokens(transport)
        var configuration = CloudFixtures.configuration(transport)
        configuration.logHandler = logs?.handler
        let service = try await RuntimeService(configuration: configuration)
        transport.on("POST", "/api/v1/sessions", json: #"{"id": "s1", "mode": "dedicated"}"#)
        transport.on("PATCH", "/api/v1/sessions/s1", .response(RuntimeHTTPResponse(status: 204)))
        transport.on("DELETE", "/api/v1/sessions/s1/close", .response(RuntimeHTTPResponse(status: 204)))
        transport.on("POST", "/api/v1/jobs", json: #"{"id": "j1", "backend": "ibm_torino", "session_id": "s1"}"#)
        return (service, transport)
    }

    func patches(_ transport: ScriptedTransport) -> [String] {
        transport.requests("PATCH", "/api/v1/sessions/s1").map(\.bodyText)
    }

    // MARK: State machine

    @Test("state machine: close and cancel send once each, block runs, and a failed one can be sent again")
    func stateMachine() {
        var machine = SessionStateMachine()
        #expect(machine.runAction == .submit)
        #expect(machine.requestClose() == .send)
        #expect(machine.runAction == .reject)
        machine.closeFailed()
        #expect(machine.requestClose() == .send)
        machine.closeSucceeded()
        #expect(machine.requestClose() == .none)
        #expect(machine.requestCancel() == .send)        // cancelling after a close drops the queued jobs
        machine.cancelSucceeded()
        #expect(machine.requestCancel() == .none)
        #expect(machine.requestClose() == .none)

        var cancelled = SessionStateMachine()
        #expect(cancelled.requestCancel() == .send)
        #expect(cancelled.runAction == .reject)
        cancelled.cancelFailed()
        #expect(cancelled.requestCancel() == .send)
        cancelled.cancelSucceeded()
        #expect(cancelled.requestClose() == .none)

        let reattached = SessionStateMachine(closed: true)
        #expect(reattached.runAction == .reject)
        var copy = reattached
        #expect(copy.requestClose() == .none)
    }

    // MARK: Requests

    @Test("openSession posts mode, backend, instance CRN and max_ttl; run attaches session_id and the backend")
    func openAndRun() async throws {
        let (service, transport) = try await service()
        let session = try await service.openSession(backend: "ibm_torino", maxTTL: .milliseconds(7_200_001))
        #expect(session.id == "s1")
        #expect(session.mode == .dedicated)
        #expect(session.backend == "ibm_torino")
        #expect(transport.requests("POST", "/api/v1/sessions").first?.bodyText == """
            {"mode": "dedicated", "backend": "ibm_torino", "instance": "\(CloudFixtures.crn)", "max_ttl": 7201}
            """)
        let job = try await session.run(program: "sampler", inputs: ["pubs": []], options: RunOptions(tags: ["t"]))
        #expect(job.sessionID == "s1")
        #expect(transport.requests("POST", "/api/v1/jobs").first?.bodyText == """
            {"program_id": "sampler", "params": {"pubs": []}, "backend": "ibm_torino", "session_id": "s1", "tags": ["t"]}
            """)

        let batch = try await service.openBatch(backend: "ibm_fez")
        #expect(batch.mode == .batch)
        #expect(transport.requests("POST", "/api/v1/sessions").last?.bodyText == """
            {"mode": "batch", "backend": "ibm_fez", "instance": "\(CloudFixtures.crn)"}
            """)
        await #expect(throws: RuntimeError.self) { _ = try await service.openSession(backend: "b", maxTTL: .zero) }
    }

    @Test("details() reads the session object")
    func details() async throws {
        let (service, transport) = try await service()
        transport.on("GET", "/api/v1/sessions/s1", json: Self.details)
        let session = try await service.openSession(backend: "ibm_torino")
        let details = try await session.details()
        #expect(details.id == "s1")
        #expect(details.backendName == "ibm_torino")
        #expect(details.mode == .dedicated)
        #expect(details.state == .active)
        #expect(details.acceptsJobs)
        #expect(details.maxTTL == .seconds(28800))
        #expect(details.interactiveTTL == .seconds(60))
        #expect(details.activeTTL == .seconds(28000))
        #expect(details.elapsedTime == .milliseconds(12_500))
        #expect(details.startedAt != nil && details.lastJobCompleted == nil)
    }

    @Test("close() patches accepting_jobs false once; run afterwards fails without a request; cancel() deletes /close")
    func closeAndCancel() async throws {
        let (service, transport) = try await service()
        let session = try await service.openSession(backend: "ibm_torino")
        try await session.close()
        try await session.close()
        #expect(patches(transport) == [#"{"accepting_jobs": false}"#])
        #expect(transport.requests("PATCH", "/api/v1/sessions/s1").first?.header("Content-Type") == "application/json")
        #expect(await !session.acceptsJobs)
        do {
            _ = try await session.run(program: "sampler")
            Issue.record("a closed session took a job")
        } catch let error as RuntimeError {
            #expect(error.code == .invalidState)
        }
        #expect(transport.requests("POST", "/api/v1/jobs").isEmpty)
        try await session.cancel()
        try await session.cancel()
        #expect(transport.requests("DELETE", "/api/v1/sessions/s1/close").count == 1)
    }

    @Test("close is retried after a 5xx; a refused close can be sent again; a forgotten session (404) counts as closed")
    func closeFailures() async throws {
        let (service, transport) = try await service()
        transport.on(
            "PATCH", "/api/v1/sessions/s1", .response(RuntimeHTTPResponse(status: 503)), .response(RuntimeHTTPResponse(status: 400)),
            .response(RuntimeHTTPResponse(status: 404)))
        let session = try await service.openSession(backend: "ibm_torino")
        await #expect(throws: RuntimeError.self) { try await session.close() }
        #expect(patches(transport).count == 2)
        try await session.close()
        try await session.close()
        #expect(patches(transport).count == 3)
    }

    @Test("session(id:) and batch(id:) check the mode; a closed one takes no jobs")
    func reattach() async throws {
        let (service, transport) = try await service()
        transport.on("GET", "/api/v1/sessions/s1", json: Self.details)
        let session = try await service.session(id: "s1")
        #expect(session.backend == "ibm_torino")
        #expect(session.mode == .dedicated)
        #expect(await session.acceptsJobs)
        do {
            _ = try await service.batch(id: "s1")
            Issue.record("a session was reattached as a batch")
        } catch let error as RuntimeError {
            #expect(error.code == .invalidState)
            #expect(error.message == "Input ID s1 has execution mode dedicated instead of batch.")
        }
        transport.on("GET", "/api/v1/sessions/b2", json: """
            {"id": "b2", "backend_name": "ibm_fez", "mode": "batch", "state": "closed", "accepting_jobs": false}
            """)
        let batch = try await service.batch(id: "b2")
        #expect(await !batch.acceptsJobs)
        await #expect(throws: RuntimeError.self) { _ = try await batch.run(program: "sampler") }
        try await batch.close()
        #expect(transport.requests("PATCH", "/api/v1/sessions/b2").isEmpty)
        await #expect(throws: RuntimeError.self) { _ = try await service.session(id: "b2") }
    }

    // MARK: Scoped forms

    @Test("withSession closes after the body returns, and returns its value")
    func scopedReturn() async throws {
        let (service, transport) = try await service()
        let id = try await service.withSession(backend: "ibm_torino") { session in
            #expect(self.patches(transport).isEmpty)
            _ = try await session.run(program: "sampler")
            return session.id
        }
        #expect(id == "s1")
        #expect(patches(transport) == [#"{"accepting_jobs": false}"#])
    }

    struct BodyFailed: Error {}

    @Test("withBatch closes after the body throws, and rethrows the body's error")
    func scopedThrow() async throws {
        let (service, transport) = try await service()
        await #expect(throws: BodyFailed.self) {
            try await service.withBatch(backend: "ibm_torino") { _ in throw BodyFailed() }
        }
        #expect(transport.requests("POST", "/api/v1/sessions").first?.bodyText.contains(#""mode": "batch""#) == true)
        #expect(patches(transport).count == 1)
    }

    @Test("withSession closes after its task is cancelled, while the body waits")
    func scopedCancellation() async throws {
        let (service, transport) = try await service()
        let entered = Gate()
        let task = Task {
            try await service.withSession(backend: "ibm_torino") { _ in
                await entered.open()
                try await Task.sleep(for: .seconds(3600))   // ends only by cancellation
            }
        }
        await entered.wait()
        task.cancel()
        let outcome = await task.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        #expect(patches(transport) == [#"{"accepting_jobs": false}"#])
    }

    @Test("withSession closes even when the body swallows the cancellation and then calls the service")
    func scopedCancellationSwallowed() async throws {
        let (service, transport) = try await service()
        let entered = Gate()
        let task = Task {
            try await service.withSession(backend: "ibm_torino") { session -> String in
                await entered.open()
                try? await Task.sleep(for: .seconds(3600))
                // The task is cancelled: this submission fails, the close still goes out.
                _ = try await session.run(program: "sampler")
                return "unreachable"
            }
        }
        await entered.wait()
        task.cancel()
        let outcome = await task.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        #expect(transport.requests("POST", "/api/v1/jobs").isEmpty)
        #expect(patches(transport).count == 1)
    }

    @Test("a failed close is thrown when the body succeeded, and logged when the body threw")
    func scopedCloseFailure() async throws {
        let logs = LogSink()
        let (service, transport) = try await service(logs: logs)
        transport.on("PATCH", "/api/v1/sessions/s1", status: 400, json: #"{"errors": [{"code": 4000, "message": "boom"}]}"#)
        do {
            _ = try await service.withSession(backend: "ibm_torino") { _ in 1 }
            Issue.record("the failed close was not reported")
        } catch let error as RuntimeError {
            #expect(error.statusCode == 400)
        }
        await #expect(throws: BodyFailed.self) {
            try await service.withSession(backend: "ibm_torino") { _ in throw BodyFailed() }
        }
        #expect(patches(transport).count == 2)
        #expect(logs.lines.contains { $0.level == .error && $0.text.contains("closing dedicated s1 failed") && $0.text.contains("boom") })
    }
}
