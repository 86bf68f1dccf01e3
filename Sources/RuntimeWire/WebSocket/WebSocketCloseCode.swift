/// Close status codes (RFC 6455 §7.4) and the close frame's payload (§5.5.1).
package enum WebSocketCloseCode {
    package static let normal: UInt16 = 1000
    package static let goingAway: UInt16 = 1001
    package static let protocolError: UInt16 = 1002
    package static let unsupportedData: UInt16 = 1003
    /// Reported locally when a close frame had no status code; never sent.
    package static let noStatus: UInt16 = 1005
    /// Reported locally when the connection ended without a close frame; never sent.
    package static let abnormal: UInt16 = 1006
    package static let invalidPayload: UInt16 = 1007
    package static let policyViolation: UInt16 = 1008
    package static let messageTooBig: UInt16 = 1009
    package static let internalError: UInt16 = 1011

    /// Whether `code` may appear in a close frame: 1000–1003, 1007–1014 (IANA-registered), and
    /// 3000–4999 (libraries and applications). 1004–1006, 1015 and everything else are invalid.
    package static func isValidOnWire(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }

    /// The payload of a close frame: empty when `code` is nil, else the big-endian code and the
    /// UTF-8 reason, truncated at a character boundary so that the payload fits in 125 bytes.
    package static func payload(code: UInt16?, reason: String) -> [UInt8] {
        guard let code else { return [] }
        var out: [UInt8] = [UInt8(truncatingIfNeeded: code >> 8), UInt8(truncatingIfNeeded: code)]
        var budget = 123
        for scalar in reason.unicodeScalars {
            let encoded = Array(String(scalar).utf8)
            guard encoded.count <= budget else { break }
            out.append(contentsOf: encoded)
            budget -= encoded.count
        }
        return out
    }

    /// Parses a close frame's payload: (nil, "") for an empty payload; otherwise the code, which
    /// must be valid on the wire, and the reason, which must be UTF-8.
    /// - Throws: `.protocolViolation` for a 1-byte payload, an invalid code or a reason that is
    ///   not UTF-8 (the last one, typed ``WebSocketViolation/invalidUTF8``, means closing with 1007).
    package static func parse(_ payload: [UInt8]) throws -> (code: UInt16?, reason: String) {
        if payload.isEmpty { return (nil, "") }
        guard payload.count >= 2 else {
            throw WireError.webSocket(.protocolViolation, .protocolError, "close frame with a 1-byte payload", offset: 0)
        }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        guard isValidOnWire(code) else {
            throw WireError.webSocket(.protocolViolation, .protocolError, "invalid close code \(code)", offset: 0)
        }
        guard let reason = String(validating: payload[2...], as: UTF8.self) else {
            throw WireError.webSocket(.protocolViolation, .invalidUTF8, invalidUTF8Message + " in the close reason", offset: 2)
        }
        return (code, reason)
    }

    /// The text every error about invalid UTF-8 begins with (for people; the close code comes
    /// from the error's ``WebSocketViolation``).
    package static let invalidUTF8Message = "invalid UTF-8"

    /// The close code to send after a receive error, chosen from its typed cause: the
    /// ``WebSocketViolation`` a codec attached (1002, 1007 or 1009); else 1009 for
    /// `.messageTooLarge`, 1002 for every other frame or protocol error, 1011 otherwise.
    package static func closeCode(for error: WireError) -> UInt16 {
        if let violation = error.underlyingError as? WebSocketViolation { return violation.closeCode }
        if error.code == .messageTooLarge { return messageTooBig }
        if error.code == .protocolViolation || error.code == .invalidWebSocketFrame { return protocolError }
        return internalError
    }
}
