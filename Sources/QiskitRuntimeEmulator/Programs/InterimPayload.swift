/// The JSON text of one hello-world interim result, laid out before it is written:
/// `{"iteration": I, "counts": {"00": Z, "11": O}}`, with `, "padding": "xxx…"` before the last
/// brace when there is padding. Every character is ASCII and needs no escaping, so the text is
/// written byte by byte into a buffer of exactly ``length`` bytes, with no intermediate value
/// tree. Publishing a stream makes one per result, so this was the emulator's main cost in the
/// stream throughput benchmark.
struct InterimPayload: Sendable {
    let iteration: Int64
    let zeros: Int64
    let ones: Int64
    let padding: Int
    /// The text's length in bytes.
    let length: Int

    private static let head: StaticString = #"{"iteration": "#
    private static let countsKey: StaticString = #", "counts": {"00": "#
    private static let onesKey: StaticString = #", "11": "#
    private static let paddingKey: StaticString = #", "padding": ""#

    init(iteration: Int, counts: (zeros: Int64, ones: Int64), padding: Int) {
        self.iteration = Int64(iteration)
        zeros = counts.zeros
        ones = counts.ones
        self.padding = max(padding, 0)
        var length = Self.head.utf8CodeUnitCount + Self.countsKey.utf8CodeUnitCount + Self.onesKey.utf8CodeUnitCount + 2
        length += Self.decimalCount(self.iteration) + Self.decimalCount(zeros) + Self.decimalCount(ones)
        if self.padding > 0 { length += Self.paddingKey.utf8CodeUnitCount + self.padding + 1 }
        self.length = length
    }

    /// Writes the text at the start of `buffer` (at most its count bytes); returns the bytes written.
    func write(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var at = 0
        func put(_ text: StaticString) {
            text.withUTF8Buffer { bytes in
                for byte in bytes where at < buffer.count {
                    buffer[at] = byte
                    at += 1
                }
            }
        }
        func put(_ byte: UInt8) {
            guard at < buffer.count else { return }
            buffer[at] = byte
            at += 1
        }
        func put(_ value: Int64) {
            if value < 0 { put(UInt8(ascii: "-")) }
            var rest = value.magnitude
            let digits = Self.decimalCount(value) - (value < 0 ? 1 : 0)
            var index = at + digits - 1
            while index >= at {
                if index < buffer.count { buffer[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10) }
                rest /= 10
                index -= 1
            }
            at = min(at + digits, buffer.count)
        }
        put(Self.head)
        put(iteration)
        put(Self.countsKey)
        put(zeros)
        put(Self.onesKey)
        put(ones)
        put(UInt8(ascii: "}"))
        if padding > 0 {
            put(Self.paddingKey)
            let end = min(at + padding, buffer.count)
            if at < end, let base = buffer.baseAddress {
                (base + at).initialize(repeating: UInt8(ascii: "x"), count: end - at)
                at = end
            }
            put(UInt8(ascii: "\""))
        }
        put(UInt8(ascii: "}"))
        return at
    }

    /// The number of characters of `value` in decimal (with the sign).
    static func decimalCount(_ value: Int64) -> Int {
        var rest = value.magnitude
        var count = value < 0 ? 2 : 1
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }
}
