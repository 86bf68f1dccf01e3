/// Counts equal outcomes among packed rows of a fixed width without building a string per shot.
///
/// Outcomes of up to 8 bytes are counted as integers: in a flat table indexed by the value when
/// the register is small (≤ 16 bits, or ≤ 24 bits with enough shots to fill the table), otherwise
/// in an open-addressing table of 64-bit keys. Wider outcomes are counted by row: a table of
/// (32-bit hash tag, distinct index) slots, rows compared only when their tags agree. Either way
/// each distinct outcome is remembered once (its value, or the first row that holds it), so the
/// caller formats a key per distinct outcome, not per shot.
struct PackedOutcomeCounter {
    /// The distinct outcomes and how often each occurred.
    enum Outcomes {
        /// Outcomes of at most 8 bytes, as big-endian integers.
        case values([UInt64], counts: [Int])
        /// Wider outcomes: the index of a row holding each one.
        case rows([Int], counts: [Int])

        var count: Int {
            switch self {
            case .values(let values, _): return values.count
            case .rows(let rows, _): return rows.count
            }
        }
    }

    /// Counts the `rowCount` rows of `width` bytes at the start of `bytes`.
    static func count(_ bytes: UnsafeRawBufferPointer, rowCount: Int, width: Int, bitCount: Int) -> Outcomes {
        if width == 0 { return .values(rowCount > 0 ? [0] : [], counts: rowCount > 0 ? [rowCount] : []) }
        if width <= 8 {
            if bitCount <= 16 || (bitCount <= 24 && rowCount >= (1 << bitCount) / 8) {
                return direct(bytes, rowCount: rowCount, width: width, bitCount: bitCount)
            }
            return hashedValues(bytes, rowCount: rowCount, width: width)
        }
        return hashedRows(bytes, rowCount: rowCount, width: width)
    }

    /// A big-endian value of `width` ≤ 8 bytes at `offset`.
    @inline(__always)
    private static func value(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ width: Int) -> UInt64 {
        var value: UInt64 = 0
        for k in 0..<width { value = value << 8 | UInt64(bytes[offset + k]) }
        return value
    }

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        var h = x &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        h &*= 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }

    private static func direct(_ bytes: UnsafeRawBufferPointer, rowCount: Int, width: Int, bitCount: Int) -> Outcomes {
        var table = [Int32](repeating: 0, count: 1 << bitCount)
        var overflowed = false
        table.withUnsafeMutableBufferPointer { table in
            var offset = 0
            switch width {
            case 1:
                for _ in 0..<rowCount {
                    table[Int(bytes[offset])] &+= 1
                    offset += 1
                }
            case 2:
                for _ in 0..<rowCount {
                    table[Int(bytes[offset]) << 8 | Int(bytes[offset + 1])] &+= 1
                    offset += 2
                }
            default:
                for _ in 0..<rowCount {
                    table[Int(value(bytes, offset, width))] &+= 1
                    offset += width
                }
            }
            if rowCount > Int(Int32.max) { overflowed = true }
        }
        if overflowed { return hashedValues(bytes, rowCount: rowCount, width: width) }
        var values: [UInt64] = []
        var counts: [Int] = []
        for (value, count) in table.enumerated() where count != 0 {
            values.append(UInt64(value))
            counts.append(Int(count))
        }
        return .values(values, counts: counts)
    }

    private static func hashedValues(_ bytes: UnsafeRawBufferPointer, rowCount: Int, width: Int) -> Outcomes {
        var capacity = 1 << 10
        while capacity < min(rowCount, 1 << 16) * 2 { capacity <<= 1 }
        var keys = [UInt64](repeating: 0, count: capacity)
        // Slot: distinct index + 1, or 0 when empty.
        var slots = [Int](repeating: 0, count: capacity)
        var values: [UInt64] = []
        var counts: [Int] = []
        var offset = 0
        for _ in 0..<rowCount {
            let key = value(bytes, offset, width)
            offset += width
            var mask = capacity - 1
            var slot = Int(truncatingIfNeeded: mix(key)) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 {
                    slots[slot] = values.count + 1
                    keys[slot] = key
                    values.append(key)
                    counts.append(1)
                    if values.count * 2 > capacity {
                        capacity <<= 1
                        mask = capacity - 1
                        keys = [UInt64](repeating: 0, count: capacity)
                        slots = [Int](repeating: 0, count: capacity)
                        for (index, stored) in values.enumerated() {
                            var s = Int(truncatingIfNeeded: mix(stored)) & mask
                            while slots[s] != 0 { s = (s + 1) & mask }
                            slots[s] = index + 1
                            keys[s] = stored
                        }
                    }
                    break
                }
                if keys[slot] == key {
                    counts[entry - 1] += 1
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        return .values(values, counts: counts)
    }

    /// The hash of a row of `width` > 8 bytes.
    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ width: Int) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(width)
        var k = 0
        while width - k >= 8 {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: offset + k, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 31
            k += 8
        }
        if k < width {
            // The last (partial) word, read as the final 8 bytes of the row (width > 8 here).
            h = (h ^ bytes.loadUnaligned(fromByteOffset: offset + width - 8, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
        }
        return mix(h)
    }

    @inline(__always)
    private static func equalRows(_ bytes: UnsafeRawBufferPointer, _ a: Int, _ b: Int, _ width: Int) -> Bool {
        var k = 0
        while width - k >= 8 {
            if bytes.loadUnaligned(fromByteOffset: a + k, as: UInt64.self) != bytes.loadUnaligned(fromByteOffset: b + k, as: UInt64.self) { return false }
            k += 8
        }
        if k < width {
            return bytes.loadUnaligned(fromByteOffset: a + width - 8, as: UInt64.self) == bytes.loadUnaligned(fromByteOffset: b + width - 8, as: UInt64.self)
        }
        return true
    }

    private static func hashedRows(_ bytes: UnsafeRawBufferPointer, rowCount: Int, width: Int) -> Outcomes {
        var capacity = 1 << 10
        while capacity < min(rowCount, 1 << 22) * 2 { capacity <<= 1 }
        // Slot: the hash's upper 32 bits, then distinct index + 1 in the lower 32 bits; 0 is empty.
        var slots = [UInt64](repeating: 0, count: capacity)
        var hashes: [UInt64] = []
        var rows: [Int] = []
        var counts: [Int] = []
        for row in 0..<rowCount {
            let offset = row * width
            let h = hash(bytes, offset, width)
            let tag = h & 0xFFFF_FFFF_0000_0000
            var mask = capacity - 1
            var slot = Int(truncatingIfNeeded: h) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 {
                    rows.append(row)
                    hashes.append(h)
                    counts.append(1)
                    slots[slot] = tag | UInt64(rows.count)
                    if rows.count * 2 > capacity {
                        capacity <<= 1
                        mask = capacity - 1
                        slots = [UInt64](repeating: 0, count: capacity)
                        for (index, stored) in hashes.enumerated() {
                            var s = Int(truncatingIfNeeded: stored) & mask
                            while slots[s] != 0 { s = (s + 1) & mask }
                            slots[s] = stored & 0xFFFF_FFFF_0000_0000 | UInt64(index + 1)
                        }
                    }
                    break
                }
                if entry & 0xFFFF_FFFF_0000_0000 == tag {
                    let index = Int(entry & 0xFFFF_FFFF) - 1
                    if equalRows(bytes, rows[index] * width, offset, width) {
                        counts[index] += 1
                        break
                    }
                }
                slot = (slot + 1) & mask
            }
        }
        return .rows(rows, counts: counts)
    }
}
