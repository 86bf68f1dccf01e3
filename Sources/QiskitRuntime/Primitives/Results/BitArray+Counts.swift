extension BitArray {
    /// How often each outcome occurred over all positions and shots, keyed by bitstring (most
    /// significant bit first, `bitCount` characters): qiskit's `get_counts()`.
    ///
    /// Counting works on the packed bytes; a bitstring is formatted once per distinct outcome.
    /// For the counts of one position of a sweep, index first: `bits[1, 2].counts()`.
    public func counts() -> [String: Int] {
        let formatter = BitstringFormatter(bitCount: bitCount)
        let width = bytesPerShot
        return packedBytes.withUnsafeBytes { raw in
            let outcomes = PackedOutcomeCounter.count(raw, rowCount: totalShots, width: width, bitCount: bitCount)
            // Twice the room needed: fewer probes that compare whole strings (Dictionary keeps no
            // hashes, so each occupied bucket on the way costs a string comparison).
            var result = [String: Int](minimumCapacity: outcomes.count * 2)
            switch outcomes {
            case .values(let values, let counts):
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(width, 1)) { scratch in
                    for (value, count) in zip(values, counts) {
                        for k in 0..<width { scratch[width - 1 - k] = UInt8(truncatingIfNeeded: value >> UInt64(8 * k)) }
                        result[formatter.string(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(scratch)[0..<width]))] = count
                    }
                }
            case .rows(let rows, let counts):
                for (row, count) in zip(rows, counts) {
                    result[formatter.string(UnsafeRawBufferPointer(rebasing: raw[row * width..<(row + 1) * width]))] = count
                }
            }
            return result
        }
    }

    /// How often each outcome occurred, keyed by its integer value (qiskit's `get_int_counts()`),
    /// or nil when the register has more than 64 bits (use ``counts()`` or ``outcomeCounts()``).
    public func integerCounts() -> [UInt64: Int]? {
        guard bitCount <= 64 else { return nil }
        let width = bytesPerShot
        return packedBytes.withUnsafeBytes { raw in
            switch PackedOutcomeCounter.count(raw, rowCount: totalShots, width: width, bitCount: bitCount) {
            case .values(let values, let counts):
                return Dictionary(uniqueKeysWithValues: zip(values, counts))
            case .rows(let rows, let counts):
                // Not reached for ≤ 64 bits (8 bytes); kept total.
                return Dictionary(zip(rows.map { BitArray.integer(raw[$0 * width..<($0 + 1) * width]) }, counts), uniquingKeysWith: +)
            }
        }
    }

    /// How often each outcome occurred, keyed by its packed big-endian bytes: works for any
    /// register width without formatting strings.
    public func outcomeCounts() -> [[UInt8]: Int] {
        let width = bytesPerShot
        return packedBytes.withUnsafeBytes { raw in
            switch PackedOutcomeCounter.count(raw, rowCount: totalShots, width: width, bitCount: bitCount) {
            case .values(let values, let counts):
                return Dictionary(uniqueKeysWithValues: zip(values.map { value in
                    (0..<width).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * (width - 1 - $0))) }
                }, counts))
            case .rows(let rows, let counts):
                return Dictionary(uniqueKeysWithValues: zip(rows.map { Array(raw[$0 * width..<($0 + 1) * width]) }, counts))
            }
        }
    }
}
