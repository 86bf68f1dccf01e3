/// Bounds-checked big-endian reads over QPY bytes; every overrun is a ``CircuitError``.
struct QPYByteReader {
    private let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = start
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var remaining: Int { end - offset }

    private func failure(_ what: String) -> CircuitError {
        CircuitError(.invalidQPY, "QPY: truncated data reading \(what) at byte \(offset)")
    }

    mutating func bytes(_ count: Int, _ what: String) throws(CircuitError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw failure(what) }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func skip(_ count: UInt64, _ what: String) throws(CircuitError) {
        guard count <= UInt64(remaining) else { throw failure(what) }
        offset += Int(count)
    }

    /// A sub-reader over the next `count` bytes, which this reader skips.
    mutating func subReader(_ count: UInt64, _ what: String) throws(CircuitError) -> QPYByteReader {
        guard count <= UInt64(remaining) else { throw failure(what) }
        let sub = QPYByteReader(bytes, from: offset, to: offset + Int(count))
        offset += Int(count)
        return sub
    }

    mutating func unsigned(_ width: Int, _ what: String) throws(CircuitError) -> UInt64 {
        let slice = try bytes(width, what)
        var value: UInt64 = 0
        for byte in slice { value = value << 8 | UInt64(byte) }
        return value
    }

    mutating func u8(_ what: String) throws(CircuitError) -> UInt8 { UInt8(try unsigned(1, what)) }
    mutating func u16(_ what: String) throws(CircuitError) -> Int { Int(try unsigned(2, what)) }
    mutating func u32(_ what: String) throws(CircuitError) -> Int { Int(try unsigned(4, what)) }
    mutating func u64(_ what: String) throws(CircuitError) -> UInt64 { try unsigned(8, what) }
    mutating func i64(_ what: String) throws(CircuitError) -> Int64 { Int64(bitPattern: try unsigned(8, what)) }
    mutating func f64(_ what: String) throws(CircuitError) -> Double { Double(bitPattern: try unsigned(8, what)) }

    /// A little-endian 8-byte value (QPY ≤ 17 writes instruction-parameter ints and floats so).
    mutating func littleEndian64(_ what: String) throws(CircuitError) -> UInt64 {
        let slice = try bytes(8, what)
        var value: UInt64 = 0
        for byte in slice.reversed() { value = value << 8 | UInt64(byte) }
        return value
    }

    mutating func character(_ what: String) throws(CircuitError) -> Character {
        Character(UnicodeScalar(try u8(what)))
    }

    mutating func string(_ count: Int, _ what: String) throws(CircuitError) -> String {
        String(decoding: try bytes(count, what), as: UTF8.self)
    }
}
