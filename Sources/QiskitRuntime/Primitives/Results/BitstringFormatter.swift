/// Writes a packed big-endian outcome as its bitstring (`"0110"`), eight characters per byte
/// from a table.
struct BitstringFormatter {
    let bitCount: Int

    /// The eight ASCII characters of each byte value, most significant bit first, as one
    /// little-endian word (stored as is, the first character lands first).
    private static let table: [UInt64] = (0..<256).map { byte in
        var word: UInt64 = 0
        for k in 0..<8 { word |= UInt64(0x30 + (byte >> (7 - k)) & 1) << UInt64(8 * k) }
        return word
    }

    /// The bitstring of one shot's `ceil(bitCount/8)` bytes.
    func string(_ bytes: UnsafeRawBufferPointer) -> String {
        let bitCount = self.bitCount
        guard bitCount > 0, !bytes.isEmpty else { return "" }
        return Self.table.withUnsafeBufferPointer { table in
            String(unsafeUninitializedCapacity: bitCount) { out in
                guard let base = out.baseAddress else { return 0 }
                let lead = bitCount - 8 * (bytes.count - 1)
                let first = bytes[0]
                for k in 0..<lead { base[k] = 0x30 + (first >> UInt8(lead - 1 - k)) & 1 }
                var offset = lead
                let raw = UnsafeMutableRawPointer(base)
                for index in 1..<bytes.count {
                    raw.storeBytes(of: table[Int(bytes[index])].littleEndian, toByteOffset: offset, as: UInt64.self)
                    offset += 8
                }
                return bitCount
            }
        }
    }
}
