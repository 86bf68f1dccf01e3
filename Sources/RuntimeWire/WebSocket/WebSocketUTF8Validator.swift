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
                if byte < 0x80 { continue }
                guard let expected = UTF8Validation.sequence(lead: byte) else { return count }
                pending = expected.continuations
                lower = expected.lower
                upper = expected.upper
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
