import Testing
@testable import QiskitRuntime
import RuntimeIO
import RuntimeWire
import Synchronization

/// Liveness against misbehaving websocket peers: once the job is final on the server, `result()`,
/// `waitForFinalState()` and an interim-result stream end within a few status checks, whatever
/// the websocket does. Time is a manual clock: the checks, backoffs and polls wait for the test
/// to move it.
@Suite("Hostile websocket peers: nothing waits forever", .timeLimit(.minutes(3)))
struct HostilePeerTests {
    /// What the server does with every websocket connection.
    enum Peer: String, CaseIterable, Sendable {
        /// Acknowledges, then closes with 1011, connection after connection.
        case ackThen1011
        /// Acknowledges, floods pings, and never reads (the client's pongs pile up).
        case pingFloodNoReads
        /// Completes the upgrade and sends nothing, not even the acknowledgement (it answers pings).
        case upgradeThenSilence
        /// Acknowledges, then half-closes the socket (FIN without a close frame).
        case halfClosed
        /// Acknowledges, then starts a message and never finishes it (empty fragments).
        case endlessFragments

        var script: ScriptedStreamServer.Script {
            switch self {
            case .ackThen1011:
                return { socket in
                    try? await socket.ack()
                    await socket.close(1011)
                }
            case .pingFloodNoReads:
                return { socket in
                    try? await socket.ack()
                    await socket.pingFlood()
                }
            case .upgradeThenSilence:
                return { socket in await socket.awaitPeerClose() }
            case .halfClosed:
                return { socket in
                    try? await socket.ack()
                    await socket.halfClose()
                }
            case .endlessFragments:
                return { socket in
                    try? await socket.ack()
                    await socket.endlessFragments()
                }
            }
        }
    }

    /// The step by which the tests move the clock: the poll interval and the status-check interval.
    static let step: Duration = .seconds(1)

    static func service(_ server: ScriptedStreamServer, clock: ManualClock) async throws -> RuntimeService {
        var configuration = server.configuration(pollInterval: step)
        configuration.clock = clock
        configuration.streaming.statusCheckInterval = step
        return try await RuntimeService(configuration: configuration)
    }

    /// Moves `clock` one step at a time, at most `steps` times, until `done()` holds; after each
    /// step, gives the SDK up to 20 s (real time, generous for a loaded machine) to get there.
    /// Returns the number of steps taken, or nil if `done()` never held.
    static func drive(_ clock: ManualClock, steps: Int, until done: @Sendable () -> Bool) async -> Int? {
        for taken in 1...steps {
            clock.advance(by: step)
            let giveUp = ContinuousClock.now + .seconds(20)
            while !done(), ContinuousClock.now < giveUp {
                if Task.isCancelled { return nil }
                try? await Task.sleep(for: .milliseconds(2))
            }
            if done() { return taken }
        }
        return nil
    }

    /// Waits until the SDK sleeps on `clock` in at least `count` places (its timers are set).
    static func waitForSleepers(_ clock: ManualClock, _ count: Int) async {
        let giveUp = ContinuousClock.now + .seconds(20)
        while clock.sleeperCount < count, ContinuousClock.now < giveUp, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    @Test("result() returns within a few status checks once the job is final", arguments: Peer.allCases)
    func result(_ peer: Peer) async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.onConnections(peer.script)
        let clock = ManualClock(autoAdvance: false)
        let job = try await Self.service(server, clock: clock).job("j1")
        let outcome = Mutex<Result<RuntimeValue, any Error>?>(nil)
        let waiter = Task {
            let result: Result<RuntimeValue, any Error>
            do { result = .success(try await job.result()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
        }
        defer { waiter.cancel() }
        await server.waitUntil { $0.upgrades >= 1 }
        // The watcher's status check sleeps on the clock (no timeout: no deadline timer).
        await Self.waitForSleepers(clock, 1)
        server.setStatus("Completed")
        let steps = await Self.drive(clock, steps: 3) { outcome.withLock { $0 != nil } }
        #expect(steps != nil, "result() did not return within 3 status checks against \(peer)")
        let value = try outcome.withLock { $0 }?.get()
        #expect(value == "All done!")
    }

    @Test("waitForFinalState() returns within a few status checks once the job is final", arguments: [Peer.ackThen1011, .upgradeThenSilence])
    func waitForFinalState(_ peer: Peer) async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.onConnections(peer.script)
        let clock = ManualClock(autoAdvance: false)
        let job = try await Self.service(server, clock: clock).job("j1")
        let outcome = Mutex<JobStatus?>(nil)
        let waiter = Task {
            let status = try? await job.waitForFinalState()
            outcome.withLock { $0 = status }
        }
        defer { waiter.cancel() }
        await server.waitUntil { $0.upgrades >= 1 }
        await Self.waitForSleepers(clock, 1)
        server.setStatus("Cancelled")
        let steps = await Self.drive(clock, steps: 3) { outcome.withLock { $0 != nil } }
        #expect(steps != nil)
        #expect(outcome.withLock { $0 } == .cancelled)
    }

    @Test("an interim-result stream delivers everything once and ends cleanly once the job is final", arguments: Peer.allCases)
    func stream(_ peer: Peer) async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        for index in 1...3 { server.publishToList("\(index)") }
        server.onConnections(peer.script)
        let clock = ManualClock(autoAdvance: false)
        let job = try await Self.service(server, clock: clock).job("j1")
        let outcome = Mutex<Result<[RuntimeValue], any Error>?>(nil)
        let consumer = Task {
            let result: Result<[RuntimeValue], any Error>
            do { result = .success(try await collect(job.interimResults())) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
        }
        defer { consumer.cancel() }
        await server.waitUntil { $0.upgrades >= 1 }
        // The stream's status check (or its backoff) sleeps on the clock.
        await Self.waitForSleepers(clock, 1)
        server.setStatus("Completed")
        let steps = await Self.drive(clock, steps: 3) { outcome.withLock { $0 != nil } }
        #expect(steps != nil, "the stream did not end within 3 status checks against \(peer)")
        let values = try outcome.withLock { $0 }?.get()
        #expect(values == [1, 2, 3])
    }

    @Test("acknowledgements alone are no progress: the watcher reads the status at every reconnect and polls after 5 retries")
    func acknowledgementsAreNotProgress() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.onConnections(Peer.ackThen1011.script)
        server.state.withLock { state in
            state.onStatusRead = { [server] read in if read >= 10 { server.setStatus("Completed") } }
        }
        let job = try await server.service(pollInterval: .milliseconds(5)).job("j1")
        #expect(try await job.result(timeout: .seconds(60)) == "All done!")
        let state = server.snapshot
        // 1 connection and 5 retries; a status read after each failure (the first at job()).
        #expect(state.upgrades == 6)
        #expect(state.statusReads == 10)
    }

    @Test("a stream whose retries run out after the job ended finishes cleanly from the list")
    func exhaustedAfterEnd() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.publishToList("1")
        server.onConnections { socket in
            try? await socket.ack()
            // The job ends while the stream keeps failing.
            if socket.attempt == 2 { socket.server.setStatus("Completed") }
            await socket.close(1011)
        }
        let job = try await server.service().job("j1")
        #expect(try await collect(job.interimResults()) == [1])
        #expect(server.snapshot.upgrades == 3)
    }

    @Test("a status read of the job's own ends a result() wait at once")
    func statusReadEndsWait() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.onConnections(Peer.upgradeThenSilence.script)
        let job = try await server.service().job("j1")
        let waiter = Task { try await job.result() }
        await server.waitUntil { $0.upgrades >= 1 }
        server.setStatus("Completed")
        #expect(try await job.status() == .done)
        #expect(try await waiter.value == "All done!")
    }

    @Test("a live message cut in transit is replaced by the list's entry at its position")
    func cutMessageRepaired() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        let whole = ["{\"iteration\": 0, \"counts\": {\"00\": 500}}", "{\"iteration\": 1, \"counts\": {\"00\": 510}}"]
        server.onConnections { socket in
            try? await socket.ack()
            // The list holds what the job published; the frames are cut in the middle.
            for text in whole {
                socket.server.publishToList(text)
                try? await socket.send(String(text.prefix(text.count / 2)))
            }
            try? await socket.publish("\"valid JSON text\"")
            socket.server.publishToList("raw text")
            try? await socket.send("raw text")
            await socket.close(1000)
        }
        let job = try await server.service().job("j1")
        let values = try await collect(job.interimResults())
        #expect(values == [
            ["iteration": 0, "counts": ["00": 500]], ["iteration": 1, "counts": ["00": 510]], "valid JSON text",
            "raw text",
        ])
    }
}
