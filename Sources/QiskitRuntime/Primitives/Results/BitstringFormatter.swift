/// Writes a packed big-endian outcome as its bitstring (`"0110"`), eight characters per byte
/// from a table.
///
/// Each byte of the outcome becomes one 8-byte store of its eight characters; the first byte,
/// which holds `bitCount − 8·(width − 1)` meaningful bits, is stored first and the next store
/// overwrites what lies past its characters. So a key of `bitCount` characters is written with
/// `width` stores and no loop over characters, straight into the string's own storage.
struct BitstringFormatter {
    /// The number of characters (the register's bits).
    let bitCount: Int
    /// Bytes per outcome: `ceil(bitCount / 8)`.
    let width: Int

    init(bitCount: Int) {
        self.bitCount = bitCount
        self.width = (bitCount + 7) / 8
    }

    /// The eight ASCII characters of each byte value, most significant bit first, as one
    /// little-endian word (stored as is, the first character lands first).
    private static let table: [UInt64] = (0..<256).map { byte in
        var word: UInt64 = 0
        for k in 0..<8 { word |= UInt64(0x30 + (byte >> (7 - k)) & 1) << UInt64(8 * k) }
        return word
    }

    /// Runs `body` with a writer that holds the table, for formatting many outcomes.
    func withWriter<R>(_ body: (Writer) throws -> R) rethrows -> R {
        try Self.table.withUnsafeBufferPointer { table in
            // The table has 256 entries, so its base address exists.
            try body(Writer(bitCount: bitCount, width: width, table: table.baseAddress.unsafelyUnwrapped))
        }
    }

    /// The bitstring of one shot's `width` bytes.
    func string(_ bytes: UnsafeRawBufferPointer) -> String {
        guard bitCount > 0, bytes.count >= width, let base = bytes.baseAddress else { return "" }
        return withWriter { $0.string(row: base) }
    }

    /// Formats outcomes with the table at hand.
    struct Writer {
        let bitCount: Int
        let width: Int
        let table: UnsafePointer<UInt64>

        /// Writes the `bitCount` characters of the `width` big-endian bytes at `row` into `out`,
        /// which has room for exactly `bitCount` bytes.
        @inline(__always)
        func write(row: UnsafeRawPointer, into out: UnsafeMutableRawPointer) {
            let lead = bitCount - 8 * (width - 1)
            let first = row.load(as: UInt8.self)
            if width == 1 {
                // At most 8 characters: the store must not pass the end.
                for k in 0..<lead { out.storeBytes(of: 0x30 + (first >> UInt8(lead - 1 - k)) & 1, toByteOffset: k, as: UInt8.self) }
                return
            }
            // The first byte's last `lead` characters, then one whole word per byte; each store
            // lands `lead + 8·(i − 1)` bytes in, overwriting the spare bytes of the one before,
            // and the last ends exactly at `bitCount`.
            out.storeBytes(of: (table[Int(first)] >> UInt64(8 * (8 - lead))).littleEndian, as: UInt64.self)
            var offset = lead
            for index in 1..<width {
                out.storeBytes(of: table[Int(row.load(fromByteOffset: index, as: UInt8.self))].littleEndian, toByteOffset: offset, as: UInt64.self)
                offset += 8
            }
        }

        /// The bitstring of the `width` big-endian bytes at `row`.
        @inline(__always)
        func string(row: UnsafeRawPointer) -> String {
            guard bitCount > 0 else { return "" }
            return String(unsafeUninitializedCapacity: bitCount) { out in
                // A buffer of `bitCount` > 0 bytes has a base address.
                write(row: row, into: UnsafeMutableRawPointer(out.baseAddress.unsafelyUnwrapped))
                return bitCount
            }
        }

        /// The bitstring of an outcome of at most 8 bytes given as an integer.
        @inline(__always)
        func string(value: UInt64) -> String {
            var bigEndian = value.bigEndian
            return withUnsafeBytes(of: &bigEndian) { string(row: $0.baseAddress.unsafelyUnwrapped + (8 - width)) }
        }

        /// Writes the characters of an integer outcome (at most 8 bytes) into `out`.
        @inline(__always)
        func write(value: UInt64, into out: UnsafeMutableRawPointer) {
            var bigEndian = value.bigEndian
            withUnsafeBytes(of: &bigEndian) { write(row: $0.baseAddress.unsafelyUnwrapped + (8 - width), into: out) }
        }
    }
}
