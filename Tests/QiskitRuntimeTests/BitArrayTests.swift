import Testing
import RuntimeWire
@testable import QiskitRuntime

@Suite("BitArray")
struct BitArrayTests {
    /// Counts by formatting every shot (the slow reference).
    static func referenceCounts(_ bits: BitArray) -> [String: Int] {
        bits.bitstrings().reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// Random packed outcomes with a limited alphabet so outcomes repeat.
    static func random(shots: Int, bits: Int, distinct: Int, seed: UInt64) throws -> BitArray {
        var generator = SplitMix64(seed: seed)
        let width = (bits + 7) / 8
        let alphabet = (0..<distinct).map { _ in (0..<width).map { _ in UInt8(truncatingIfNeeded: generator.next()) } }
        var bytes: [UInt8] = []
        for _ in 0..<shots { bytes += alphabet[Int(generator.next() % UInt64(distinct))] }
        // Straggling bits are set on purpose: they must be ignored.
        return try BitArray(packedBytes: bytes, shots: shots, bitCount: bits)
    }

    @Test("counts keys are most significant bit first, as qiskit's get_counts")
    func keyOrder() throws {
        let bits = try BitArray(bitstrings: ["01", "11", "01", "10"])
        #expect(bits.counts() == ["01": 2, "11": 1, "10": 1])
        #expect(bits.integerCounts() == [1: 2, 3: 1, 2: 1])
        #expect(bits.packedBytes == [0x01, 0x03, 0x01, 0x02])
        #expect(bits.bitstring(shot: 3) == "10")
        #expect(bits.bit(1, shot: 3) == true)
        #expect(bits.bit(0, shot: 3) == false)
        #expect(bits.integer(shot: 1) == 3)
    }

    @Test("bits above num_bits in the first byte are ignored, as qiskit ignores them")
    func stragglers() throws {
        let dirty = try BitArray(packedBytes: [0xFF, 0xF8], shots: 2, bitCount: 3)
        #expect(dirty.counts() == ["111": 1, "000": 1])
        #expect(dirty == (try BitArray(packedBytes: [0x07, 0x00], shots: 2, bitCount: 3)))
        #expect(dirty.packedBytes == [0x07, 0x00])
    }

    @Test("every counting path agrees with formatting every shot", arguments: [
        (3, 200), (16, 3_000), (17, 20_000), (40, 2_000), (64, 2_000), (65, 1_500), (127, 2_000), (300, 500),
    ])
    func countingPaths(bits: Int, shots: Int) throws {
        let array = try Self.random(shots: shots, bits: bits, distinct: 97, seed: UInt64(bits))
        let counts = array.counts()
        #expect(counts == Self.referenceCounts(array))
        #expect(counts.values.reduce(0, +) == shots)
        #expect(counts.keys.allSatisfy { $0.utf8.count == bits })
        let packed = array.outcomeCounts()
        #expect(packed.count == counts.count)
        #expect(packed.dictionary == counts)
        if bits <= 64 {
            let integers = try #require(array.integerCounts())
            #expect(integers.count == counts.count)
            for (key, count) in counts { #expect(integers[UInt64(key, radix: 2) ?? 0] == count) }
        } else {
            #expect(array.integerCounts() == nil)
        }
    }

    @Test("all-distinct outcomes: as many keys as shots")
    func allDistinct() throws {
        let shots = 5_000
        let array = try BitArray(integers: (0..<UInt64(shots)).map { $0 &* 2_654_435_761 & 0xFFFF_FFFF }, bitCount: 32)
        #expect(array.counts().count == shots)
        #expect(try BitArray(integers: Array(0..<2_000), bitCount: 11).counts().count == 2_000)
    }

    @Test("indexing and slicing a sweep of shape (2, 3)")
    func indexing() throws {
        // Position p (C order) holds shot values p and p + 8 on 4 bits.
        let bytes: [UInt8] = (0..<6).flatMap { [UInt8($0), UInt8($0 + 8)] }
        let bits = try BitArray(packedBytes: bytes, shape: [2, 3], shots: 2, bitCount: 4)
        #expect(bits.positionCount == 6 && bits.totalShots == 12)
        #expect(bits[1].shape == [3])
        #expect(bits[1, 2].shape == [])
        #expect(bits[1, 2].counts() == ["0101": 1, "1101": 1])
        #expect(bits[0][1].counts() == ["0001": 1, "1001": 1])
        #expect(bits.bitstring(shot: 1, at: [1, 0]) == "1011")
        #expect(bits[0..<1].shape == [1, 3])
        #expect(bits[1..<2][0] == bits[1])
        #expect(try bits.reshaped([6]).shape == [6])
        #expect(throws: RuntimeError.self) { try bits.reshaped([4]) }
        let firstShots = try bits.slicingShots([0])
        #expect(firstShots.shots == 1 && firstShots.counts().count == 6)
        #expect(try bits.slicingShots(1..<2)[0, 0].bitstring(shot: 0) == "1000")
        #expect(throws: RuntimeError.self) { try bits.slicingShots([2]) }
    }

    @Test("slicing bits follows qiskit's slice_bits (index 0 is the rightmost character)")
    func sliceBits() throws {
        let bits = try BitArray(bitstrings: ["01", "10", "11"])
        #expect(try bits.slicingBits([0]).bitstrings() == ["1", "0", "1"])
        #expect(try bits.slicingBits([1, 0]).bitstrings() == ["10", "01", "11"])
        #expect(throws: RuntimeError.self) { try bits.slicingBits([2]) }
    }

    @Test("concatenation along an axis, the shots and the bits")
    func concatenation() throws {
        let a = try BitArray(bitstrings: ["01"])
        let b = try BitArray(bitstrings: ["110"])
        // qiskit: BitArray.concatenate_bits([a, b]).get_counts() == {"11001": 1}
        #expect(try BitArray.concatenatedBits([a, b]).counts() == ["11001": 1])
        let wide = try BitArray(bitstrings: [String(repeating: "1", count: 13)])
        #expect(try BitArray.concatenatedBits([wide, a]).bitstring(shot: 0) == "01" + String(repeating: "1", count: 13))
        #expect(try BitArray.concatenatedShots([a, a]).counts() == ["01": 2])
        let row = try a.reshaped([1])
        let joined = try BitArray.concatenated([row, row, row])
        #expect(joined.shape == [3])
        let grid = try BitArray(packedBytes: [0, 1, 2, 3], shape: [2, 2], shots: 1, bitCount: 2)
        let wider = try BitArray.concatenated([grid, grid], axis: 1)
        #expect(wider.shape == [2, 4])
        #expect(wider[1].bitstrings() == ["10", "11", "10", "11"])
        #expect(throws: RuntimeError.self) { try BitArray.concatenated([a, a]) }
        #expect(throws: RuntimeError.self) { try BitArray.concatenated([row, try BitArray.concatenatedBits([a, a]).reshaped([1])]) }
        #expect(throws: RuntimeError.self) { try BitArray.concatenatedBits([]) }
    }

    @Test("creating from bad input throws invalidArgument")
    func badInput() throws {
        #expect(throws: RuntimeError.self) { try BitArray(packedBytes: [1, 2, 3], shots: 2, bitCount: 9) }
        #expect(throws: RuntimeError.self) { try BitArray(bitstrings: ["012"]) }
        #expect(throws: RuntimeError.self) { try BitArray(bitstrings: ["0110"], bitCount: 3) }
        #expect(throws: RuntimeError.self) { try BitArray(integers: [8], bitCount: 3) }
        #expect(throws: RuntimeError.self) { try BitArray(ndarray: try NDArray(doubles: [1, 2], shape: [1, 2]), bitCount: 9) }
        #expect(throws: RuntimeError.self) { try BitArray(ndarray: try NDArray(uint8s: [1, 2], shape: [2]), bitCount: 3) }
        do {
            _ = try BitArray(ndarray: try NDArray(uint8s: [1, 2], shape: [1, 2]), bitCount: 3)
            Issue.record("no error")
        } catch let error as RuntimeError {
            #expect(error.code == .invalidArgument)
        }
    }

    @Test("hex samples of the plain form")
    func hex() throws {
        var bytes = [UInt8](repeating: 0, count: 2)
        #expect(BitArray.parseHex("0x1ff", bitCount: 9, into: &bytes, at: 0, width: 2))
        #expect(bytes == [0x01, 0xFF])
        bytes = [0, 0]
        #expect(BitArray.parseHex("A", bitCount: 4, into: &bytes, at: 0, width: 2))
        #expect(bytes == [0, 0x0A])
        #expect(BitArray.parseHex("0x0003", bitCount: 2, into: &bytes, at: 0, width: 2))
        for bad in ["0x", "", "0xZ1", "0x8", "12 ", "-0x1", "0x1ff"] {
            var scratch = [UInt8](repeating: 0, count: 2)
            #expect(!BitArray.parseHex(bad, bitCount: 3, into: &scratch, at: 0, width: 2), "\(bad) was accepted")
        }
    }
}
