import Testing
@testable import RuntimeIO
import RuntimeWire
import Synchronization

/// Peers that try to wedge a connection: every write has a deadline, a keep-alive ping that
/// cannot be sent fails the connection with a typed error, and a message never finished in
/// empty fragments is cut off. The deadlines here are real time, but only their outcome is
/// checked (a loaded machine makes them fire later, never wrongly).
@Suite("WebSocket against peers that stop reading", .timeLimit(.minutes(2)))
struct WebSocketHostilePeerTests {
    /// Runs `body` and returns its outcome, or nil when it has not finished after 60 s (the
    /// behaviour under test would otherwise be a hang that only the suite's time limit ends).
    static func within60s<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async -> Result<T, any Error>? {
        await withTaskGroup(of: Result<T, any Error>?.self) { group in
            group.addTask {
                do { return .success(try await body()) } catch { return .failure(error) }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(60))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    static func connect(_ server: WebSocketTestServer, _ configuration: WebSocketConfiguration) async throws -> WebSocketConnection {
        try await WebSocketClient.connect(url: server.url + "/", configuration: configuration, deadline: .now + .seconds(30))
    }

    @Test("a ping flood from a peer that never reads: the pong writes time out and the receive fails with .timedOut")
    func pingFloodNoReads() async throws {
        let server = try WebSocketTestServer { socket in
            var batch: [UInt8] = []
            let ping = WebSocketFrame(opcode: .ping, payload: [UInt8](repeating: 0x70, count: 125))
            for _ in 0..<1000 { ping.append(to: &batch) }
            while (try? await socket.sendRaw(batch, deadline: .now + .seconds(60))) != nil {}
        }
        defer { server.stop() }
        let client = try await Self.connect(server, WebSocketConfiguration(pingInterval: nil, writeTimeout: .milliseconds(300)))
        let outcome = await Self.within60s { try await client.receive() }
        guard case .failure(let error)? = outcome else {
            Issue.record("the receive did not fail: \(String(describing: outcome))")
            client.abort()
            return
        }
        #expect((error as? WireError)?.code == .timedOut)
        #expect(client.isClosed)
    }

    @Test("a keep-alive ping stuck behind a blocked write fails the connection with .timedOut")
    func keepAliveCannotSend() async throws {
        let release = AsyncStream.makeStream(of: Void.self)
        let server = try WebSocketTestServer(handler: { _ in
            // Never reads: the client's big message stays stuck in the socket buffers.
            for await _ in release.stream {}
        })
        defer {
            release.continuation.finish()
            server.stop()
        }
        // A 64 MiB frame, serialized before connecting, so that it takes the write gate at once
        // (well before the first keep-alive ping is due, 2 s later) and blocks there.
        let big = WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 0x42, count: 64 << 20)).serialize(maskingKey: 0x0102_0304)
        let client = try await Self.connect(
            server, WebSocketConfiguration(pingInterval: .seconds(2), pongTimeout: .milliseconds(300)))
        let outcome = await Self.within60s { try await client.sendRaw(big, deadline: .now + .seconds(3600)) }
        guard case .failure? = outcome else {
            Issue.record("the blocked send did not end: \(String(describing: outcome))")
            client.abort()
            return
        }
        #expect(client.isClosed)
        do {
            _ = try await client.receive()
            Issue.record("expected the keep-alive failure")
        } catch let error as WireError {
            #expect(error.code == .timedOut)
            #expect(error.message.contains("keep-alive ping could not be sent"))
        }
    }

    @Test("a message started and never finished in empty fragments is cut off with 1009")
    func endlessFragments() async throws {
        let server = try WebSocketTestServer { socket in
            _ = try? await socket.sendFrame(WebSocketFrame(fin: false, opcode: .text, payload: Array("{".utf8)), deadline: nil)
            var batch: [UInt8] = []
            for _ in 0..<1000 { WebSocketFrame(fin: false, opcode: .continuation, payload: []).append(to: &batch) }
            while (try? await socket.sendRaw(batch, deadline: .now + .seconds(60))) != nil {}
        }
        defer { server.stop() }
        let client = try await Self.connect(server, WebSocketConfiguration(pingInterval: nil))
        let outcome = await Self.within60s { try await client.receive() }
        guard case .failure(let error)? = outcome else {
            Issue.record("the receive did not fail: \(String(describing: outcome))")
            client.abort()
            return
        }
        #expect((error as? WireError)?.code == .messageTooLarge)
        #expect(client.closeCode == WebSocketCloseCode.messageTooBig)
    }
}
