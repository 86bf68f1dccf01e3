/// A zlib stream of many zero bytes made by hand (one fixed-Huffman block: a literal zero, then
/// copies of 258 bytes at distance 1), so tests get a decompression bomb without a compressor.
enum ZlibZeros {
    /// A stream that inflates to `1 + 258 * copies` zero bytes (about 34 bytes per 258 × 8 copies).
    static func stream(copies: Int) -> [UInt8] {
        var writer = BitWriter()
        writer.bits(1, count: 1)  // BFINAL
        writer.bits(1, count: 2)  // BTYPE = fixed Huffman
        writer.code(0x30, count: 8)  // literal 0
        for _ in 0..<copies {
            writer.code(0xC5, count: 8)  // length code 285: 258 bytes
            writer.code(0, count: 5)  // distance code 0: distance 1
        }
        writer.code(0, count: 7)  // end of block
        let total = 1 + 258 * copies
        let adler = UInt32(total % 65521) << 16 | 1
        return [0x78, 0x9C] + writer.bytes + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: adler >> UInt32($0)) }
    }

    private struct BitWriter {
        var bytes: [UInt8] = []
        var used = 8

        /// `count` bits of `value`, least significant first (header fields).
        mutating func bits(_ value: Int, count: Int) {
            for k in 0..<count { bit((value >> k) & 1) }
        }

        /// A Huffman code of `count` bits, most significant first.
        mutating func code(_ value: Int, count: Int) {
            for k in stride(from: count - 1, through: 0, by: -1) { bit((value >> k) & 1) }
        }

        mutating func bit(_ value: Int) {
            if used == 8 {
                bytes.append(0)
                used = 0
            }
            bytes[bytes.count - 1] |= UInt8(value) << UInt8(used)
            used += 1
        }
    }
}
