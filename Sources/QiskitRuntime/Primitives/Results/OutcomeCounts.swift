/// How often each distinct outcome of a ``BitArray`` occurred, kept packed: qiskit's
/// `get_counts()` without a `String` per outcome.
///
/// ``BitArray/counts()`` answers with a `[String: Int]`, which costs a heap-allocated, hashed
/// string per distinct outcome (a register of more than 15 bits does not fit Swift's inline small
/// strings): for 100,000 distinct outcomes of 127 bits that is most of the time from result text to
/// counts. `OutcomeCounts` holds the distinct outcomes' packed bytes in one buffer, their counts,
/// and an index over the bytes; a bitstring is made only when you ask for one.
///
/// ```swift
/// let counts = bits.outcomeCounts()
/// counts["0110"]                       // 12, as with a [String: Int]; nil if never seen
/// counts[integer: 6]                   // 12 (registers of up to 64 bits)
/// for outcome in counts.mostFrequent(3) {
///     print(outcome.bitstring, outcome.count)
/// }
/// let dictionary = counts.dictionary   // the [String: Int] of counts(), when you need one
/// ```
///
/// It is a random-access collection of ``Outcome`` values, one per distinct outcome, in the order
/// they were counted: the same for the same bytes, ascending value when the register is counted in
/// a table of every value (up to 16 bits, or up to 24 bits with at least `2^bits / 8` shots), the
/// order of first occurrence otherwise. Do not rely on it: ``mostFrequent(_:)`` and `sorted(by:)`
/// give a defined order. Bitstrings are in the register's bit order, most significant bit first, as
/// ``BitArray/counts()`` writes them.
///
/// Two values are equal when the same outcomes occurred as often, whatever their order.
public struct OutcomeCounts: Sendable, RandomAccessCollection, Hashable, CustomStringConvertible {
    /// The number of bits of each outcome (the register's bits).
    public let bitCount: Int
    /// The number of shots counted: the sum of every outcome's count.
    public let totalShots: Int
    /// Bytes per outcome: `ceil(bitCount / 8)`.
    let width: Int
    /// The distinct outcomes' packed big-endian bytes, `width` each in collection order, then 8
    /// zero bytes (so that the buffer is never empty and has a base address).
    let rows: [UInt8]
    /// How often each distinct outcome occurred, in collection order.
    let tallies: [Int]
    /// Finds an outcome's index from its bytes.
    let lookup: Lookup

    /// How outcomes are found from their bytes.
    enum Lookup: Sendable {
        /// Registers of at most 24 bits with many distinct outcomes: one entry per possible value,
        /// its outcome's index + 1, or 0 when it never occurred.
        case direct([UInt32])
        /// Open addressing, linear probing. A slot is 0 when empty, otherwise the upper 24 bits of
        /// the outcome's hash, then its index + 1 in the lower 40 bits.
        case hashed([UInt64])
    }

    /// The slot's tag bits.
    private static let tagMask: UInt64 = 0xFFFF_FF00_0000_0000

    // MARK: Creating

    /// Counts `rowCount` packed rows of `width` bytes (the bytes of a ``BitArray``).
    init(rows packed: UnsafeRawBufferPointer, rowCount: Int, bitCount: Int) {
        let width = (bitCount + 7) / 8
        let counted = PackedOutcomeCounter.count(packed, rowCount: rowCount, width: width, bitCount: bitCount)
        self.init(counted, from: packed, bitCount: bitCount, totalShots: rowCount)
    }

    /// Gathers counted outcomes into one buffer (`from` holds the rows their keys refer to) and
    /// indexes them.
    init(_ counted: PackedOutcomeCounter.Outcomes, from packed: UnsafeRawBufferPointer, bitCount: Int, totalShots: Int) {
        let width = (bitCount + 7) / 8
        let distinct = counted.count
        self.bitCount = bitCount
        self.width = width
        self.totalShots = totalShots
        self.tallies = counted.counts
        let rows = [UInt8](unsafeUninitializedCapacity: distinct * width + 8) { buffer, initialized in
            // The capacity is at least 8, so the buffer has a base address.
            let out = UnsafeMutableRawPointer(buffer.baseAddress.unsafelyUnwrapped)
            out.initializeMemory(as: UInt8.self, repeating: 0, count: distinct * width + 8)
            initialized = distinct * width + 8
            counted.keys.withUnsafeBufferPointer { keys in
                if counted.keysAreRows {
                    // Row indices into `packed` (which has rows whenever there are keys).
                    guard let source = packed.baseAddress else { return }
                    for index in 0..<distinct {
                        (out + index * width).copyMemory(from: source + Int(keys[index]) * width, byteCount: width)
                    }
                } else if width <= 8 {
                    // Values of at most 8 bytes: their big-endian bytes.
                    for index in 0..<distinct {
                        var bigEndian = keys[index].bigEndian
                        withUnsafeBytes(of: &bigEndian) { (out + index * width).copyMemory(from: $0.baseAddress.unsafelyUnwrapped + (8 - width), byteCount: width) }
                    }
                }
            }
        }
        self.rows = rows
        if Self.usesDirectLookup(bitCount: bitCount, distinct: distinct) {
            self.lookup = .direct(Self.directLookup(rows, count: distinct, bitCount: bitCount))
        } else {
            self.lookup = .hashed(Self.hashedLookup(rows, count: distinct, width: width))
        }
    }

    /// Whether `distinct` outcomes of `bitCount` bits are looked up in a table of every value: at
    /// most 24 bits, and no more than 4 possible values per distinct outcome (the table's 4 bytes
    /// an entry then cost no more than the hashed table's 16 an outcome).
    static func usesDirectLookup(bitCount: Int, distinct: Int) -> Bool {
        bitCount <= 24 && distinct < Int(UInt32.max) && 1 << bitCount <= 4 * Swift.max(distinct, 4)
    }

    /// The table of every value of `bitCount` ≤ 24 bits: its outcome's index + 1, or 0.
    private static func directLookup(_ rows: [UInt8], count: Int, bitCount: Int) -> [UInt32] {
        let width = (bitCount + 7) / 8
        var table = [UInt32](repeating: 0, count: 1 << bitCount)
        table.withUnsafeMutableBufferPointer { table in
            rows.withUnsafeBytes { raw in
                let base = raw.baseAddress.unsafelyUnwrapped
                // Masked: the values have no bits above `bitCount` (a bit array clears them), and the
                // mask keeps a write inside the table whatever the bytes.
                let mask = (1 << bitCount) - 1
                for index in 0..<count {
                    table[Int(truncatingIfNeeded: PackedOutcomeCounter.value(base, index * width, width)) & mask] = UInt32(index + 1)
                }
            }
        }
        return table
    }

    /// The hashed table for `count` outcomes of `width` bytes in `rows`: at least twice as many
    /// slots as outcomes (a power of two, 16 or more).
    private static func hashedLookup(_ rows: [UInt8], count: Int, width: Int) -> [UInt64] {
        var capacity = 16
        while capacity < 2 * count { capacity <<= 1 }
        let mask = capacity - 1
        return [UInt64](unsafeUninitializedCapacity: capacity) { slots, initialized in
            slots.initialize(repeating: 0)
            initialized = capacity
            rows.withUnsafeBytes { raw in
                // `rows` always has its padding, so the base address exists.
                let base = raw.baseAddress.unsafelyUnwrapped
                for index in 0..<count {
                    let hash = PackedOutcomeCounter.outcomeHash(base, index * width, width)
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while slots[slot] != 0 { slot = (slot + 1) & mask }
                    slots[slot] = hash & tagMask | UInt64(index + 1)
                }
            }
        }
    }

    // MARK: Looking up

    /// The index of the outcome whose `width` packed bytes are at `key`, if it occurred.
    func position(ofPacked key: UnsafeRawPointer) -> Int? {
        switch lookup {
        case .direct(let table):
            // Every outcome's bits above `bitCount` are clear (a bit array clears them, and the
            // lookups build their keys from `bitCount` bits); a key past the table is absent.
            let value = Int(truncatingIfNeeded: PackedOutcomeCounter.value(key, 0, width))
            guard value >= 0, value < table.count, table[value] != 0 else { return nil }
            return Int(table[value]) - 1
        case .hashed(let slots):
            return position(ofPacked: key, in: slots)
        }
    }

    /// ``position(ofPacked:)`` in a hashed table.
    private func position(ofPacked key: UnsafeRawPointer, in slots: [UInt64]) -> Int? {
        let mask = slots.count - 1
        let hash = PackedOutcomeCounter.outcomeHash(key, 0, width)
        let tag = hash & Self.tagMask
        return rows.withUnsafeBytes { raw in
            let base = raw.baseAddress.unsafelyUnwrapped
            return slots.withUnsafeBufferPointer { slots in
                var slot = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let entry = slots[slot]
                    if entry == 0 { return nil }
                    if entry & Self.tagMask == tag {
                        let index = Int(entry & ~Self.tagMask) - 1
                        if PackedOutcomeCounter.equalOutcomes(base, index * width, key, 0, width) { return index }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// How often the outcome with this bitstring occurred (most significant bit first, exactly
    /// ``bitCount`` characters of `0` and `1`), or nil if it never did, as a `[String: Int]`
    /// answers: `counts["0110"]`. A string of another length or with other characters is an
    /// outcome that never occurred (nil).
    public subscript(_ bitstring: some StringProtocol) -> Int? {
        if let found = bitstring.utf8.withContiguousStorageIfAvailable({ count(ofBitstring: $0) }) { return found }
        return Array(bitstring.utf8).withUnsafeBufferPointer { count(ofBitstring: $0) }
    }

    /// How often the outcome with these packed bytes occurred (big-endian, ``BitArray/bytesPerShot``
    /// of them, as ``Outcome/bytes`` and ``BitArray/shotBytes(shot:at:)`` give them), or nil if it
    /// never did. Bytes of another length, or with bits set above ``bitCount``, are no outcome (nil).
    public subscript(packed bytes: some Collection<UInt8>) -> Int? {
        guard bytes.count == width else { return nil }
        if width > 0, let first = bytes.first, first & ~BitArray.leadMask(bitCount: bitCount) != 0 { return nil }
        return count(ofKeyWrittenBy: { out in
            for (offset, byte) in bytes.enumerated() { out.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self) }
            return true
        })
    }

    /// The count of the outcome written as the UTF-8 characters `text`, or nil.
    private func count(ofBitstring text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard text.count == bitCount else { return nil }
        return count(ofKeyWrittenBy: { out in
            for (offset, character) in text.reversed().enumerated() {
                switch character {
                case UInt8(ascii: "0"): continue
                case UInt8(ascii: "1"):
                    let byte = width - 1 - offset / 8
                    out.storeBytes(of: out.load(fromByteOffset: byte, as: UInt8.self) | 1 << UInt8(offset % 8), toByteOffset: byte, as: UInt8.self)
                default: return false
                }
            }
            return true
        })
    }

    /// The count of the outcome whose packed bytes `write` puts into a zeroed key of ``width``
    /// bytes; nil when `write` refuses (returns false) or the outcome never occurred.
    private func count(ofKeyWrittenBy write: (UnsafeMutableRawPointer) -> Bool) -> Int? {
        // One spare byte: a buffer of at least one.
        withUnsafeTemporaryAllocation(byteCount: width + 1, alignment: 8) { key in
            let out = key.baseAddress.unsafelyUnwrapped
            out.initializeMemory(as: UInt8.self, repeating: 0, count: width + 1)
            guard write(out) else { return nil }
            return position(ofPacked: UnsafeRawPointer(out)).map { tallies[$0] }
        }
    }

    /// How often the outcome with this integer value occurred, or nil if it never did (or does not
    /// fit in ``bitCount`` bits). Registers of more than 64 bits: the value's outcome has zeros
    /// above bit 63.
    public subscript(integer value: UInt64) -> Int? {
        guard bitCount >= 64 || value >> UInt64(bitCount) == 0 else { return nil }
        return count(ofKeyWrittenBy: { out in
            for byte in 0..<Swift.min(width, 8) {
                out.storeBytes(of: UInt8(truncatingIfNeeded: value >> UInt64(8 * byte)), toByteOffset: width - 1 - byte, as: UInt8.self)
            }
            return true
        })
    }

    // MARK: Collection

    /// One distinct outcome and how often it occurred. Two are equal when both their bits and
    /// their counts are.
    public struct Outcome: Sendable, Hashable, CustomStringConvertible {
        /// How often the outcome occurred.
        public let count: Int
        /// The number of bits of the outcome.
        public let bitCount: Int
        /// The packed bytes of every outcome of the collection it came from.
        let rows: [UInt8]
        /// Where its bytes start in ``rows``.
        let offset: Int

        /// Where its bytes are in ``rows``.
        private var range: Range<Int> { offset..<offset + (bitCount + 7) / 8 }

        /// The outcome's packed bytes, big-endian (``BitArray/bytesPerShot`` of them).
        public var bytes: [UInt8] {
            Array(rows[range])
        }

        /// The outcome as a bitstring, most significant bit first (`"0110"`).
        public var bitstring: String {
            rows.withUnsafeBytes { raw in
                BitstringFormatter(bitCount: bitCount).string(UnsafeRawBufferPointer(rebasing: raw[range]))
            }
        }

        /// The outcome as an integer, or nil when it has more than 64 bits.
        public var integer: UInt64? {
            bitCount <= 64 ? BitArray.integer(rows[range]) : nil
        }

        /// `"0110": 12`.
        public var description: String { "\"\(bitstring)\": \(count)" }

        public static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            lhs.count == rhs.count && lhs.bitCount == rhs.bitCount && lhs.rows[lhs.range].elementsEqual(rhs.rows[rhs.range])
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(count)
            hasher.combine(bitCount)
            for byte in rows[range] { hasher.combine(byte) }
        }
    }

    /// The position of the first outcome (0).
    public var startIndex: Int { 0 }
    /// One past the last outcome: the number of distinct outcomes.
    public var endIndex: Int { tallies.count }

    /// The distinct outcome at `position`.
    /// - Precondition: `position` is in `0..<count` (like `Array`'s subscript).
    public subscript(position: Int) -> Outcome {
        precondition(position >= 0 && position < tallies.count, "outcome \(position) is out of bounds for \(tallies.count) outcomes")
        return Outcome(count: tallies[position], bitCount: bitCount, rows: rows, offset: position * width)
    }

    // MARK: Views

    /// Up to this many, ``mostFrequent(_:)`` keeps the best in one pass; more, it sorts them all.
    static let selectionLimit = 64

    /// The `n` most frequent outcomes, most frequent first; outcomes of equal count in ascending
    /// bitstring order. Fewer when there are fewer distinct outcomes. Strings are made for these
    /// `n` only.
    public func mostFrequent(_ n: Int) -> [Outcome] {
        guard n > 0, !isEmpty else { return [] }
        return rows.withUnsafeBytes { raw in
            let base = raw.baseAddress.unsafelyUnwrapped
            // Whether outcome `a` comes before `b`: larger count, then smaller bytes.
            func before(_ a: Int, _ b: Int) -> Bool {
                if tallies[a] != tallies[b] { return tallies[a] > tallies[b] }
                for k in 0..<width {
                    let x = base.load(fromByteOffset: a * width + k, as: UInt8.self)
                    let y = base.load(fromByteOffset: b * width + k, as: UInt8.self)
                    if x != y { return x < y }
                }
                return false
            }
            var top: [Int]
            if n > Self.selectionLimit {
                top = Array(indices).sorted(by: before)
                top.removeLast(Swift.max(0, top.count - n))
            } else {
                // One pass keeping the best n, in order.
                top = []
                top.reserveCapacity(n + 1)
                for candidate in indices {
                    if top.count == n, let last = top.last, !before(candidate, last) { continue }
                    var low = 0
                    var high = top.count
                    while low < high {
                        let middle = (low + high) / 2
                        if before(top[middle], candidate) { low = middle + 1 } else { high = middle }
                    }
                    top.insert(candidate, at: low)
                    if top.count > n { top.removeLast() }
                }
            }
            return top.map { self[$0] }
        }
    }

    /// The same counts as a dictionary keyed by bitstring: what ``BitArray/counts()`` returns. It
    /// makes one `String` per distinct outcome.
    public var dictionary: [String: Int] {
        let distinct = count
        return rows.withUnsafeBytes { raw in
            BitstringFormatter(bitCount: bitCount).withWriter { writer in
                let outcomes = PackedOutcomeCounter.Outcomes(keysAreRows: true, keys: Array(0..<UInt64(distinct)), counts: tallies)
                return CountsDictionaryBuilder(writer: writer, rows: raw.baseAddress).build([outcomes])
            }
        }
    }

    /// The outcomes as a dictionary literal, in collection order: `["00": 503, "11": 521]`; after
    /// 16 outcomes, how many more there are.
    public var description: String {
        let shown = prefix(16).map(\.description).joined(separator: ", ")
        if count > 16 { return "[\(shown), … \(count - 16) more]" }
        return count == 0 ? "[:]" : "[\(shown)]"
    }

    /// Equal when both have the same bit count and every outcome occurred as often in both
    /// (whatever the order).
    public static func == (lhs: OutcomeCounts, rhs: OutcomeCounts) -> Bool {
        guard lhs.bitCount == rhs.bitCount, lhs.count == rhs.count, lhs.totalShots == rhs.totalShots else { return false }
        return lhs.rows.withUnsafeBytes { raw in
            let base = raw.baseAddress.unsafelyUnwrapped
            return lhs.indices.allSatisfy { index in
                rhs.position(ofPacked: base + index * lhs.width).map { rhs.tallies[$0] } == lhs.tallies[index]
            }
        }
    }

    /// Hashes the bit count and the outcomes with their counts, whatever their order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(bitCount)
        hasher.combine(count)
        var sum: UInt64 = 0
        for outcome in self { sum &+= UInt64(bitPattern: Int64(outcome.hashValue)) }
        hasher.combine(sum)
    }
}
