import Testing
@testable import RuntimeIO
import RuntimeWire

/// `receiveBuffered()`: messages already read are taken without suspending, and everything else
/// is left, untouched, to `receive(deadline:)`.
@Suite("WebSocket buffered receive (in memory)", .timeLimit(.minutes(1)))
struct WebSocketBufferedReceiveTests {
    private static let quiet = WebSocketConfiguration(pingInterval: nil, closeTimeout: .seconds(2), readChunkSize: 64 << 10)

    private func rawServer() -> (WebSocketConnection, RawWebSocketPeer) {
        let (a, b) = MemoryConnection.pair()
        return (WebSocketConnection(connection: a, role: .client, configuration: Self.quiet), RawWebSocketPeer(b, role: .server))
    }

    /// Every message until the end, taking buffered ones first; counts how many came that way.
    private func drain(_ client: WebSocketConnection) async throws -> (messages: [WebSocketMessage], buffered: Int) {
        var messages: [WebSocketMessage] = []
        var buffered = 0
        while true {
            if let message = client.receiveBuffered() {
                messages.append(message)
                buffered += 1
                continue
            }
            guard let message = try await client.receive() else { return (messages, buffered) }
            messages.append(message)
        }
    }

    @Test("a burst in one write: every message in order, pings answered, fragments reassembled, then the close")
    func burst() async throws {
        let (client, peer) = rawServer()
        var bytes: [UInt8] = []
        var expected: [WebSocketMessage] = []
        for index in 0..<300 {
            let text = "message \(index) " + String(repeating: "é", count: index % 40)
            WebSocketFrame.appendText(text, to: &bytes)
            expected.append(.text(text))
            if index == 100 { WebSocketFrame(opcode: .ping, payload: [1, 2, 3]).append(to: &bytes) }
            if index == 150 {
                WebSocketFrame(fin: false, opcode: .text, payload: Array("frag".utf8)).append(to: &bytes)
                WebSocketFrame(opcode: .ping, payload: [4]).append(to: &bytes)
                WebSocketFrame(fin: true, opcode: .continuation, payload: Array("ment".utf8)).append(to: &bytes)
                expected.append(.text("fragment"))
            }
            if index == 200 {
                WebSocketFrame(opcode: .binary, payload: [0, 255, 7]).append(to: &bytes)
                expected.append(.binary([0, 255, 7]))
            }
        }
        WebSocketFrame(opcode: .close, payload: WebSocketCloseCode.payload(code: 1000, reason: "bye")).append(to: &bytes)
        try await peer.sendRaw(bytes)
        let (messages, buffered) = try await drain(client)
        #expect(messages == expected)
        #expect(buffered > 0)
        #expect(client.closeCode == 1000)
        #expect(client.closeReason == "bye")
        #expect(try await peer.nextFrame() == WebSocketFrame(opcode: .pong, payload: [1, 2, 3]))
        #expect(try await peer.nextFrame() == WebSocketFrame(opcode: .pong, payload: [4]))
        #expect(try await peer.nextFrame()?.opcode == .close)
    }

    @Test("nothing buffered, a partial frame or a control frame first: nil, and receive sees it all")
    func leavesTheRest() async throws {
        let (client, peer) = rawServer()
        #expect(client.receiveBuffered() == nil)
        let frame = WebSocketFrame(opcode: .text, payload: Array("whole".utf8)).serialize()
        try await peer.sendRaw(Array(frame.prefix(3)))
        try await peer.sendRaw(Array(frame.dropFirst(3)))
        #expect(try await client.receive() == .text("whole"))
        var bytes = WebSocketFrame(opcode: .ping, payload: [9]).serialize()
        WebSocketFrame.appendText("after the ping", to: &bytes)
        WebSocketFrame.appendText("next", to: &bytes)
        try await peer.sendRaw(bytes)
        // The ping and first message arrive together; receive handles the ping, then returns the message.
        #expect(try await client.receive() == .text("after the ping"))
        #expect(client.receiveBuffered() == .text("next"))
        #expect(client.receiveBuffered() == nil)
        #expect(try await peer.nextFrame() == WebSocketFrame(opcode: .pong, payload: [9]))
    }

    @Test("a bad frame in the buffer is left to receive, which fails with the usual code")
    func badFrameLeft() async throws {
        for (payload, opcodeByte, code) in [([UInt8(0x41), 0xFF], UInt8(0x81), UInt16(1007)), ([0x41], 0x83, 1002)] {
            let (client, peer) = rawServer()
            var bytes: [UInt8] = []
            WebSocketFrame.appendText("good", to: &bytes)
            let start = bytes.count
            WebSocketFrame(opcode: .text, payload: payload).append(to: &bytes)
            bytes[start] = opcodeByte
            WebSocketFrame.appendText("never", to: &bytes)
            try await peer.sendRaw(bytes)
            #expect(try await client.receive() == .text("good"))
            #expect(client.receiveBuffered() == nil)
            await #expect(throws: WireError.self) { _ = try await client.receive() }
            #expect(client.closeCode == code)
            #expect(client.receiveBuffered() == nil)
        }
    }

    @Test("after the close handshake started, buffered messages are not handed out")
    func closing() async throws {
        let (client, peer) = rawServer()
        var bytes: [UInt8] = []
        WebSocketFrame.appendText("one", to: &bytes)
        WebSocketFrame.appendText("two", to: &bytes)
        try await peer.sendRaw(bytes)
        #expect(try await client.receive() == .text("one"))
        let closer = Task { await client.close(code: 1000) }
        #expect(try await peer.nextFrame()?.opcode == .close)
        #expect(client.receiveBuffered() == nil)
        try await peer.send(WebSocketFrame(opcode: .close, payload: WebSocketCloseCode.payload(code: 1000, reason: "")))
        await closer.value
        #expect(client.isClosed)
        #expect(client.receiveBuffered() == nil)
    }
}
