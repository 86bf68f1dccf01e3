/// Reassembles data messages from frames (RFC 6455 §5.4) and checks the rules that span frames.
///
/// Control frames may arrive between the fragments of a message; they come out at once as
/// ``WebSocketEvent/ping(_:)``, ``WebSocketEvent/pong(_:)`` or ``WebSocketEvent/close(code:reason:)``
/// while the message keeps assembling. Errors (all `WireError`; map them to a close code with
/// ``WebSocketCloseCode/closeCode(for:)``):
/// - `.protocolViolation` (1002): a continuation frame with no message started, a new text or
///   binary frame while a message is unfinished, an invalid close payload;
/// - `.protocolViolation` typed ``WebSocketViolation/invalidUTF8`` (1007): a text message or close reason
///   that is not UTF-8, detected fragment by fragment;
/// - `.messageTooLarge` (1009): the fragments together exceed `maxMessageSize`, or a message
///   comes in more than ``maximumFragments`` frames (a peer sending endless empty fragments
///   would otherwise keep a reader busy forever without ever reaching the size limit).
/// After an error the assembler's state is unspecified; the connection must be failed.
package struct WebSocketMessageAssembler: Sendable {
    package let maxMessageSize: Int
    /// The most frames one message may come in (65,536: a 16 MiB message in 256-byte frames).
    package static let maximumFragments = 1 << 16
    private var fragments = 0
    private var opcode: WebSocketOpcode?
    private var buffer: [UInt8] = []
    private var validator = WebSocketUTF8Validator()

    package init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    /// Whether a fragmented message is in progress.
    package var isAssembling: Bool { opcode != nil }

    /// Feeds one frame; returns an event when the frame completes one.
    package mutating func push(_ frame: WebSocketFrame) throws -> WebSocketEvent? {
        switch frame.opcode {
        case .ping:
            return .ping(frame.payload)
        case .pong:
            return .pong(frame.payload)
        case .close:
            let (code, reason) = try WebSocketCloseCode.parse(frame.payload)
            return .close(code: code, reason: reason)
        case .text, .binary:
            guard opcode == nil else {
                throw WireError.webSocket(.protocolViolation, .protocolError, "new data frame while a fragmented message is unfinished")
            }
            if frame.fin {
                return .message(try makeMessage(frame.opcode, frame.payload))
            }
            opcode = frame.opcode
            validator = WebSocketUTF8Validator()
            buffer = []
            fragments = 1
            try append(frame.payload)
            return nil
        case .continuation:
            guard let started = opcode else {
                throw WireError.webSocket(.protocolViolation, .protocolError, "continuation frame with no message started")
            }
            fragments += 1
            guard fragments <= Self.maximumFragments else {
                throw WireError.webSocket(.messageTooLarge, .messageTooBig, "message in more than \(Self.maximumFragments) fragments")
            }
            try append(frame.payload)
            guard frame.fin else { return nil }
            opcode = nil
            let payload = buffer
            buffer = []
            if started == .text {
                guard validator.isComplete else {
                    throw WireError.webSocket(.protocolViolation, .invalidUTF8, WebSocketCloseCode.invalidUTF8Message + ": text message ends inside a character", offset: validator.count)
                }
                return .message(.text(String(decoding: payload, as: UTF8.self)))
            }
            return .message(.binary(payload))
        }
    }

    /// Feeds a frame with FIN set whose unmasked payload lies in `payload`: the same result and
    /// errors as ``push(_:)`` with that frame, and for a text or binary frame (a whole message)
    /// without copying the payload into a frame first.
    package mutating func pushWhole(opcode: WebSocketOpcode, payload: ArraySlice<UInt8>) throws -> WebSocketEvent? {
        guard opcode == .text || opcode == .binary else {
            return try push(WebSocketFrame(opcode: opcode, payload: Array(payload)))
        }
        guard self.opcode == nil else {
            throw WireError.webSocket(.protocolViolation, .protocolError, "new data frame while a fragmented message is unfinished")
        }
        guard payload.count <= maxMessageSize else {
            throw WireError.webSocket(.messageTooLarge, .messageTooBig, "message exceeds the limit of \(maxMessageSize) bytes")
        }
        guard opcode == .text else { return .message(.binary(Array(payload))) }
        return .message(.text(try Self.text(payload)))
    }

    /// The text of a whole text message, validated and copied in one pass by the standard
    /// library; when that refuses the bytes, the incremental validator finds the offset of the
    /// first bad byte for the error (both follow RFC 3629).
    package static func text(_ payload: ArraySlice<UInt8>) throws -> String {
        if let text = String(validating: payload, as: UTF8.self) { return text }
        var validator = WebSocketUTF8Validator()
        if let offset = validator.feed(payload) {
            throw WireError.webSocket(.protocolViolation, .invalidUTF8, WebSocketCloseCode.invalidUTF8Message + " in a text message", offset: offset)
        }
        guard validator.isComplete else {
            throw WireError.webSocket(.protocolViolation, .invalidUTF8, WebSocketCloseCode.invalidUTF8Message + ": text message ends inside a character", offset: payload.count)
        }
        // The validators disagree (they should not): keep the incremental one's verdict.
        return String(decoding: payload, as: UTF8.self)
    }

    private mutating func append(_ payload: [UInt8]) throws {
        guard payload.count <= maxMessageSize - buffer.count else {
            throw WireError.webSocket(.messageTooLarge, .messageTooBig, "message exceeds the limit of \(maxMessageSize) bytes")
        }
        if opcode == .text, let offset = validator.feed(payload) {
            throw WireError.webSocket(.protocolViolation, .invalidUTF8, WebSocketCloseCode.invalidUTF8Message + " in a text message", offset: offset)
        }
        buffer.append(contentsOf: payload)
    }

    private func makeMessage(_ opcode: WebSocketOpcode, _ payload: [UInt8]) throws -> WebSocketMessage {
        guard payload.count <= maxMessageSize else {
            throw WireError.webSocket(.messageTooLarge, .messageTooBig, "message exceeds the limit of \(maxMessageSize) bytes")
        }
        guard opcode == .text else { return .binary(payload) }
        return .text(try Self.text(payload[...]))
    }
}
