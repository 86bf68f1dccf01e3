/// Incremental UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above
/// U+10FFFF), so a text message split across fragments is rejected as soon as a fragment makes
/// it invalid, and a sequence split between fragments is accepted.
package struct WebSocketUTF8Validator: Sendable {
    private var pending = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    /// Bytes seen so far, for error offsets.
    package private(set) var count = 0

    package init() {}

    /// Whether the bytes so far end on a character boundary.
    package var isComplete: Bool { pending == 0 }

    /// Feeds more bytes; returns the offset (counted over everything fed) of the first byte that
    /// cannot be part of valid UTF-8, or nil if the bytes so far are a valid prefix.
    package mutating func feed<Bytes: Collection>(_ bytes: Bytes) -> Int? where Bytes.Element == UInt8 {
        for byte in bytes {
            defer { count += 1 }
            if pending == 0 {
                switch byte {
                case 0x00...0x7F: continue
                case 0xC2...0xDF: pending = 1
                case 0xE0: pending = 2; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: pending = 2
                case 0xED: pending = 2; upper = 0x9F
                case 0xF0: pending = 3; lower = 0x90
                case 0xF1...0xF3: pending = 3
                case 0xF4: pending = 3; upper = 0x8F
                default: return count
                }
            } else {
                guard byte >= lower, byte <= upper else { return count }
                lower = 0x80
                upper = 0xBF
                pending -= 1
            }
        }
        return nil
    }
}
