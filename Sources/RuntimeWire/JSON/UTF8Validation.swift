/// Strict UTF-8 checking (no overlong forms, no encoded surrogates, nothing above U+10FFFF), used
/// where a decoder must report the offset of the first bad byte.
enum UTF8Validation {
    /// What a non-ASCII lead byte announces: how many continuation bytes follow, and the range the
    /// first of them must fall in (the later ones are always 0x80…0xBF). Nil when `lead` cannot
    /// start a sequence. The one table of RFC 3629 §4, shared with ``WebSocketUTF8Validator``.
    @inline(__always)
    static func sequence(lead: UInt8) -> (continuations: Int, lower: UInt8, upper: UInt8)? {
        switch lead {
        case 0xC2...0xDF: return (1, 0x80, 0xBF)
        case 0xE0: return (2, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: return (2, 0x80, 0xBF)
        case 0xED: return (2, 0x80, 0x9F)
        case 0xF0: return (3, 0x90, 0xBF)
        case 0xF1...0xF3: return (3, 0x80, 0xBF)
        case 0xF4: return (3, 0x80, 0x8F)
        default: return nil
        }
    }

    /// The offset of the first byte that does not start or continue a valid sequence, or nil when
    /// the whole buffer is valid UTF-8.
    static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            guard let expected = sequence(lead: lead), count - index >= 2 else { return index }
            let second = bytes[index + 1]
            if second < expected.lower || second > expected.upper { return index }
            var position = 2
            while position <= expected.continuations {
                guard index + position < count else { return index }
                if bytes[index + position] & 0xC0 != 0x80 { return index }
                position += 1
            }
            index += expected.continuations + 1
        }
        return nil
    }
}
