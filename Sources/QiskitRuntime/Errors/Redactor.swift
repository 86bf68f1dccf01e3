import RuntimeWire

/// Removes secrets from text before it goes into an error, a log line or a description.
///
/// A server may echo a credential in any encoding the SDK itself produces or parses, so each
/// secret is found
/// - as it is;
/// - with any of its characters JSON-escaped (`\u0041`, either hex case, surrogate pairs, and the
///   short escapes `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`) or percent-encoded (`%41`,
///   either case, byte by byte, `+` for a space), in any mix;
/// - as the base64 of the bare secret (standard or URL-safe alphabet, with or without padding).
///
/// Every occurrence is replaced by `...` (as the Python client does).
struct Redactor: Sendable {
    /// The secrets to remove; empty ones are ignored.
    var secrets: [String]

    /// `text` with every occurrence of every secret, in every encoding above, replaced by `...`.
    func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = Self.replacingEncoded(secret, in: result)
            for encoded in Self.base64Forms(of: secret) where encoded.utf8.count >= 4 {
                result = Self.replacing(encoded, in: result)
            }
        }
        return result
    }

    /// The base64 forms of `secret`: standard and URL-safe alphabets, padded and not.
    static func base64Forms(of secret: String) -> [String] {
        let standard = Base64.encode(Array(secret.utf8))
        let urlSafe = String(standard.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
        var forms = [standard, urlSafe]
        for form in [standard, urlSafe] where form.hasSuffix("=") {
            forms.append(String(form.prefix { $0 != "=" }))
        }
        return forms
    }

    private static func replacing(_ needle: String, in haystack: String) -> String {
        let hay = Array(haystack.utf8)
        let pin = Array(needle.utf8)
        guard pin.count <= hay.count else { return haystack }
        var out: [UInt8] = []
        out.reserveCapacity(hay.count)
        var i = 0
        var changed = false
        while i < hay.count {
            if i + pin.count <= hay.count, hay[i] == pin[0], hay[i..<i + pin.count].elementsEqual(pin) {
                out.append(contentsOf: "...".utf8)
                i += pin.count
                changed = true
            } else {
                out.append(hay[i])
                i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : haystack
    }

    /// Replaces `secret` with each character literal, JSON-escaped or percent-encoded.
    private static func replacingEncoded(_ secret: String, in haystack: String) -> String {
        let scalars = Array(secret.unicodeScalars)
        guard let first = scalars.first.map({ Array(String($0).utf8)[0] }) else { return haystack }
        let hay = Array(haystack.utf8)
        var out: [UInt8] = []
        var i = 0
        var copiedUpTo = 0
        var changed = false
        while i < hay.count {
            // Every form of a character starts with its first UTF-8 byte, `%`, `\` or `+`.
            let byte = hay[i]
            if byte == 0x25 || byte == 0x5C || byte == 0x2B || byte == first,
               let end = match(scalars, in: hay, at: i)
            {
                if !changed { out.reserveCapacity(hay.count) }
                out.append(contentsOf: hay[copiedUpTo..<i])
                out.append(contentsOf: "...".utf8)
                changed = true
                i = end
                copiedUpTo = end
            } else {
                i += 1
            }
        }
        guard changed else { return haystack }
        out.append(contentsOf: hay[copiedUpTo...])
        return String(decoding: out, as: UTF8.self)
    }

    /// The end of `scalars` matched at `start` of `hay`, each character in any of its forms.
    private static func match(_ scalars: [Unicode.Scalar], in hay: [UInt8], at start: Int) -> Int? {
        var position = start
        for scalar in scalars {
            guard let next = matchScalar(scalar, in: hay, at: position) else { return nil }
            position = next
        }
        return position
    }

    private static func matchScalar(_ scalar: Unicode.Scalar, in hay: [UInt8], at position: Int) -> Int? {
        let utf8 = Array(String(scalar).utf8)
        // Literal.
        if position + utf8.count <= hay.count, hay[position..<position + utf8.count].elementsEqual(utf8) {
            return position + utf8.count
        }
        guard position < hay.count else { return nil }
        switch hay[position] {
        case 0x25:  // %XX for each UTF-8 byte (a literal byte may be mixed in, as decoders accept).
            var at = position
            for byte in utf8 {
                if at < hay.count, hay[at] == byte {
                    at += 1
                } else if at + 2 < hay.count, hay[at] == 0x25, let value = hexValue(hay[at + 1...at + 2]), value == byte {
                    at += 3
                } else {
                    return nil
                }
            }
            return at
        case 0x2B:  // + for a space (form encoding)
            return scalar == " " ? position + 1 : nil
        case 0x5C:  // JSON escapes
            guard position + 1 < hay.count else { return nil }
            if let decoded = shortEscapes[hay[position + 1]] { return decoded == scalar ? position + 2 : nil }
            let units = Array(String(scalar).utf16)
            var at = position
            for unit in units {
                guard at + 5 < hay.count, hay[at] == 0x5C, hay[at + 1] == 0x75,
                      let high = hexValue(hay[at + 2...at + 3]), let low = hexValue(hay[at + 4...at + 5]),
                      UInt16(high) << 8 | UInt16(low) == unit
                else { return nil }
                at += 6
            }
            return at
        default:
            return nil
        }
    }

    /// JSON's two-character escapes, by the byte after the backslash.
    private static let shortEscapes: [UInt8: Unicode.Scalar] = [
        0x22: "\"", 0x5C: "\\", 0x2F: "/", 0x62: "\u{08}", 0x66: "\u{0C}", 0x6E: "\n", 0x72: "\r", 0x74: "\t",
    ]

    /// The value of two hex digits (either case).
    private static func hexValue(_ digits: ArraySlice<UInt8>) -> UInt8? {
        var value: UInt8 = 0
        for digit in digits {
            let nibble: UInt8
            switch digit {
            case 0x30...0x39: nibble = digit - 0x30
            case 0x41...0x46: nibble = digit - 0x41 + 10
            case 0x61...0x66: nibble = digit - 0x61 + 10
            default: return nil
            }
            value = value << 4 | nibble
        }
        return value
    }
}
