/// Counts equal outcomes among packed rows of a fixed width without building a string per shot.
///
/// Outcomes of up to 8 bytes are counted as integers: in a flat table indexed by the value when
/// the register is small (≤ 16 bits, or ≤ 24 bits with enough shots to fill the table), otherwise
/// in an open-addressing table of 64-bit keys. Wider outcomes are counted by row: a table of
/// (hash tag, distinct index) slots, rows compared only when their tags agree. Either way each
/// distinct outcome is remembered once (its value, or the first row that holds it), so the caller
/// formats a key per distinct outcome, not per shot.
///
/// The work splits into disjoint parts for several threads: part `p` of `n` counts only the
/// outcomes whose value (flat table) or hash (the other two) falls in its share, reading every
/// row; the parts' outcomes together are those of one whole count, each in exactly one part.
struct PackedOutcomeCounter {
    /// The distinct outcomes and how often each occurred.
    struct Outcomes {
        /// Whether ``keys`` are the outcomes themselves (at most 8 bytes, as big-endian integers)
        /// or the index of a row holding each one (wider outcomes).
        var keysAreRows: Bool
        /// Per distinct outcome: its value, or the index of a row that holds it.
        var keys: [UInt64]
        /// Per distinct outcome: how many rows hold it.
        var counts: [Int]

        var count: Int { keys.count }
    }

    /// How the rows of a given width and bit count are counted.
    enum Method {
        case direct
        case hashedValues
        case hashedRows
    }

    /// The method for `rowCount` rows of `width` bytes holding `bitCount` bits.
    static func method(rowCount: Int, width: Int, bitCount: Int) -> Method {
        if width > 8 { return .hashedRows }
        if bitCount <= 16 || (bitCount <= 24 && rowCount >= (1 << bitCount) / 8), rowCount <= Int(Int32.max) { return .direct }
        return .hashedValues
    }

    /// Counts the `rowCount` rows of `width` bytes at the start of `bytes`; with `parts` > 1, only
    /// the outcomes of share `part` (see the type's description). `parts` is a power of two.
    static func count(_ bytes: UnsafeRawBufferPointer, rowCount: Int, width: Int, bitCount: Int,
                      part: Int = 0, of parts: Int = 1) -> Outcomes {
        if width == 0 {
            // No bits: every shot is the empty outcome.
            let any = rowCount > 0 && part == 0
            return Outcomes(keysAreRows: false, keys: any ? [0] : [], counts: any ? [rowCount] : [])
        }
        guard rowCount > 0, let base = bytes.baseAddress else { return Outcomes(keysAreRows: width > 8, keys: [], counts: []) }
        switch method(rowCount: rowCount, width: width, bitCount: bitCount) {
        case .direct: return direct(base, rowCount: rowCount, width: width, bitCount: bitCount, part: part, of: parts)
        case .hashedValues: return hashedValues(base, rowCount: rowCount, width: width, part: part, of: parts)
        case .hashedRows: return hashedRows(base, rowCount: rowCount, width: width, part: part, of: parts)
        }
    }

    /// A big-endian value of `width` ≤ 8 bytes at `offset`.
    @inline(__always)
    static func value(_ bytes: UnsafeRawPointer, _ offset: Int, _ width: Int) -> UInt64 {
        var value: UInt64 = 0
        for k in 0..<width { value = value << 8 | UInt64(bytes.load(fromByteOffset: offset + k, as: UInt8.self)) }
        return value
    }

    /// The hash of an outcome of any `width` at `offset`: the same function the counter's tables
    /// use (``OutcomeCounts`` indexes its outcomes with it).
    @inline(__always)
    static func outcomeHash(_ bytes: UnsafeRawPointer, _ offset: Int, _ width: Int) -> UInt64 {
        width > 8 ? hash(bytes, offset, width) : mix(value(bytes, offset, width))
    }

    /// Whether the outcomes of `width` bytes at offsets `a` of `first` and `b` of `second` are equal.
    @inline(__always)
    static func equalOutcomes(_ first: UnsafeRawPointer, _ a: Int, _ second: UnsafeRawPointer, _ b: Int, _ width: Int) -> Bool {
        if width <= 8 { return value(first, a, width) == value(second, b, width) }
        var k = 0
        while width - k >= 8 {
            if first.loadUnaligned(fromByteOffset: a + k, as: UInt64.self) != second.loadUnaligned(fromByteOffset: b + k, as: UInt64.self) { return false }
            k += 8
        }
        if k < width {
            return first.loadUnaligned(fromByteOffset: a + width - 8, as: UInt64.self) == second.loadUnaligned(fromByteOffset: b + width - 8, as: UInt64.self)
        }
        return true
    }

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        var h = x &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        h &*= 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }

    /// The share of a hash: its top bits.
    @inline(__always)
    private static func share(_ hash: UInt64, _ parts: Int) -> Int {
        parts == 1 ? 0 : Int(truncatingIfNeeded: hash >> UInt64(64 - parts.trailingZeroBitCount))
    }

    private static func direct(_ bytes: UnsafeRawPointer, rowCount: Int, width: Int, bitCount: Int, part: Int, of parts: Int) -> Outcomes {
        // The values of share `part`: one contiguous range of the 2^bitCount possible ones.
        let all = 1 << bitCount
        let span = max(1, (all + parts - 1) / parts)
        let low = min(all, part * span)
        let high = min(all, low + span)
        guard low < high else { return Outcomes(keysAreRows: false, keys: [], counts: []) }
        let table = UnsafeMutableBufferPointer<Int32>.allocate(capacity: high - low)
        defer { table.deallocate() }
        table.initialize(repeating: 0)
        let tableBase = table.baseAddress.unsafelyUnwrapped
        let lowValue = UInt(low)
        let range = UInt(high - low)
        var offset = 0
        for _ in 0..<rowCount {
            let index = UInt(value(bytes, offset, width)) &- lowValue
            if index < range { tableBase[Int(index)] &+= 1 }
            offset += width
        }
        var distinct = 0
        for count in table where count != 0 { distinct += 1 }
        var keys: [UInt64] = []
        var counts: [Int] = []
        keys.reserveCapacity(distinct)
        counts.reserveCapacity(distinct)
        for index in 0..<(high - low) where tableBase[index] != 0 {
            keys.append(UInt64(low + index))
            counts.append(Int(tableBase[index]))
        }
        return Outcomes(keysAreRows: false, keys: keys, counts: counts)
    }

    /// Distinct keys and their counts in flat buffers, room for `capacity / 2` entries.
    private struct Entries {
        var keys: UnsafeMutablePointer<UInt64>
        var counts: UnsafeMutablePointer<Int>
        var count = 0

        init(room: Int) {
            keys = .allocate(capacity: room)
            counts = .allocate(capacity: room)
        }

        func grown(room: Int) -> Entries {
            var bigger = Entries(room: room)
            bigger.keys.moveInitialize(from: keys, count: count)
            bigger.counts.moveInitialize(from: counts, count: count)
            bigger.count = count
            return bigger
        }

        func free() {
            keys.deallocate()
            counts.deallocate()
        }

        func outcomes(keysAreRows: Bool) -> Outcomes {
            Outcomes(keysAreRows: keysAreRows,
                     keys: Array(UnsafeBufferPointer(start: keys, count: count)),
                     counts: Array(UnsafeBufferPointer(start: counts, count: count)))
        }
    }

    /// The initial table size for `rows` rows: twice the rows, at most 2^17 slots.
    private static func initialCapacity(rows: Int) -> Int {
        var capacity = 1 << 10
        while capacity < min(rows, 1 << 16) * 2 { capacity <<= 1 }
        return capacity
    }

    /// Doubles a table: new empty slots, the entries moved to room for half of them, and each
    /// entry placed again by `place`, which gives its hash and its slot's value.
    private static func grow<Slot: FixedWidthInteger>(_ slots: inout UnsafeMutablePointer<Slot>, capacity: inout Int, entries: inout Entries,
                                                      place: (Entries, Int) -> (hash: UInt64, slot: Slot)) {
        capacity <<= 1
        let mask = capacity - 1
        slots.deallocate()
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        let old = entries
        entries = old.grown(room: capacity / 2)
        old.free()
        for index in 0..<entries.count {
            let (hash, value) = place(entries, index)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = value
        }
    }

    private static func hashedValues(_ bytes: UnsafeRawPointer, rowCount: Int, width: Int, part: Int, of parts: Int) -> Outcomes {
        var capacity = initialCapacity(rows: rowCount / parts)
        var mask = capacity - 1
        // Slot: distinct index + 1, or 0 when empty; the key is read from `entries`.
        var slots = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        var entries = Entries(room: capacity / 2)
        var offset = 0
        for _ in 0..<rowCount {
            let key = value(bytes, offset, width)
            offset += width
            let h = mix(key)
            if share(h, parts) != part { continue }
            var slot = Int(truncatingIfNeeded: h) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 {
                    entries.keys[entries.count] = key
                    entries.counts[entries.count] = 1
                    entries.count += 1
                    slots[slot] = entries.count
                    if entries.count * 2 >= capacity {
                        grow(&slots, capacity: &capacity, entries: &entries) { entries, index in
                            (mix(entries.keys[index]), index + 1)
                        }
                        mask = capacity - 1
                    }
                    break
                }
                if entries.keys[entry - 1] == key {
                    entries.counts[entry - 1] += 1
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        slots.deallocate()
        defer { entries.free() }
        return entries.outcomes(keysAreRows: false)
    }

    /// The hash of a row of `width` > 8 bytes.
    @inline(__always)
    private static func hash(_ bytes: UnsafeRawPointer, _ offset: Int, _ width: Int) -> UInt64 {
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
    private static func equalRows(_ bytes: UnsafeRawPointer, _ a: Int, _ b: Int, _ width: Int) -> Bool {
        equalOutcomes(bytes, a, bytes, b, width)
    }

    private static func hashedRows(_ bytes: UnsafeRawPointer, rowCount: Int, width: Int, part: Int, of parts: Int) -> Outcomes {
        var capacity = initialCapacity(rows: rowCount / parts)
        var mask = capacity - 1
        // Slot: the hash's upper 24 bits, then distinct index + 1 in the lower 40 bits; 0 is empty.
        let tagMask: UInt64 = 0xFFFF_FF00_0000_0000
        var slots = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        var entries = Entries(room: capacity / 2)
        for row in 0..<rowCount {
            let offset = row * width
            let h = hash(bytes, offset, width)
            if share(h, parts) != part { continue }
            let tag = h & tagMask
            var slot = Int(truncatingIfNeeded: h) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 {
                    entries.keys[entries.count] = UInt64(row)
                    entries.counts[entries.count] = 1
                    entries.count += 1
                    slots[slot] = tag | UInt64(entries.count)
                    if entries.count * 2 >= capacity {
                        grow(&slots, capacity: &capacity, entries: &entries) { entries, index in
                            let stored = hash(bytes, Int(entries.keys[index]) * width, width)
                            return (stored, stored & tagMask | UInt64(index + 1))
                        }
                        mask = capacity - 1
                    }
                    break
                }
                if entry & tagMask == tag {
                    let index = Int(entry & ~tagMask) - 1
                    if equalRows(bytes, Int(entries.keys[index]) * width, offset, width) {
                        entries.counts[index] += 1
                        break
                    }
                }
                slot = (slot + 1) & mask
            }
        }
        slots.deallocate()
        defer { entries.free() }
        return entries.outcomes(keysAreRows: true)
    }
}
