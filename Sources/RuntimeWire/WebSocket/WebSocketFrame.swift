/// One WebSocket frame (RFC 6455 §5.2), payload already unmasked. Extensions are not supported,
/// so the RSV bits are always zero.
package struct WebSocketFrame: Sendable, Hashable {
    package var fin: Bool
    package var opcode: WebSocketOpcode
    package var payload: [UInt8]

    package init(fin: Bool = true, opcode: WebSocketOpcode, payload: [UInt8] = []) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
    }

    /// The frame's wire bytes. With a `maskingKey` (clients must always pass one) the payload is
    /// masked and the MASK bit set; the shortest of the 7-, 16- and 64-bit length forms is used.
    package func serialize(maskingKey: UInt32? = nil) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 14)
        append(to: &out, maskingKey: maskingKey)
        return out
    }

    /// Appends the frame's wire bytes to `out`; see ``serialize(maskingKey:)``.
    package func append(to out: inout [UInt8], maskingKey: UInt32? = nil) {
        Self.appendHeader(fin: fin, opcode: opcode, payloadLength: payload.count, masked: maskingKey != nil, to: &out)
        guard let maskingKey else {
            out.append(contentsOf: payload)
            return
        }
        let key: [UInt8] = [
            UInt8(truncatingIfNeeded: maskingKey >> 24), UInt8(truncatingIfNeeded: maskingKey >> 16),
            UInt8(truncatingIfNeeded: maskingKey >> 8), UInt8(truncatingIfNeeded: maskingKey),
        ]
        out.append(contentsOf: key)
        let start = out.count
        out.append(contentsOf: payload)
        out.withUnsafeMutableBufferPointer { buffer in
            WebSocketFrame.applyMask(key, to: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Appends an unmasked text frame (FIN set) carrying `text`'s UTF-8 bytes, copied once from
    /// the string: how a server writes a message it holds as a `String`.
    package static func appendText(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            appendHeader(fin: true, opcode: .text, payloadLength: bytes.count, masked: false, to: &out)
            out.append(contentsOf: bytes)
        }
    }

    /// Appends the first two to ten header bytes (without a masking key): FIN and opcode, the
    /// MASK bit, and the shortest of the 7-, 16- and 64-bit length forms.
    package static func appendHeader(fin: Bool, opcode: WebSocketOpcode, payloadLength length: Int, masked: Bool, to out: inout [UInt8]) {
        out.append((fin ? 0x80 : 0) | opcode.rawValue)
        let maskBit: UInt8 = masked ? 0x80 : 0
        if length < 126 {
            out.append(maskBit | UInt8(truncatingIfNeeded: length))
        } else if length <= 0xFFFF {
            out.append(maskBit | 126)
            out.append(UInt8(truncatingIfNeeded: length >> 8))
            out.append(UInt8(truncatingIfNeeded: length))
        } else {
            out.append(maskBit | 127)
            let wide = UInt64(length)
            for shift in stride(from: 56, through: 0, by: -8) {
                out.append(UInt8(truncatingIfNeeded: wide >> UInt64(shift)))
            }
        }
    }

    /// XORs `bytes` with the 4-byte masking key, starting at key position 0 (masking and
    /// unmasking are the same operation).
    package static func applyMask(_ key: [UInt8], to bytes: UnsafeMutableBufferPointer<UInt8>) {
        guard key.count == 4, !bytes.isEmpty else { return }
        let k0 = key[0], k1 = key[1], k2 = key[2], k3 = key[3]
        let wordKey = UInt32(k0) | UInt32(k1) << 8 | UInt32(k2) << 16 | UInt32(k3) << 24
        let count = bytes.count
        let words = count / 4
        guard let base = bytes.baseAddress else { return }
        let raw = UnsafeMutableRawPointer(base)
        var index = 0
        while index < words {
            let offset = index * 4
            let value = raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            raw.storeBytes(of: value ^ wordKey.littleEndianKey, toByteOffset: offset, as: UInt32.self)
            index += 1
        }
        var tail = words * 4
        while tail < count {
            bytes[tail] ^= key[tail & 3]
            tail += 1
        }
    }
}

extension UInt32 {
    /// The masking key laid out so that a native-endian load XORs byte i with key[i].
    fileprivate var littleEndianKey: UInt32 { UInt32(littleEndian: self) }
}
