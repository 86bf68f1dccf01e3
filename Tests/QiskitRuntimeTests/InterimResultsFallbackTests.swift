import Testing
@testable import QiskitRuntime
import RuntimeIO
import RuntimeWire

@Suite("Interim results without a websocket, and the exactly-once ledger", .timeLimit(.minutes(1)))
struct InterimResultsFallbackTests {
    @Test("an upgrade refused with 404 falls back to polling the REST list until the job is final")
    func pollingFallback() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.state.withLock { state in
            state.refuseUpgrade = 404
            state.onStatusRead = { [server] read in
                // Every status read publishes one message; the fourth read finds the job done.
                server.publishToList("\(read)")
                if read >= 4 { server.setStatus("Completed") }
            }
        }
        let job = try await server.service(pollInterval: .milliseconds(5)).job("j1")
        let values = try await collect(job.interimResults())
        #expect(values == [1, 2, 3, 4])
        let state = server.snapshot
        #expect(state.upgrades == 1)
        #expect(state.statusReads == 4)
        #expect(state.listReads == 3)
    }

    @Test("an upgrade answered 503 is retried, not taken for a refusal; the stream ends from the list once the job is final")
    func transientRefusal() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.state.withLock { state in
            state.refuseUpgrade = 503
            state.onStatusRead = { [server] read in if read >= 3 { server.setStatus("Completed") } }
        }
        server.publishToList("1")
        let job = try await server.service().job("j1")
        #expect(try await collect(job.interimResults()) == [1])
        // The first read is job()'s; each failed upgrade reads the status once.
        #expect(server.snapshot.upgrades == 2)
        #expect(server.snapshot.statusReads == 3)
    }

    @Test("a job already final delivers its list and ends without a websocket")
    func pollingFinalJob() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.state.withLock { $0.refuseUpgrade = 503 }
        server.publishToList("\"a\"")
        server.setStatus("Completed")
        let service = try await server.service()
        let job = try await service.job("j1")
        #expect(try await collect(job.interimResults()) == ["a"])
    }

    @Test("an account without streaming delivers nothing and ends when the job does")
    func noStreaming() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        CloudFixtures.jobs(transport, "j1",
                           CloudFixtures.jobJSON("j1", status: "Running"), CloudFixtures.jobJSON("j1", status: "Running"),
                           CloudFixtures.jobJSON("j1", status: "Completed"))
        let job = try await service.job("j1")
        let values = try await collect(job.interimResults())
        #expect(values.isEmpty)
        #expect(try await job.status() == .done)
        #expect(transport.requests("GET", "/api/v1/jobs/j1/interim_results").isEmpty)
        #expect(transport.requests("GET", "/api/v1/jobs/j1").count == 3)
    }

    @Test("the REST list is latest first; entries are JSON-encoded strings")
    func parseList() throws {
        let body = Array(#"["{\"iteration\": 2}", "{\"iteration\": 1}", {"raw": true}]"#.utf8)
        #expect(try InterimResultFeed.parseList(body, jobID: "j") == [#"{"raw": true}"#, #"{"iteration": 1}"#, #"{"iteration": 2}"#])
        #expect(try InterimResultFeed.parseList(Array(" \n".utf8), jobID: "j") == [])
        #expect(throws: RuntimeError.self) { try InterimResultFeed.parseList(Array("{}".utf8), jobID: "j") }
    }

    /// Feeds live frames to `ledger`; true for each one delivered.
    private static func live(_ ledger: inout InterimResultLedger, _ frames: [String]) -> [Bool] {
        frames.map { ledger.acceptLive($0) }
    }

    @Test("ledger: the list catches up, live repeats of its tail are skipped, new frames pass")
    func ledger() {
        var ledger = InterimResultLedger()
        let caughtUp = ledger.catchUp(list: ["a", "b", "c"])
        #expect(caughtUp == ["a", "b", "c"])
        // Live frames started at "b": "b" and "c" are repeats, "d" is new.
        let first = Self.live(&ledger, ["b", "c", "d"])
        #expect(first == [false, false, true])
        #expect(ledger.deliveredCount == 4)
        // Reconnect: the list has "e" published while away; only that is new.
        let again = ledger.catchUp(list: ["a", "b", "c", "d", "e"])
        #expect(again == ["e"])
        let second = Self.live(&ledger, ["f"])
        #expect(second == [true])
        #expect(ledger.deliveredCount == 6)
    }

    @Test("ledger: repeated payloads in the list are matched at every position they could continue")
    func ledgerRepeats() {
        var first = InterimResultLedger()
        _ = first.catchUp(list: ["A", "A", "B"])
        // Live from the second "A": A, B repeat; C is new.
        let firstResults = Self.live(&first, ["A", "B", "C"])
        #expect(firstResults == [false, false, true])

        var second = InterimResultLedger()
        _ = second.catchUp(list: ["A", "B", "A"])
        // Live from the start: A, B, A repeat; C is new.
        let secondResults = Self.live(&second, ["A", "B", "A", "C"])
        #expect(secondResults == [false, false, false, true])
        #expect(second.deliveredCount == 4)
    }

    @Test("ledger: a list that does not line up with the count resumes after the last delivered payload")
    func ledgerMisaligned() {
        var ledger = InterimResultLedger()
        _ = ledger.catchUp(list: [])
        let delivered = Self.live(&ledger, ["x", "y"])
        #expect(delivered == [true, true])
        // The list lost its first entry: resume after "y".
        let resumed = ledger.catchUp(list: ["y", "z"])
        #expect(resumed == ["z"])
        // A list shorter than what was delivered and without it: nothing is repeated.
        let shorter = ledger.catchUp(list: ["q"])
        #expect(shorter == [])
    }
}
