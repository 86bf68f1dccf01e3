import RuntimeIO

/// Builds the dictionary of ``BitArray/counts()`` from counted outcomes: one `String` per distinct
/// outcome, its characters written straight into the string's storage, and the keys inserted in
/// the order of the table's buckets when the table is large (``DictionaryBucketPredictor``).
///
/// Building a `[String: Int]` of 100,000 or a million keys is most of the cost of counting: a heap
/// string per key (20 characters are already too many for Swift's inline small strings), hashing
/// its characters, and the table's memory. ``build(_:)`` does it on one thread;
/// ``build(_:pool:cancellation:)`` hashes the keys for the order and makes the strings on every
/// compute thread, then inserts them on one (a `Dictionary` takes insertions from one thread only).
struct CountsDictionaryBuilder {
    /// From this many distinct outcomes on, keys are inserted in bucket order: the table (24
    /// bytes a bucket, 64K buckets and more) no longer fits in a core's cache.
    static let orderedMinimum = 32_768

    /// Distinct outcomes per chunk of work.
    static let chunkSize = 1_024

    let writer: BitstringFormatter.Writer
    /// The packed rows the outcomes' row indices refer to.
    let rows: UnsafeRawPointer?

    /// The key of a distinct outcome: a value, or the index of a row holding it.
    @inline(__always)
    func key(_ key: UInt64, isRow: Bool) -> String {
        if isRow, let rows {
            return writer.string(row: rows + Int(key) * writer.width)
        }
        return writer.string(value: key)
    }

    /// Writes a key's characters into `out` (room for `bitCount` bytes).
    @inline(__always)
    func write(_ key: UInt64, isRow: Bool, into out: UnsafeMutableRawPointer) {
        if isRow, let rows {
            writer.write(row: rows + Int(key) * writer.width, into: out)
        } else {
            writer.write(value: key, into: out)
        }
    }

    // MARK: - Building

    /// The dictionary of `parts`' outcomes (disjoint), built on the calling thread.
    func build(_ parts: [PackedOutcomeCounter.Outcomes]) -> [String: Int] {
        let total = parts.reduce(0) { $0 + $1.count }
        var result = [String: Int](minimumCapacity: total)
        if let order = BucketOrder(parts, result: &result, builder: self, pool: nil) {
            defer { order.free() }
            for index in 0..<order.count {
                let outcome = order.sorted[index]
                result[key(outcome.key, isRow: order.keysAreRows)] = outcome.count
            }
            return result
        }
        insertUnordered(parts, into: &result)
        return result
    }

    /// The dictionary of `parts`' outcomes, with the keys hashed for the bucket order and made on
    /// `pool`'s threads, the calling thread among them, then inserted on the calling thread (a
    /// `Dictionary` takes its insertions from one thread only).
    /// - Throws: `CancellationError` once `cancellation` is set (checked between chunks).
    func build(_ parts: [PackedOutcomeCounter.Outcomes], pool: ComputePool, cancellation: ComputeCancellation) throws -> [String: Int] {
        let total = parts.reduce(0) { $0 + $1.count }
        var result = [String: Int](minimumCapacity: total)
        guard let order = BucketOrder(parts, result: &result, builder: self, pool: pool) else {
            try cancellation.check()
            insertUnordered(parts, into: &result)
            return result
        }
        defer { order.free() }
        // The keys made on every thread (each index by exactly one), then inserted on this one.
        let keys = UnsafeMutablePointer<String>.allocate(capacity: order.count)
        defer { keys.deallocate() }
        let isRow = order.keysAreRows
        let chunks = (order.count + Self.chunkSize - 1) / Self.chunkSize
        pool.parallelFor(chunks) { chunk in
            for index in chunk * Self.chunkSize..<min(order.count, (chunk + 1) * Self.chunkSize) {
                (keys + index).initialize(to: key(order.sorted[index].key, isRow: isRow))
            }
        }
        var start = 0
        // On a cancellation, the keys not yet inserted are released.
        defer { (keys + start).deinitialize(count: order.count - start) }
        while start < order.count {
            try cancellation.check()
            let end = min(order.count, start + 16 * Self.chunkSize)
            for index in start..<end {
                result[(keys + index).move()] = order.sorted[index].count
            }
            start = end
        }
        return result
    }

    /// Inserts `parts`' outcomes in the order they were counted.
    private func insertUnordered(_ parts: [PackedOutcomeCounter.Outcomes], into result: inout [String: Int]) {
        for part in parts {
            part.keys.withUnsafeBufferPointer { keys in
                part.counts.withUnsafeBufferPointer { counts in
                    for index in 0..<keys.count {
                        result[key(keys[index], isRow: part.keysAreRows)] = counts[index]
                    }
                }
            }
        }
    }
}

extension CountsDictionaryBuilder {
    /// One distinct outcome: its key and its count.
    struct Outcome {
        var key: UInt64
        var count: Int
    }

    /// The outcomes of all parts, sorted by the group of buckets where their keys will land
    /// (16 buckets to a group). Owns its buffer; ``free()`` releases it.
    struct BucketOrder {
        let keysAreRows: Bool
        let count: Int
        /// The outcomes in bucket-group order.
        let sorted: UnsafeMutablePointer<Outcome>
        /// The buffer not holding the result.
        private let spare: UnsafeMutablePointer<Outcome>

        /// Buckets per group: the groups are the sort key.
        private static let groupShift = 4
        /// The counts must leave room for the group in the sort's key word (see `tag`).
        private static let countBits = 40

        /// Sorts `parts`' outcomes into bucket order for `result` (empty, with room for them all);
        /// nil when there are too few to be worth it or the prediction is unavailable. With a
        /// pool, the keys are hashed on its threads.
        init?(_ parts: [PackedOutcomeCounter.Outcomes], result: inout [String: Int], builder: CountsDictionaryBuilder, pool: ComputePool?) {
            let total = parts.reduce(0) { $0 + $1.count }
            guard total >= CountsDictionaryBuilder.orderedMinimum, let predictor = DictionaryBucketPredictor(&result) else { return nil }
            let bucketBits = (predictor.mask + 1).trailingZeroBitCount
            let groupBits = bucketBits - Self.groupShift
            guard groupBits >= 1, groupBits <= 64 - Self.countBits,
                  parts.allSatisfy({ $0.counts.allSatisfy { $0 < 1 << Self.countBits } }),
                  let keysAreRows = parts.first?.keysAreRows, parts.allSatisfy({ $0.keysAreRows == keysAreRows })
            else { return nil }
            self.keysAreRows = keysAreRows
            self.count = total
            let first = UnsafeMutablePointer<Outcome>.allocate(capacity: total)
            let second = UnsafeMutablePointer<Outcome>.allocate(capacity: total)

            // Each outcome with its group in the count's upper bits.
            var starts: [Int] = []
            var start = 0
            for part in parts {
                starts.append(start)
                start += part.count
            }
            let bitCount = builder.writer.bitCount
            let fill = { (partIndex: Int, range: Range<Int>) in
                let part = parts[partIndex]
                withUnsafeTemporaryAllocation(byteCount: max(bitCount, 1), alignment: 8) { scratch in
                    let out = scratch.baseAddress.unsafelyUnwrapped
                    let text = UnsafeRawBufferPointer(start: out, count: bitCount)
                    part.keys.withUnsafeBufferPointer { keys in
                        part.counts.withUnsafeBufferPointer { counts in
                            for index in range {
                                builder.write(keys[index], isRow: keysAreRows, into: out)
                                let group = UInt64(predictor.bucket(ofASCII: text) >> Self.groupShift)
                                first[starts[partIndex] + index] = Outcome(key: keys[index], count: Int(bitPattern: UInt(group << UInt64(Self.countBits)) | UInt(counts[index])))
                            }
                        }
                    }
                }
            }
            if let pool {
                // Chunks of every part, spread over the pool.
                var chunks: [(part: Int, range: Range<Int>)] = []
                for (index, part) in parts.enumerated() {
                    var low = 0
                    while low < part.count {
                        let high = min(part.count, low + 4 * CountsDictionaryBuilder.chunkSize)
                        chunks.append((index, low..<high))
                        low = high
                    }
                }
                pool.parallelFor(chunks.count) { fill(chunks[$0].part, chunks[$0].range) }
            } else {
                for index in parts.indices { fill(index, 0..<parts[index].count) }
            }

            // LSD radix sort on the group, passes of at most 11 bits.
            let passes = (groupBits + 10) / 11
            let digitBits = (groupBits + passes - 1) / passes
            var source = first
            var target = second
            var histogram = [Int](repeating: 0, count: 1 << digitBits)
            let digitMask = UInt((1 << digitBits) - 1)
            for pass in 0..<passes {
                let shift = Self.countBits + pass * digitBits
                for index in histogram.indices { histogram[index] = 0 }
                for index in 0..<total {
                    histogram[Int(UInt(bitPattern: source[index].count) >> UInt(shift) & digitMask)] += 1
                }
                var offset = 0
                for index in histogram.indices {
                    let size = histogram[index]
                    histogram[index] = offset
                    offset += size
                }
                for index in 0..<total {
                    let digit = Int(UInt(bitPattern: source[index].count) >> UInt(shift) & digitMask)
                    target[histogram[digit]] = source[index]
                    histogram[digit] += 1
                }
                swap(&source, &target)
            }
            // Drop the groups: the counts are counts again.
            let countMask = (1 << Self.countBits) - 1
            for index in 0..<total { source[index].count &= countMask }
            sorted = source
            spare = target
        }

        func free() {
            sorted.deallocate()
            spare.deallocate()
        }
    }
}
