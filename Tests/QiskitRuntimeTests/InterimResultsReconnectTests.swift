import Testing
@testable import QiskitRuntime
import RuntimeIO
import RuntimeWire

@Suite("Interim results across reconnects", .timeLimit(.minutes(1)))
struct InterimResultsReconnectTests {
    enum Drop: String, CaseIterable, Sendable {
        case close1011
        case abrupt
    }

    static let messages = (0..<6).map { "{\"iteration\": \($0)}" }

    @Test("a drop after k messages loses and repeats nothing", arguments: Drop.allCases, [0, 1, 3, 6])
    func dropAfter(_ drop: Drop, _ k: Int) async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        let messages = Self.messages
        server.onConnections(
            { socket in
                try? await socket.ack()
                for message in messages.prefix(k) { try? await socket.publish(message) }
                switch drop {
                case .close1011: await socket.close(1011)
                case .abrupt: socket.drop()
                }
            },
            { socket in
                // Published while the client was away: only the REST list has it.
                if k < messages.count { socket.server.publishToList(messages[k]) }
                try? await socket.ack()
                for message in messages.dropFirst(k + 1) { try? await socket.publish(message) }
                await socket.close(1000)
            })
        let job = try await server.service().job("j1")
        let values = try await collect(job.interimResults())
        #expect(values == (0..<6).map { ["iteration": RuntimeValue.integer(Int64($0))] })
        #expect(server.snapshot.upgrades == 2)
        #expect(server.snapshot.listReads == 2)
    }

    @Test("retries run out (job running): .reconnectsExhausted after 1 + 5 connections; a result() that follows returns")
    func exhausted() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.onConnections { socket in
            try? await socket.ack()
            await socket.close(1011)
        }
        let job = try await server.service().job("j1")
        do {
            _ = try await collect(job.interimResults())
            Issue.record("expected .reconnectsExhausted")
        } catch let error as RuntimeError {
            #expect(error.code == .reconnectsExhausted)
        }
        #expect(server.snapshot.upgrades == 6)
        // The completion watcher meets the same server, reads the status at its first reconnect,
        // and returns.
        server.setStatus("Completed")
        #expect(try await job.result(timeout: .seconds(60)) == "All done!")
    }

    @Test("the retry count starts again at every message")
    func counterResets() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        let script: ScriptedStreamServer.Script = { socket in
            try? await socket.ack()
            if socket.attempt >= 8 {
                await socket.close(1000)
                return
            }
            try? await socket.publish("\(socket.attempt)")
            await socket.close(1011)
        }
        server.onConnections(script)
        let job = try await server.service().job("j1")
        let values = try await collect(job.interimResults())
        #expect(values == (0..<8).map { RuntimeValue.integer(Int64($0)) })
        #expect(server.snapshot.upgrades == 9)
    }

    @Test("an unanswered keep-alive ping counts as a lost connection and is retried")
    func pingTimeout() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        let release = Gate()
        server.onConnections(
            { socket in
                try? await socket.ack()
                try? await socket.publish("1")
                // Reads nothing, so the client's pings go unanswered.
                await release.wait()
            },
            { socket in
                try? await socket.ack()
                try? await socket.publish("2")
                await socket.close(1000)
            })
        var configuration = server.configuration()
        // Pings often, but gives a pong 2 s: the healthy second connection must not be dropped
        // because a loaded machine held its frames up for longer than a short pong timeout.
        configuration.streaming.pingInterval = .milliseconds(50)
        configuration.streaming.pongTimeout = .seconds(2)
        let job = try await RuntimeService(configuration: configuration).job("j1")
        #expect(try await collect(job.interimResults()) == [1, 2])
        #expect(server.snapshot.upgrades == 2)
        await release.open()
    }

    @Test("the backoff doubles from the base up to the cap")
    func backoff() {
        var streaming = RuntimeConfiguration.Streaming()
        #expect((1...6).map(streaming.backoff(beforeRetry:)) == [
            .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8),
        ])
        streaming.initialBackoff = .milliseconds(1)
        streaming.maximumBackoff = .milliseconds(3)
        #expect((1...3).map(streaming.backoff(beforeRetry:)) == [.milliseconds(1), .milliseconds(2), .milliseconds(3)])
    }

    @Test("a slow consumer: nothing is dropped, and the server's writes block instead of the client buffering")
    func slowConsumer() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        let total = 12_000
        let padding = String(repeating: "x", count: 1000)
        server.onConnections { socket in
            try? await socket.ack()
            for index in 0..<total { try? await socket.publish("{\"i\": \(index), \"p\": \"\(padding)\"}") }
            await socket.close(1000)
        }
        let job = try await server.service().job("j1")
        var iterator = job.interimResults().makeAsyncIterator()
        #expect(try await iterator.next()?["i"] == 0)
        // The consumer pauses: wait until the server's writes stall.
        var last = -1
        while true {
            let sent = server.snapshot.liveSent
            if sent == last || sent == total { break }
            last = sent
            try await Task.sleep(for: .milliseconds(200))
        }
        let stalledAt = server.snapshot.liveSent
        #expect(stalledAt < total, "the client read everything while its consumer was paused")
        var received = 1
        while let value = try await iterator.next() {
            #expect(value["i"] == .integer(Int64(received)))
            received += 1
        }
        #expect(received == total)
    }
}
