import Testing
@testable import RuntimeIO
import RuntimeWire

/// Our client against our server over loopback TCP on the event loop.
@Suite("WebSocket client and server over TCP", .timeLimit(.minutes(1)))
struct WebSocketLoopbackTests {
    private static let config = WebSocketConfiguration(maxMessageSize: 8 << 20, pingInterval: nil, closeTimeout: .seconds(2))

    private func connect(_ server: WebSocketTestServer, path: String = "/", configuration: WebSocketConfiguration = config) async throws -> WebSocketConnection {
        try await WebSocketClient.connect(url: server.url + path, configuration: configuration, deadline: .now + .seconds(30))
    }

    private static func echo(_ socket: WebSocketConnection) async {
        while let message = try? await socket.receive() {
            switch message {
            case .text(let text): try? await socket.send(text: text)
            case .binary(let bytes): try? await socket.send(binary: bytes)
            }
        }
    }

    @Test("Echo of text and binary messages, including 100 KB and 5 MB (64-bit lengths); client close 1000")
    func echo() async throws {
        let closed = AsyncStream.makeStream(of: UInt16?.self)
        let server = try WebSocketTestServer(configuration: Self.config) { socket in
            await Self.echo(socket)
            closed.continuation.yield(socket.closeCode)
        }
        defer { server.stop() }
        let client = try await connect(server)
        try await client.send(text: "hello, wörld")
        #expect(try await client.receive() == .text("hello, wörld"))
        for size in [1, 126, 65_536, 100_000, 5_000_000] {
            let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 13) }
            try await client.send(binary: payload)
            let echoed = try await client.receive() == .binary(payload)
            #expect(echoed, "echo of \(size) bytes")
        }
        await client.close()
        #expect(client.closeCode == 1000)
        var iterator = closed.stream.makeAsyncIterator()
        #expect(await iterator.next() == .some(1000))
    }

    @Test("Fragmented messages with pings between fragments, both directions")
    func fragments() async throws {
        let server = try WebSocketTestServer(configuration: Self.config) { socket in
            try? await socket.sendFrame(WebSocketFrame(fin: false, opcode: .text, payload: Array("frag".utf8)), deadline: nil)
            try? await socket.sendFrame(WebSocketFrame(opcode: .ping, payload: [1]), deadline: nil)
            try? await socket.sendFrame(WebSocketFrame(fin: true, opcode: .continuation, payload: Array("mented".utf8)), deadline: nil)
            await Self.echo(socket)
        }
        defer { server.stop() }
        let client = try await connect(server)
        #expect(try await client.receive() == .text("fragmented"))
        try await client.sendFrame(WebSocketFrame(fin: false, opcode: .binary, payload: [1, 2]), deadline: nil)
        try await client.sendPing([7, 7])
        try await client.sendFrame(WebSocketFrame(fin: true, opcode: .continuation, payload: [3]), deadline: nil)
        #expect(try await client.receive() == .binary([1, 2, 3]))
        #expect(client.pongCount == 1)
        await client.close()
    }

    @Test("A batch of messages goes out in one write and arrives as separate messages in order")
    func batch() async throws {
        let server = try WebSocketTestServer(configuration: Self.config) { socket in
            try? await socket.send(batch: (0..<100).map { .text("message \($0)") } + [.binary([1, 2, 3])])
            _ = try? await socket.receive()
        }
        defer { server.stop() }
        let client = try await connect(server)
        for index in 0..<100 {
            #expect(try await client.receive() == .text("message \(index)"))
        }
        #expect(try await client.receive() == .binary([1, 2, 3]))
        try await client.send(batch: [.text("a"), .text("b")])
        await client.close()
    }

    @Test("A send-only server handler that drains in a child task answers client pings and the close")
    func sendOnlyServer() async throws {
        let server = try WebSocketTestServer(configuration: Self.config) { socket in
            async let drained: Void = socket.discardIncoming()
            try? await socket.send(text: "ACK")
            await drained
        }
        defer { server.stop() }
        // The client closes while another task receives: its close deadline is a timer of the
        // event loop, exact even when the cooperative pool is starved, so it gets a limit no
        // loaded machine reaches before the server's echo is parsed (2 s did in a full run).
        let client = try await connect(
            server, configuration: WebSocketConfiguration(maxMessageSize: 8 << 20, pingInterval: nil, closeTimeout: .seconds(30)))
        #expect(try await client.receive() == .text("ACK"))
        try await client.sendPing([1])
        try await client.send(text: "ignored")
        try await client.sendPing([2])
        let closing = Task { try await client.receive() }
        while client.pongCount < 2 { await Task.yield() }
        await client.close(code: 1001, reason: "leaving")
        #expect(try await closing.value == nil)
        #expect(client.closeCode == 1001)
    }

    @Test("Close codes and reasons travel both ways")
    func closeCodes() async throws {
        let server = try WebSocketTestServer(configuration: Self.config) { socket in
            await socket.close(code: 4001, reason: "job done")
        }
        defer { server.stop() }
        let client = try await connect(server)
        #expect(try await client.receive() == nil)
        #expect(client.closeCode == 4001)
        #expect(client.closeReason == "job done")
    }

    @Test("A message over the client's limit: messageTooLarge on the client, 1009 at the server")
    func sizeLimit() async throws {
        let seen = AsyncStream.makeStream(of: UInt16?.self)
        let server = try WebSocketTestServer(configuration: Self.config) { socket in
            try? await socket.send(binary: [UInt8](repeating: 1, count: 2048))
            _ = try? await socket.receive()
            seen.continuation.yield(socket.closeCode)
        }
        defer { server.stop() }
        let client = try await connect(server, configuration: WebSocketConfiguration(maxMessageSize: 1024, pingInterval: nil))
        await #expect { try await client.receive() } throws: { ($0 as? WireError)?.code == .messageTooLarge }
        var iterator = seen.stream.makeAsyncIterator()
        #expect(await iterator.next() == .some(1009))
    }

    @Test("Bad client frames: RSV bits 1002, invalid UTF-8 1007, unmasked 1002; the server closes with the code")
    func badFrames() async throws {
        let server = try WebSocketTestServer(configuration: Self.config) { socket in await Self.echo(socket) }
        defer { server.stop() }
        let cases: [([UInt8], UInt16)] = [
            ([0xC1, 0x80, 0, 0, 0, 0], 1002),
            (WebSocketFrame(opcode: .text, payload: [0xC0, 0xAF]).serialize(maskingKey: 99), 1007),
            (WebSocketFrame(opcode: .text, payload: [0x41]).serialize(), 1002),
        ]
        for (bytes, code) in cases {
            let client = try await connect(server)
            try await client.sendRaw(bytes)
            #expect(try await client.receive() == nil)
            #expect(client.closeCode == code)
        }
    }

    @Test("Abrupt disconnect by the server: connectionClosed, 1006")
    func abrupt() async throws {
        let server = try WebSocketTestServer(configuration: Self.config) { socket in
            try? await socket.send(text: "one")
            socket.abort()
        }
        defer { server.stop() }
        let client = try await connect(server)
        #expect(try await client.receive() == .text("one"))
        await #expect { try await client.receive() } throws: { ($0 as? WireError)?.code == .connectionClosed }
        #expect(client.closeCode == 1006)
    }

    @Test("Cancelling a receive closes the socket: the server sees the connection end at once")
    func cancellation() async throws {
        let ended = AsyncStream.makeStream(of: WireError.Code?.self)
        let server = try WebSocketTestServer(configuration: Self.config) { socket in
            do { _ = try await socket.receive() } catch { ended.continuation.yield((error as? WireError)?.code) }
        }
        defer { server.stop() }
        let client = try await connect(server)
        let blocked = Task { try await client.receive() }
        blocked.cancel()
        await #expect(throws: CancellationError.self) { try await blocked.value }
        var iterator = ended.stream.makeAsyncIterator()
        #expect(await iterator.next() == .some(.connectionClosed))
    }

    @Test("Refused upgrades: a 404 route and a request without a key give handshakeFailed with the status")
    func refused() async throws {
        let server = try WebSocketTestServer { request in
            request.target == "/ws"
                ? WebSocketServerUpgrade.action(for: request, handler: { _ in })
                : .respond(HTTPServerResponse(status: 404))
        }
        defer { server.stop() }
        await #expect { _ = try await WebSocketClient.connect(url: server.url + "/nope", deadline: .now + .seconds(30)) } throws: {
            ($0 as? WireError)?.code == .handshakeFailed && ($0 as? WireError)?.statusCode == 404
        }
        let raw = try await ConnectionFactory.connect(host: "127.0.0.1", port: server.port, tls: false, configuration: TransportConfiguration(), deadline: nil)
        try await raw.write(Array("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8), deadline: nil)
        let answer = try await raw.read(maxBytes: 4096, deadline: .now + .seconds(30))
        #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 400"))
        raw.close()
    }

    @Test("Keep-alive between our client and server: an idle client stays up across many ping rounds")
    func keepAlive() async throws {
        let server = try WebSocketTestServer(configuration: Self.config) { socket in await Self.echo(socket) }
        defer { server.stop() }
        let client = try await connect(server, configuration: WebSocketConfiguration(pingInterval: .milliseconds(5), pongTimeout: .seconds(30)))
        while client.pongCount < 5 { try await Task.sleep(for: .milliseconds(5)) }
        try await client.send(text: "still here")
        #expect(try await client.receive() == .text("still here"))
        #expect(!client.isClosed)
        await client.close()
    }
}
