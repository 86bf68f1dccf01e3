import RuntimeIO

extension BitArray {
    /// How often each outcome occurred over all positions and shots, keyed by bitstring (most
    /// significant bit first, `bitCount` characters): qiskit's `get_counts()`.
    ///
    /// Counting works on the packed bytes; a bitstring is formatted once per distinct outcome.
    /// For the counts of one position of a sweep, index first: `bits[1, 2].counts()`.
    ///
    /// This runs on the calling thread; from 65,536 shots on, the SDK's compute threads help
    /// (counting rows and making keys), and the calling thread works with them and fills the
    /// dictionary. For a large register in async code (hundreds of thousands of shots, many
    /// distinct outcomes), ``concurrentCounts()`` gives the same dictionary with no thread of the
    /// cooperative pool used at all.
    ///
    /// Each distinct outcome costs a heap-allocated `String` (beyond 15 bits) and its hashing; for
    /// many distinct outcomes (100,000 of 127 bits), ``outcomeCounts()`` holds the same counts
    /// several times faster and makes strings only on access.
    public func counts() -> [String: Int] {
        if totalShots >= Self.concurrentMinimumShots, ComputePool.shared.threadCount > 1 {
            // A cancellation nobody sets: this cannot throw (the serial count below is the
            // fallback the compiler asks for).
            if let counts = try? counts(pool: .shared, cancellation: ComputeCancellation()) { return counts }
        }
        return withCountsBuilder { builder, raw in
            let outcomes = PackedOutcomeCounter.count(raw, rowCount: totalShots, width: bytesPerShot, bitCount: bitCount)
            return builder.build([outcomes])
        }
    }

    /// The same dictionary as ``counts()``, computed on the SDK's compute threads: the rows are
    /// counted on every core and the keys hashed (for the order in which they are inserted) on
    /// every core; one thread fills the dictionary, as a `Dictionary` takes insertions from one
    /// thread only. The calling task suspends meanwhile; no thread of the cooperative pool is
    /// used or blocked. Call it as `try await bits.concurrentCounts()` where you would call
    /// `bits.counts()`.
    ///
    /// Small arrays (under 65,536 shots) are counted at once on the calling task, as
    /// ``counts()`` does.
    ///
    /// - Throws: `CancellationError` when the task is cancelled before the dictionary is done.
    public func concurrentCounts() async throws -> [String: Int] {
        guard totalShots >= Self.concurrentMinimumShots else { return counts() }
        let bits = self
        return try await ComputePool.shared.run { cancellation in
            try bits.counts(pool: .shared, cancellation: cancellation)
        }
    }

    /// From this many shots on, ``counts()`` and ``concurrentCounts()`` use the compute threads.
    static let concurrentMinimumShots = 65_536

    /// ``counts()`` with `pool`'s threads helping the calling thread (any thread: a pool thread
    /// inside ``ComputePool/run(_:)``, or the caller of the synchronous ``counts()``).
    func counts(pool: ComputePool, cancellation: ComputeCancellation) throws -> [String: Int] {
        try withCountsBuilder { builder, raw in
            // Disjoint parts, one per thread (a power of two).
            var parts = 1
            while parts * 2 <= pool.threadCount { parts *= 2 }
            let rowCount = totalShots
            let width = bytesPerShot
            let bitCount = bitCount
            var outcomes = [PackedOutcomeCounter.Outcomes](repeating: PackedOutcomeCounter.Outcomes(keysAreRows: false, keys: [], counts: []), count: parts)
            outcomes.withUnsafeMutableBufferPointer { slots in
                pool.parallelFor(parts) { part in
                    slots[part] = PackedOutcomeCounter.count(raw, rowCount: rowCount, width: width, bitCount: bitCount, part: part, of: parts)
                }
            }
            try cancellation.check()
            return try builder.build(outcomes, pool: pool, cancellation: cancellation)
        }
    }

    /// Runs `body` with a builder for this array's keys and its packed bytes.
    private func withCountsBuilder<R>(_ body: (CountsDictionaryBuilder, UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try packedBytes.withUnsafeBytes { raw in
            try BitstringFormatter(bitCount: bitCount).withWriter { writer in
                try body(CountsDictionaryBuilder(writer: writer, rows: raw.baseAddress), raw)
            }
        }
    }

    /// How often each outcome occurred, keyed by its integer value (qiskit's `get_int_counts()`),
    /// or nil when the register has more than 64 bits (use ``counts()`` or ``outcomeCounts()``).
    public func integerCounts() -> [UInt64: Int]? {
        guard bitCount <= 64 else { return nil }
        let width = bytesPerShot
        return packedBytes.withUnsafeBytes { raw in
            let outcomes = PackedOutcomeCounter.count(raw, rowCount: totalShots, width: width, bitCount: bitCount)
            // At most 8 bytes: the keys are the values.
            return Dictionary(uniqueKeysWithValues: zip(outcomes.keys, outcomes.counts))
        }
    }

    /// How often each outcome occurred over all positions and shots, kept packed: the counts of
    /// ``counts()`` without a `String` per distinct outcome (``OutcomeCounts`` looks bitstrings
    /// up, iterates outcomes, finds the most frequent, and makes the `[String: Int]` on request).
    /// Any register width. The fastest way from a result to its counts: use it when there are many
    /// distinct outcomes.
    ///
    /// This runs on the calling thread (5 ms for 100,000 shots of 127 bits, 20 ms for a million of
    /// 20 bits on this project's benchmark machine); ``concurrentOutcomeCounts()`` runs it on the
    /// SDK's compute threads instead.
    public func outcomeCounts() -> OutcomeCounts {
        packedBytes.withUnsafeBytes { raw in
            OutcomeCounts(rows: raw, rowCount: totalShots, bitCount: bitCount)
        }
    }

    /// ``outcomeCounts()`` on the SDK's compute threads, for large registers in async code: the
    /// calling task suspends meanwhile and no thread of the cooperative pool is used. Small arrays
    /// (under 65,536 shots) are counted at once on the calling task.
    ///
    /// - Throws: `CancellationError` when the task is cancelled before the work starts.
    public func concurrentOutcomeCounts() async throws -> OutcomeCounts {
        guard totalShots >= Self.concurrentMinimumShots else { return outcomeCounts() }
        let bits = self
        return try await ComputePool.shared.run { _ in bits.outcomeCounts() }
    }
}
