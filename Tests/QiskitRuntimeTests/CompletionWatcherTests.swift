import Testing
@testable import QiskitRuntime
import RuntimeIO
import RuntimeWire
import Synchronization

@Suite("Completion without polling delay: the stream watcher", .timeLimit(.minutes(1)))
struct CompletionWatcherTests {
    /// A script that acknowledges, sends `live` frames, waits for `finish`, completes the job and
    /// closes with 1000.
    private static func finishing(_ finish: Gate, live: [String] = []) -> ScriptedStreamServer.Script {
        { socket in
            try? await socket.ack()
            for text in live { try? await socket.send(text) }
            await finish.wait()
            socket.server.setStatus("Completed")
            await socket.close(1000)
        }
    }

    @Test("result() returns on close 1000 without waiting for a poll (1-hour interval), for 1 upgrade + 1 status + 1 result")
    func withoutConsumer() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        let finish = Gate()
        server.onConnections(Self.finishing(finish))
        let job = try await server.service(pollInterval: .seconds(3600)).job("j1")
        #expect(server.snapshot.statusReads == 1)
        let result = Task { try await job.result() }
        await server.waitUntil { $0.upgrades == 1 }
        await finish.open()
        #expect(try await result.value == "All done!")
        let state = server.snapshot
        #expect(state.upgrades == 1)
        #expect(state.statusReads == 2)
        #expect(state.resultReads == 1)
        #expect(job.completionActivity?.watching == false)
    }

    @Test("a job both streamed and awaited opens exactly one websocket: the watcher follows the stream")
    func withConsumer() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        let finish = Gate()
        for index in 1...3 { server.publishToList("\(index)") }
        server.onConnections(Self.finishing(finish, live: ["1", "2", "3"]))
        let job = try await server.service(pollInterval: .seconds(3600)).job("j1")
        var iterator = job.interimResults().makeAsyncIterator()
        #expect(try await iterator.next() == 1)
        let result = Task { try await job.result() }
        // The watcher follows the stream: it waits for the stream's end, with no socket of its own.
        while job.client.streams.stream(of: "j1")?.followerCount != 1 { await Task.yield() }
        await finish.open()
        var values: [RuntimeValue] = [1]
        while let value = try await iterator.next() { values.append(value) }
        #expect(values == [1, 2, 3])
        #expect(try await result.value == "All done!")
        let state = server.snapshot
        #expect(state.upgrades == 1)
        // One read for service.job(), one to confirm the stream's normal end.
        #expect(state.statusReads == 2)
    }

    @Test("a stream that starts while the watcher holds a websocket takes over: never two sockets at once")
    func streamTakesOver() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        let finish = Gate()
        server.publishToList("1")
        server.onConnections(
            { socket in
                try? await socket.ack()
                await socket.awaitPeerClose()
            },
            Self.finishing(finish, live: ["1"]))
        let job = try await server.service(pollInterval: .seconds(3600)).job("j1")
        let result = Task { try await job.result() }
        await server.waitUntil { $0.upgrades == 1 }
        var iterator = job.interimResults().makeAsyncIterator()
        #expect(try await iterator.next() == 1)
        // The stream's claim closed the watcher's socket (before its own upgrade) and the watcher
        // follows the stream.
        await server.waitUntil { $0.peerClosed == 1 }
        while job.client.streams.stream(of: "j1")?.followerCount != 1 { await Task.yield() }
        #expect(server.snapshot.upgrades == 2)
        await finish.open()
        #expect(try await iterator.next() == nil)
        #expect(try await result.value == "All done!")
        #expect(server.snapshot.upgrades == 2)
    }

    @Test("result() returns while a stream consumer is stalled: the status check does not depend on the consumer")
    func stalledConsumer() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        let finish = Gate()
        server.publishToList("1")
        server.onConnections(Self.finishing(finish, live: ["1", "2"]))
        let clock = ManualClock(autoAdvance: false)
        let job = try await HostilePeerTests.service(server, clock: clock).job("j1")
        var iterator = job.interimResults().makeAsyncIterator()
        #expect(try await iterator.next() == 1)
        // The consumer reads no more from here on.
        let outcome = Mutex<Result<RuntimeValue, any Error>?>(nil)
        let waiter = Task {
            let result: Result<RuntimeValue, any Error>
            do { result = .success(try await job.result()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
        }
        defer { waiter.cancel() }
        // The watcher follows the stream; the stream's watchdog and the watcher's status check
        // sleep on the clock.
        while job.client.streams.stream(of: "j1")?.followerCount != 1 { await Task.yield() }
        await HostilePeerTests.waitForSleepers(clock, 2)
        await finish.open()
        let steps = await HostilePeerTests.drive(clock, steps: 3) { outcome.withLock { $0 != nil } }
        #expect(steps != nil, "result() waited for the stalled consumer")
        #expect(try outcome.withLock { $0 }?.get() == "All done!")
        #expect(server.snapshot.upgrades == 1)
    }

    @Test("concurrent waiters share one watcher; it closes when the last one leaves")
    func sharedAndReleased() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.onConnections { socket in
            try? await socket.ack()
            await socket.awaitPeerClose()
        }
        let job = try await server.service().job("j1")
        let first = Task { try await job.waitForFinalState() }
        let second = Task { try await job.waitForFinalState() }
        while job.completionActivity?.waiters != 2 { await Task.yield() }
        await server.waitUntil { $0.upgrades == 1 }
        first.cancel()
        await #expect(throws: CancellationError.self) { try await first.value }
        #expect(job.completionActivity?.watching == true)
        second.cancel()
        await #expect(throws: CancellationError.self) { try await second.value }
        await server.waitUntil { $0.peerClosed == 1 }
        #expect(job.completionActivity?.waiters == 0)
        #expect(job.completionActivity?.watching == false)
        #expect(server.snapshot.upgrades == 1)
    }

    @Test("a timeout throws .timedOut and closes the watcher's socket")
    func timeout() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.onConnections { socket in
            try? await socket.ack()
            await socket.awaitPeerClose()
        }
        // The deadline passes on a manual clock, once the watcher's socket is open (on the real
        // clock, a loaded machine could let a short timeout fire before the upgrade was sent).
        let clock = ManualClock(autoAdvance: false)
        var configuration = server.configuration()
        configuration.clock = clock
        let job = try await RuntimeService(configuration: configuration).job("j1")
        let waiter = Task { try await job.waitForFinalState(timeout: .seconds(1)) }
        await server.waitUntil { $0.upgrades == 1 }
        clock.advance(by: .seconds(10))
        do {
            _ = try await waiter.value
            Issue.record("expected .timedOut")
        } catch let error as RuntimeError {
            #expect(error.code == .timedOut)
        }
        await server.waitUntil { $0.peerClosed == 1 }
    }

    @Test("timeouts landing at any point of the watcher's connect never leave its socket open (200 rounds)")
    func timeoutDuringConnect() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.onConnections { socket in
            try? await socket.ack()
            await socket.awaitPeerClose()
        }
        let job = try await server.service().job("j1")
        for round in 0..<200 {
            do {
                try await job.waitForFinalState(timeout: .microseconds(50 * (round % 40)))
                Issue.record("expected .timedOut")
            } catch let error as RuntimeError {
                #expect(error.code == .timedOut)
            }
        }
        // Every websocket the watcher got from the server is closed by the client.
        await server.waitUntil { $0.peerClosed == $0.upgrades }
        #expect(job.completionActivity?.watching == false)
    }

    @Test("a lost stream is re-established; a refused one falls back to polling")
    func reconnectAndFallback() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        let finish = Gate()
        server.onConnections(
            { socket in
                try? await socket.ack()
                await socket.close(1011)
            },
            Self.finishing(finish))
        let job = try await server.service().job("j1")
        let result = Task { try await job.waitForFinalState() }
        await server.waitUntil { $0.upgrades == 2 }
        await finish.open()
        #expect(try await result.value == .done)
        // One read for service.job(), one at the reconnect (the job still runs), one on close 1000.
        #expect(server.snapshot.statusReads == 3)

        let refused = try await ScriptedStreamServer.start(jobID: "j2")
        defer { Task { await refused.shutdown() } }
        refused.state.withLock { state in
            state.refuseUpgrade = 404
            state.onStatusRead = { [refused] read in if read >= 3 { refused.setStatus("Completed") } }
        }
        let polled = try await refused.service(pollInterval: .milliseconds(5)).job("j2")
        #expect(try await polled.result() == "All done!")
        #expect(refused.snapshot.upgrades == 1)
        #expect(refused.snapshot.statusReads == 3)
    }

    @Test(".polling never opens a websocket")
    func pollingMode() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.state.withLock { state in
            state.onStatusRead = { [server] read in if read >= 2 { server.setStatus("Completed") } }
        }
        let job = try await server.service(pollInterval: .milliseconds(5), completion: .polling).job("j1")
        #expect(job.completionActivity == nil)
        #expect(try await job.result() == "All done!")
        #expect(server.snapshot.upgrades == 0)
    }
}
