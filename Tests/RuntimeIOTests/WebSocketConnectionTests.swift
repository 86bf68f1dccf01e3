import Testing
@testable import RuntimeIO
import RuntimeWire

/// Frame-level behaviour of `WebSocketConnection` over in-memory connections (no sockets).
@Suite("WebSocket connection (in memory)", .timeLimit(.minutes(1)))
struct WebSocketConnectionTests {
    private static let quiet = WebSocketConfiguration(pingInterval: nil, closeTimeout: .seconds(2))

    /// A connection with its keep-alive started, as `WebSocketClient` and the server upgrade make them.
    private func open(_ connection: MemoryConnection, _ role: WebSocketRole, _ configuration: WebSocketConfiguration) -> WebSocketConnection {
        let socket = WebSocketConnection(connection: connection, role: role, configuration: configuration)
        socket.startKeepAlive()
        return socket
    }

    private func pair(client: WebSocketConfiguration = quiet, server: WebSocketConfiguration = quiet)
        -> (WebSocketConnection, WebSocketConnection, MemoryConnection, MemoryConnection) {
        let (a, b) = MemoryConnection.pair()
        return (open(a, .client, client), open(b, .server, server), a, b)
    }

    private func rawServer(client: WebSocketConfiguration = quiet) -> (WebSocketConnection, RawWebSocketPeer, MemoryConnection) {
        let (a, b) = MemoryConnection.pair()
        return (open(a, .client, client), RawWebSocketPeer(b, role: .server), a)
    }

    private func rawClient(server: WebSocketConfiguration = quiet) -> (RawWebSocketPeer, WebSocketConnection, MemoryConnection) {
        let (a, b) = MemoryConnection.pair()
        return (RawWebSocketPeer(a, role: .client), open(b, .server, server), b)
    }

    @Test("Text and binary echo over the 7/16/64-bit length boundaries, up to 1 MB")
    func echo() async throws {
        let (client, server, _, _) = pair(client: WebSocketConfiguration(maxMessageSize: 8 << 20, pingInterval: nil),
                                          server: WebSocketConfiguration(maxMessageSize: 8 << 20, pingInterval: nil))
        let echo = Task {
            while let message = try await server.receive() {
                switch message {
                case .text(let text): try await server.send(text: text)
                case .binary(let bytes): try await server.send(binary: bytes)
                }
            }
            return server.closeCode
        }
        try await client.send(text: "héllo")
        #expect(try await client.receive() == .text("héllo"))
        for size in [0, 125, 126, 65535, 65536, 100_000, 1_000_000] {
            let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            try await client.send(binary: payload)
            let echoed = try await client.receive() == .binary(payload)
            #expect(echoed, "echo of \(size) bytes")
        }
        await client.close(code: 1000, reason: "done")
        #expect(client.closeCode == 1000)
        #expect(try await echo.value == 1000)
        #expect(server.closeReason == "done")
        #expect(try await client.receive() == nil)
    }

    @Test("Fragmented message with pings between fragments: message reassembled, pongs echo the payload")
    func fragmentsAndPings() async throws {
        let (client, peer, _) = rawServer()
        try await peer.send(WebSocketFrame(fin: false, opcode: .text, payload: Array("frag".utf8)))
        try await peer.send(WebSocketFrame(opcode: .ping, payload: [9, 8, 7]))
        try await peer.send(WebSocketFrame(fin: false, opcode: .continuation, payload: Array("ment".utf8)))
        try await peer.send(WebSocketFrame(opcode: .ping, payload: []))
        try await peer.send(WebSocketFrame(fin: true, opcode: .continuation, payload: Array("ed".utf8)))
        #expect(try await client.receive() == .text("fragmented"))
        #expect(try await peer.nextFrame() == WebSocketFrame(opcode: .pong, payload: [9, 8, 7]))
        #expect(try await peer.nextFrame() == WebSocketFrame(opcode: .pong, payload: []))
    }

    @Test("A close code and reason from the peer: receive returns nil, the close is echoed")
    func peerClose() async throws {
        let (client, peer, memory) = rawServer()
        try await peer.send(WebSocketFrame(opcode: .text, payload: Array("last".utf8)))
        try await peer.send(WebSocketFrame(opcode: .close, payload: WebSocketCloseCode.payload(code: 4001, reason: "bye")))
        #expect(try await client.receive() == .text("last"))
        #expect(try await client.receive() == nil)
        #expect(client.closeCode == 4001)
        #expect(client.closeReason == "bye")
        #expect(try await peer.nextCloseCode() == 4001)
        #expect(memory.isClosed)
        #expect(try await client.receive() == nil)
        await #expect(throws: WireError.self) { try await client.send(text: "late") }
    }

    @Test("A close frame without a code reports 1005 and is echoed empty")
    func closeWithoutCode() async throws {
        let (client, peer, _) = rawServer()
        try await peer.send(WebSocketFrame(opcode: .close))
        #expect(try await client.receive() == nil)
        #expect(client.closeCode == 1005)
        #expect(try await peer.nextFrame() == WebSocketFrame(opcode: .close))
    }

    @Test("A message over maxMessageSize fails with messageTooLarge and closes with 1009")
    func sizeLimit() async throws {
        let (client, server, _, _) = pair(client: WebSocketConfiguration(maxMessageSize: 1000, pingInterval: nil))
        try await server.send(binary: [UInt8](repeating: 1, count: 1000))
        try await server.send(binary: [UInt8](repeating: 2, count: 1001))
        #expect(try await client.receive() == .binary([UInt8](repeating: 1, count: 1000)))
        await #expect { try await client.receive() } throws: { ($0 as? WireError)?.code == .messageTooLarge }
        #expect(client.closeCode == 1009)
        #expect(try await server.receive() == nil)
        #expect(server.closeCode == 1009)
        await #expect { try await client.receive() } throws: { ($0 as? WireError)?.code == .messageTooLarge }
    }

    @Test("Bad frames fail with a typed error and the right close code: RSV 1002, bad UTF-8 1007, masked-from-server 1002")
    func badFrames() async throws {
        let cases: [([UInt8], WireError.Code, UInt16)] = [
            ([0xC1, 0x00], .invalidWebSocketFrame, 1002),
            ([0x83, 0x00], .invalidWebSocketFrame, 1002),
            (WebSocketFrame(opcode: .text, payload: [0xED, 0xA0, 0x80]).serialize(), .protocolViolation, 1007),
            (WebSocketFrame(opcode: .text, payload: [0x41]).serialize(maskingKey: 1), .protocolViolation, 1002),
            (WebSocketFrame(opcode: .continuation, payload: [0x41]).serialize(), .protocolViolation, 1002),
            (WebSocketFrame(opcode: .close, payload: [0x03, 0xED]).serialize(), .protocolViolation, 1002),
        ]
        for (bytes, code, closeCode) in cases {
            let (client, peer, memory) = rawServer()
            try await peer.sendRaw(bytes)
            await #expect { try await client.receive() } throws: { ($0 as? WireError)?.code == code }
            #expect(client.closeCode == closeCode)
            #expect(try await peer.nextCloseCode() == closeCode)
            #expect(memory.isClosed)
        }
    }

    @Test("Server: unmasked client frame → 1002; pings answered between fragments while data is ignored; close echoed")
    func serverRules() async throws {
        let (peer, server, _) = rawClient()
        let ignoring = Task { () -> Int in
            var count = 0
            while (try? await server.receive()) != nil { count += 1 }
            return count
        }
        try await peer.send(WebSocketFrame(fin: false, opcode: .binary, payload: [1]))
        try await peer.send(WebSocketFrame(opcode: .ping, payload: Array("p1".utf8)))
        try await peer.send(WebSocketFrame(fin: true, opcode: .continuation, payload: [2]))
        #expect(try await peer.nextFrame() == WebSocketFrame(opcode: .pong, payload: Array("p1".utf8)))
        try await peer.send(WebSocketFrame(opcode: .close, payload: WebSocketCloseCode.payload(code: 1001, reason: "")))
        #expect(try await peer.nextCloseCode() == 1001)
        #expect(await ignoring.value == 1)

        let (unmaskedPeer, strict, _) = rawClient()
        try await unmaskedPeer.send(WebSocketFrame(opcode: .text, payload: [0x41]), masked: false)
        await #expect { try await strict.receive() } throws: { ($0 as? WireError)?.code == .protocolViolation }
        #expect(try await unmaskedPeer.nextCloseCode() == 1002)
    }

    @Test("Abrupt disconnect: connectionClosed and close code 1006")
    func abruptDisconnect() async throws {
        let (client, peer, _) = rawServer()
        try await peer.send(WebSocketFrame(fin: false, opcode: .text, payload: [0x41]))
        peer.connection.close()
        await #expect { try await client.receive() } throws: { ($0 as? WireError)?.code == .connectionClosed }
        #expect(client.closeCode == 1006)
        #expect(client.isClosed)
    }

    @Test("Cancelling a blocked receive throws CancellationError and closes the connection")
    func cancellation() async throws {
        let (client, peer, memory) = rawServer()
        let blocked = Task { try await client.receive() }
        blocked.cancel()
        await #expect(throws: CancellationError.self) { try await blocked.value }
        #expect(memory.isClosed)
        #expect(try await peer.nextFrame() == nil)
        await #expect { try await client.receive() } throws: { ($0 as? WireError)?.code == .connectionClosed }
    }

    @Test("A receive deadline gives timedOut and closes the connection")
    func deadline() async throws {
        let (client, _, memory) = rawServer()
        await #expect { try await client.receive(deadline: .now + .milliseconds(20)) } throws: {
            ($0 as? WireError)?.code == .timedOut
        }
        #expect(memory.isClosed)
    }

    @Test("Back-pressure: an idle consumer reads at most one chunk; everything arrives in order later")
    func backPressure() async throws {
        let (client, server, clientEnd, _) = pair()
        let message = [UInt8](repeating: 0x5A, count: 1024)
        for index in 0..<500 {
            try await server.send(binary: [UInt8(truncatingIfNeeded: index)] + message)
        }
        #expect(try await client.receive() == .binary([0] + message))
        #expect(clientEnd.bytesRead <= WebSocketConnectionTests.quiet.readChunkSize)
        #expect(clientEnd.unreadCount > 400 * 1024)
        for index in 1..<500 {
            #expect(try await client.receive() == .binary([UInt8(truncatingIfNeeded: index)] + message))
        }
    }

    @Test("Keep-alive on an idle consumer: pings are answered and a message that follows is kept")
    func keepAliveIdle() async throws {
        let config = WebSocketConfiguration(pingInterval: .milliseconds(10), pongTimeout: .seconds(30))
        let (client, peer, _) = rawServer(client: config)
        var pings = 0
        while pings < 3, let frame = try await peer.nextFrame() {
            #expect(frame.opcode == .ping)
            try await peer.send(WebSocketFrame(opcode: .pong, payload: frame.payload))
            pings += 1
        }
        try await peer.send(WebSocketFrame(opcode: .text, payload: Array("after pings".utf8)))
        #expect(try await client.receive() == .text("after pings"))
        #expect(!client.isClosed)
        client.abort()
    }

    @Test("Keep-alive: no pong within pongTimeout fails the connection with timedOut")
    func pongTimeout() async throws {
        let config = WebSocketConfiguration(pingInterval: .milliseconds(10), pongTimeout: .milliseconds(100))
        let (client, peer, memory) = rawServer(client: config)
        #expect(try await peer.nextFrame()?.opcode == .ping)
        await #expect { try await client.receive() } throws: { ($0 as? WireError)?.code == .timedOut }
        #expect(memory.isClosed)
    }

    @Test("Keep-alive while the consumer waits in receive: the consumer sees the pong, no timeout")
    func keepAliveBusyConsumer() async throws {
        let config = WebSocketConfiguration(pingInterval: .milliseconds(10), pongTimeout: .seconds(30))
        let (client, peer, _) = rawServer(client: config)
        let receiving = Task { try await client.receive() }
        for _ in 0..<3 {
            let frame = try #require(try await peer.nextFrame())
            #expect(frame.opcode == .ping)
            try await peer.send(WebSocketFrame(opcode: .pong, payload: frame.payload))
        }
        try await peer.send(WebSocketFrame(opcode: .binary, payload: [42]))
        #expect(try await receiving.value == .binary([42]))
        client.abort()
    }

    @Test("Client handshake: extra headers sent, 101 checked, bytes after the head are the first frames")
    func handshake() async throws {
        let (a, b) = MemoryConnection.pair()
        let server = Task { () -> HTTPHeaders in
            var buffer: [UInt8] = []
            while true {
                if let (head, _) = try HTTPHeadParser.parseRequestHead(buffer[...], limits: HTTPLimits()) {
                    let key = try WebSocketHandshake.validateRequest(method: head.method, headers: head.headers)
                    let response = HTTPResponseHead(status: 101, headers: WebSocketHandshake.responseHeaders(key: key))
                    try await b.write(response.serialize() + WebSocketFrame(opcode: .text, payload: Array("ACK".utf8)).serialize(), deadline: nil)
                    return head.headers
                }
                buffer += try await b.read(maxBytes: 4096, deadline: nil)
            }
        }
        var extra = HTTPHeaders()
        extra.add("X-Access-Token", "secret")
        let client = try await WebSocketClient.handshake(over: a, url: try WebSocketURL("ws://127.0.0.1:9/stream/jobs/j1"),
                                                         headers: extra, configuration: Self.quiet)
        let sent = try await server.value
        #expect(sent["X-Access-Token"] == "secret")
        #expect(sent["Host"] == "127.0.0.1:9")
        #expect(try await client.receive() == .text("ACK"))
    }

    @Test("Client handshake failures: refused status and wrong accept key")
    func handshakeFailures() async throws {
        for answer in ["HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n",
                       "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bogus\r\n\r\n"] {
            let (a, b) = MemoryConnection.pair()
            try await b.write(Array(answer.utf8), deadline: nil)
            await #expect {
                _ = try await WebSocketClient.handshake(over: a, url: try WebSocketURL("ws://h/"), configuration: Self.quiet)
            } throws: { ($0 as? WireError)?.code == .handshakeFailed }
            #expect(a.isClosed)
        }
    }

    @Test("Server upgrade action: 400 for bad keys, 101 with accept, leftover bytes are the first frames")
    func serverUpgradeAction() async throws {
        var headers = WebSocketHandshake.requestHeaders(host: "h", key: "dGhlIHNhbXBsZSBub25jZQ==")
        let bad = WebSocketServerUpgrade.action(for: HTTPServerRequest(method: "GET", target: "/", headers: HTTPHeaders(), body: [])) { _ in }
        guard case .respond(let refused) = bad else { Issue.record("expected a 400"); return }
        #expect(refused.status == 400)
        headers.set("Sec-WebSocket-Key", "short")
        guard case .respond(let refusedKey) = WebSocketServerUpgrade.action(
            for: HTTPServerRequest(method: "GET", target: "/", headers: headers, body: []), handler: { _ in }) else {
            Issue.record("expected a 400"); return
        }
        #expect(refusedKey.status == 400)
        headers.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
        let (received, continuation) = AsyncStream.makeStream(of: WebSocketMessage?.self)
        let action = WebSocketServerUpgrade.action(for: HTTPServerRequest(method: "GET", target: "/", headers: headers, body: []),
                                                   configuration: Self.quiet) { socket in
            continuation.yield(try? await socket.receive())
            continuation.finish()
        }
        guard case .upgrade(let response, let takeOver) = action else { Issue.record("expected an upgrade"); return }
        #expect(response.status == 101)
        #expect(response.headers["Sec-WebSocket-Accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        let (a, b) = MemoryConnection.pair()
        let peer = RawWebSocketPeer(a, role: .client)
        let served = Task { await takeOver(b, WebSocketFrame(opcode: .text, payload: Array("first".utf8)).serialize(maskingKey: 5)) }
        var iterator = received.makeAsyncIterator()
        #expect(await iterator.next() == .some(.text("first")))
        #expect(try await peer.nextCloseCode() == 1000)
        try await peer.send(WebSocketFrame(opcode: .close, payload: WebSocketCloseCode.payload(code: 1000, reason: "")))
        await served.value
        #expect(b.isClosed)
    }

    /// A client whose close deadline runs on `scheduler`, with a task blocked in `receive` (known
    /// to hold the read gate: it has answered a ping), and the raw peer.
    private func receivingClient(_ scheduler: ManualScheduler) async throws
        -> (WebSocketConnection, RawWebSocketPeer, Task<WebSocketMessage?, any Error>) {
        let (a, b) = MemoryConnection.pair()
        let client = WebSocketConnection(connection: a, role: .client, configuration: Self.quiet, scheduler: scheduler)
        let peer = RawWebSocketPeer(b, role: .server)
        let receiver = Task { try await client.receive() }
        try await peer.send(WebSocketFrame(opcode: .ping, payload: [7]))
        #expect(try await peer.nextFrame()?.opcode == .pong)
        return (client, peer, receiver)
    }

    @Test("close() while another task receives returns after sending; a scheduler timer (no task) aborts at closeTimeout")
    func closeWhileReceivingTimesOut() async throws {
        let scheduler = ManualScheduler()
        let (client, peer, receiver) = try await receivingClient(scheduler)
        await client.close()
        #expect(try await peer.nextFrame()?.opcode == .close)
        #expect(scheduler.pendingCount == 1)
        #expect(client.phase == .closing(sent: 1000, received: nil))
        scheduler.advance(to: .now + .seconds(3))
        await #expect { try await receiver.value } throws: { ($0 as? WireError)?.code == .connectionClosed }
        #expect(client.isClosed)
        #expect(client.closeCode == 1006)
    }

    @Test("close() while another task receives: the peer's answer ends that receive and cancels the close timer")
    func closeWhileReceivingAnswered() async throws {
        let scheduler = ManualScheduler()
        let (client, peer, receiver) = try await receivingClient(scheduler)
        await client.close()
        #expect(try await peer.nextFrame()?.opcode == .close)
        try await peer.send(WebSocketFrame(opcode: .close, payload: WebSocketCloseCode.payload(code: 1000, reason: "ok")))
        #expect(try await receiver.value == nil)
        #expect(scheduler.pendingCount == 0)
        #expect(client.phase == .closed(code: 1000, reason: "ok", failure: nil))
    }
}
