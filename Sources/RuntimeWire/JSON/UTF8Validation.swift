/// Strict UTF-8 checking (no overlong forms, no encoded surrogates, nothing above U+10FFFF), used
/// where a decoder must report the offset of the first bad byte.
enum UTF8Validation {
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
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return index
            }
            guard count - index >= 2 else { return index }
            let second = bytes[index + 1]
            if second < lower || second > upper { return index }
            var position = 2
            while position < length {
                guard index + position < count else { return index }
                if bytes[index + position] & 0xC0 != 0x80 { return index }
                position += 1
            }
            index += length
        }
        return nil
    }
}
