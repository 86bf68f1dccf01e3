import RuntimeIO
import RuntimeWire

/// A hand-driven WebSocket end over any ``Connection``: writes arbitrary frames or bytes and
/// reads frames one by one, so tests can break the protocol on purpose and see the raw answers.
// @unchecked Sendable: used by one test task at a time.
final class RawWebSocketPeer: @unchecked Sendable {
    let connection: any Connection
    let role: WebSocketRole
    private var buffer: [UInt8] = []

    init(_ connection: any Connection, role: WebSocketRole, initialBytes: [UInt8] = []) {
        self.connection = connection
        self.role = role
        self.buffer = initialBytes
    }

    func send(_ frame: WebSocketFrame, masked: Bool? = nil) async throws {
        let mask = masked ?? (role == .client)
        try await connection.write(frame.serialize(maskingKey: mask ? 0xA1B2_C3D4 : nil), deadline: nil)
    }

    func sendRaw(_ bytes: [UInt8]) async throws {
        try await connection.write(bytes, deadline: nil)
    }

    /// The next frame, or nil at end of stream.
    func nextFrame() async throws -> WebSocketFrame? {
        let decoder = WebSocketFrameDecoder(role: role, maxPayloadSize: 64 << 20)
        while true {
            if let (frame, consumed) = try decoder.decode(buffer[...]) {
                buffer.removeFirst(consumed)
                return frame
            }
            let bytes = try await connection.read(maxBytes: 1 << 16, deadline: nil)
            if bytes.isEmpty { return nil }
            buffer += bytes
        }
    }

    /// The next frame that is not a ping or pong.
    func nextNonControlOrClose() async throws -> WebSocketFrame? {
        while let frame = try await nextFrame() {
            if frame.opcode != .ping && frame.opcode != .pong { return frame }
        }
        return nil
    }

    /// The close code of the next close frame (nil payload → nil code).
    func nextCloseCode() async throws -> UInt16? {
        while let frame = try await nextFrame() {
            if frame.opcode == .close { return try WebSocketCloseCode.parse(frame.payload).code }
        }
        return nil
    }
}
