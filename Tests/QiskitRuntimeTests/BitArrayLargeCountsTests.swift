import Testing
import RuntimeIO
import RuntimeWire
@testable import QiskitRuntime

/// The paths of `counts()` that only large registers take: keys inserted in bucket order (32,768
/// distinct outcomes and more), counting split into parts, and `concurrentCounts()` on the compute
/// threads. Sizes stay small enough for a debug build.
@Suite("BitArray: large counts")
struct BitArrayLargeCountsTests {
    /// `shots` uniformly random outcomes of `bits` bits.
    static func random(shots: Int, bits: Int, seed: UInt64) throws -> BitArray {
        var generator = SplitMix64(seed: seed)
        let width = (bits + 7) / 8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(shots * width)
        for _ in 0..<shots * width { bytes.append(UInt8(truncatingIfNeeded: generator.next())) }
        return try BitArray(packedBytes: bytes, shots: shots, bitCount: bits)
    }

    @Test("bucket-ordered counts agree with formatting every shot (flat table, integer table, rows)", arguments: [
        (17, 100_000), (30, 40_000), (72, 36_000),
    ])
    func orderedPathAgrees(bits: Int, shots: Int) throws {
        let array = try Self.random(shots: shots, bits: bits, seed: UInt64(bits))
        let counts = array.counts()
        #expect(counts.count >= CountsDictionaryBuilder.orderedMinimum)
        #expect(counts == BitArrayTests.referenceCounts(array))
        #expect(counts.values.reduce(0, +) == shots)
    }

    @Test("the parts of a split count hold every outcome exactly once, with the whole count's counts", arguments: [
        (12, 5_000), (40, 5_000), (100, 3_000),
    ])
    func partsAreDisjointAndComplete(bits: Int, shots: Int) throws {
        // Few distinct outcomes, so that every part sees repeats.
        let array = try BitArrayTests.random(shots: shots, bits: bits, distinct: 61, seed: UInt64(bits))
        let width = array.bytesPerShot
        array.packedBytes.withUnsafeBytes { raw in
            let whole = PackedOutcomeCounter.count(raw, rowCount: shots, width: width, bitCount: bits)
            let expected = Dictionary(uniqueKeysWithValues: zip(whole.keys, whole.counts))
            #expect(expected.count > 40)
            for parts in [2, 4] {
                var union: [UInt64: Int] = [:]
                var nonEmpty = 0
                for part in 0..<parts {
                    let outcomes = PackedOutcomeCounter.count(raw, rowCount: shots, width: width, bitCount: bits, part: part, of: parts)
                    #expect(outcomes.keysAreRows == whole.keysAreRows)
                    if outcomes.count > 0 { nonEmpty += 1 }
                    for (key, count) in zip(outcomes.keys, outcomes.counts) {
                        #expect(union[key] == nil, "an outcome in two parts")
                        union[key] = count
                    }
                }
                #expect(union == expected)
                #expect(nonEmpty > 1, "the work did not split")
            }
        }
    }

    @Test("concurrentCounts() equals counts(), large and small", arguments: [
        (20, 70_000), (127, 70_000), (5, 10),
    ])
    func concurrentMatches(bits: Int, shots: Int) async throws {
        let array = try Self.random(shots: shots, bits: bits, seed: 7 &* UInt64(bits))
        let concurrent = try await array.concurrentCounts()
        #expect(concurrent == array.counts())
        #expect(concurrent.values.reduce(0, +) == shots)
    }

    @Test("counting on the compute threads stops with CancellationError once cancelled")
    func cancelled() async throws {
        let array = try Self.random(shots: 70_000, bits: 40, seed: 3)
        await #expect(throws: CancellationError.self) {
            try await ComputePool.shared.run { _ in
                let cancellation = ComputeCancellation()
                cancellation.cancel()
                return try array.counts(pool: .shared, cancellation: cancellation)
            }
        }
    }

    @Test("bitstrings of every width from 1 to 72 bits match the bits one by one")
    func formatterWidths() throws {
        for bits in 1...72 {
            let array = try Self.random(shots: 4, bits: bits, seed: UInt64(bits))
            for shot in 0..<4 {
                let expected = String((0..<bits).reversed().map { array.bit($0, shot: shot) ? "1" : "0" })
                #expect(array.bitstring(shot: shot) == expected, "\(bits) bits")
                #expect(array.bitstrings()[shot] == expected, "\(bits) bits")
            }
            let counts = array.counts()
            #expect(counts == BitArrayTests.referenceCounts(array), "\(bits) bits")
        }
    }
}
