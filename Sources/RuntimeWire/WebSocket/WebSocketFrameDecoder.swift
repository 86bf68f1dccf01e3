/// Decodes WebSocket frames from a byte buffer (RFC 6455 §5.2), incrementally: it returns nil
/// until a whole frame is present and never reads past it.
///
/// Rejected with a typed error: RSV bits set (no extension is negotiated) and reserved opcodes
/// (`.invalidWebSocketFrame`), control frames that are fragmented or longer than 125 bytes
/// (`.invalidWebSocketFrame`), a mask that does not fit the role — an unmasked frame sent to a
/// server or a masked frame sent to a client (`.protocolViolation`), and a payload longer than
/// `maxPayloadSize` (`.messageTooLarge`, detected from the header alone). Every one of these
/// means closing with 1002, except `.messageTooLarge`, which means 1009. Error offsets count from
/// the start of the slice.
package struct WebSocketFrameDecoder: Sendable {
    /// The side that receives the frames.
    package var role: WebSocketRole
    /// The largest payload accepted for a single frame.
    package var maxPayloadSize: Int

    package init(role: WebSocketRole, maxPayloadSize: Int) {
        self.role = role
        self.maxPayloadSize = maxPayloadSize
    }

    /// The first complete frame at the start of `bytes` and the number of bytes it took, or nil
    /// when more bytes are needed.
    package func decode(_ bytes: ArraySlice<UInt8>) throws -> (frame: WebSocketFrame, consumed: Int)? {
        guard let header = try decodeHeader(bytes) else { return nil }
        let payloadStart = bytes.startIndex + header.payloadOffset
        var payload = Array(bytes[payloadStart..<(payloadStart + header.payloadLength)])
        if let keyOffset = header.maskOffset {
            let keyStart = bytes.startIndex + keyOffset
            let key = Array(bytes[keyStart..<(keyStart + 4)])
            payload.withUnsafeMutableBufferPointer { WebSocketFrame.applyMask(key, to: $0) }
        }
        return (WebSocketFrame(fin: header.fin, opcode: header.opcode, payload: payload), header.frameLength)
    }

    /// The header of the first frame at the start of `bytes`, checked exactly as ``decode(_:)``
    /// checks it, once the whole frame (payload included) is present; nil when more bytes are
    /// needed. Lets a reader take the payload straight from its buffer, without a copy.
    package func decodeHeader(_ bytes: ArraySlice<UInt8>) throws -> WebSocketFrameHeader? {
        let start = bytes.startIndex
        guard bytes.count >= 2 else { return nil }
        let first = bytes[start]
        let second = bytes[start + 1]
        guard first & 0x70 == 0 else {
            throw WireError.webSocket(.invalidWebSocketFrame, .protocolError, "RSV bits set without a negotiated extension", offset: 0)
        }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else {
            throw WireError.webSocket(.invalidWebSocketFrame, .protocolError, "reserved opcode \(first & 0x0F)", offset: 0)
        }
        let fin = first & 0x80 != 0
        let masked = second & 0x80 != 0
        switch (role, masked) {
        case (.server, false):
            throw WireError.webSocket(.protocolViolation, .protocolError, "unmasked frame from a client", offset: 1)
        case (.client, true):
            throw WireError.webSocket(.protocolViolation, .protocolError, "masked frame from a server", offset: 1)
        default:
            break
        }
        var headerLength = 2
        var length = UInt64(second & 0x7F)
        if opcode.isControl {
            guard fin else { throw WireError.webSocket(.invalidWebSocketFrame, .protocolError, "fragmented control frame", offset: 0) }
            guard length <= 125 else {
                throw WireError.webSocket(.invalidWebSocketFrame, .protocolError, "control frame longer than 125 bytes", offset: 1)
            }
        }
        if length == 126 {
            guard bytes.count >= 4 else { return nil }
            length = UInt64(bytes[start + 2]) << 8 | UInt64(bytes[start + 3])
            headerLength = 4
        } else if length == 127 {
            guard bytes.count >= 10 else { return nil }
            length = 0
            for index in 2..<10 { length = length << 8 | UInt64(bytes[start + index]) }
            guard length & (1 << 63) == 0 else {
                throw WireError.webSocket(.invalidWebSocketFrame, .protocolError, "64-bit length with the most significant bit set", offset: 2)
            }
            headerLength = 10
        }
        // The limit leaves room for the header, so `total` below cannot overflow whatever the
        // configured limit (a hostile 63-bit length against a limit near Int.max).
        let limit = min(max(maxPayloadSize, 0), Int.max - 14)
        guard length <= UInt64(limit) else {
            throw WireError.webSocket(.messageTooLarge, .messageTooBig, "frame payload of \(length) bytes exceeds the limit of \(maxPayloadSize)", offset: 1)
        }
        let payloadLength = Int(length)
        let maskLength = masked ? 4 : 0
        let total = headerLength + maskLength + payloadLength
        guard bytes.count >= total else { return nil }
        return WebSocketFrameHeader(
            fin: fin, opcode: opcode, maskOffset: masked ? headerLength : nil,
            payloadOffset: headerLength + maskLength, payloadLength: payloadLength)
    }
}
