import Testing
import RuntimeWire
@testable import QiskitRuntime

/// `OutcomeCounts`: the packed counts of a `BitArray`, checked against `counts()` and against
/// formatting every shot.
@Suite("OutcomeCounts")
struct OutcomeCountsTests {
    @Test("the same counts as counts() on every counting path and both lookups", arguments: [
        (1, 50), (3, 200), (8, 1_000), (16, 3_000), (17, 20_000), (20, 2_000), (24, 1_000), (25, 1_000),
        (40, 2_000), (64, 2_000), (65, 1_500), (127, 2_000), (300, 500),
    ])
    func agreesWithCounts(bits: Int, shots: Int) throws {
        let array = try BitArrayTests.random(shots: shots, bits: bits, distinct: 97, seed: UInt64(bits) &* 31)
        let reference = BitArrayTests.referenceCounts(array)
        let outcomes = array.outcomeCounts()
        #expect(outcomes.bitCount == bits)
        #expect(outcomes.totalShots == shots)
        #expect(outcomes.count == reference.count)
        #expect(outcomes.dictionary == reference)
        #expect(outcomes.reduce(0) { $0 + $1.count } == shots)
        // Every outcome's bitstring and count, and every key looked up.
        var seen: Set<String> = []
        for outcome in outcomes {
            #expect(reference[outcome.bitstring] == outcome.count)
            #expect(outcome.bytes.count == array.bytesPerShot)
            seen.insert(outcome.bitstring)
        }
        #expect(seen.count == reference.count)
        for (key, count) in reference { #expect(outcomes[key] == count, "lookup of \(key)") }
        if bits <= 64 {
            let integers = try #require(array.integerCounts())
            for (value, count) in integers { #expect(outcomes[integer: value] == count) }
            for outcome in outcomes { #expect(outcome.integer.map { integers[$0] } == outcome.count) }
        } else {
            for outcome in outcomes.prefix(5) { #expect(outcome.integer == nil) }
        }
    }

    @Test("a small register with many distinct outcomes is looked up in a table of every value")
    func directLookup() throws {
        // 40,000 distinct outcomes of 17 bits: direct; the same on 30 bits: hashed.
        let dense = try BitArray(integers: (0..<40_000).map { UInt64($0) &* 3 }, bitCount: 17)
        let denseCounts = dense.outcomeCounts()
        guard case .direct(let table) = denseCounts.lookup else {
            Issue.record("17 bits with 40,000 outcomes did not use the direct table")
            return
        }
        #expect(table.count == 1 << 17)
        #expect(denseCounts[integer: 3 * 39_999] == 1)
        #expect(denseCounts[integer: 1] == nil)
        #expect(denseCounts["00000000000000011"] == 1)
        #expect(denseCounts["00000000000000010"] == nil)
        // Bits set above the register's 17 are no outcome, even where the table would wrap.
        #expect(denseCounts[packed: [0x02, 0x00, 0x03]] == nil)
        #expect(denseCounts[packed: [0x00, 0x00, 0x03]] == 1)
        #expect(denseCounts[packed: [0x00, 0x03]] == nil)
        // 12 bits, 2,000 distinct: the direct table too, looked up by bitstring.
        let twelve = try BitArray(integers: (0..<2_000).map { UInt64($0) * 2 }, bitCount: 12)
        let twelveCounts = twelve.outcomeCounts()
        guard case .direct = twelveCounts.lookup else {
            Issue.record("12 bits with 2,000 outcomes did not use the direct table")
            return
        }
        for value in [0, 2, 1_998, 3_998] { #expect(twelveCounts[twelve.bitstring(shot: value / 2)] == 1) }
        #expect(twelveCounts["000000000001"] == nil)
        #expect(twelveCounts["111111111110"] == nil)
        let sparse = try BitArray(integers: (0..<1_000).map { UInt64($0) &* 1_000_003 }, bitCount: 30)
        guard case .hashed = sparse.outcomeCounts().lookup else {
            Issue.record("30 bits used the direct table")
            return
        }
        #expect(OutcomeCounts.usesDirectLookup(bitCount: 20, distinct: 643_870))
        #expect(!OutcomeCounts.usesDirectLookup(bitCount: 20, distinct: 1_000))
        #expect(!OutcomeCounts.usesDirectLookup(bitCount: 25, distinct: 10_000_000))
    }

    @Test("outcomes that never occurred, and keys that are not outcomes, look up as nil")
    func absentKeys() throws {
        let array = try BitArray(bitstrings: ["0101", "0101", "1111"])
        let outcomes = array.outcomeCounts()
        #expect(outcomes["0101"] == 2)
        #expect(outcomes["1111"] == 1)
        #expect(outcomes["0000"] == nil)
        for bad in ["", "101", "01010", "01a1", "0 01", "０１０１", "01\u{301}01", "0é1", "\u{00}101"] {
            #expect(outcomes[bad] == nil, "\(bad) was found")
        }
        #expect("0é1".utf8.count == 4, "a non-ASCII key of the right byte length reaches the parser")
        #expect(outcomes["x0101".dropFirst()] == 2, "a Substring")
        #expect(outcomes[packed: [0x05]] == 2)
        #expect(outcomes[packed: [0x15]] == nil)
        #expect(outcomes[packed: []] == nil)
        #expect(outcomes[integer: 5] == 2)
        #expect(outcomes[integer: 16] == nil)
        #expect(outcomes[integer: .max] == nil)

        // Wider than 64 bits: an integer names the outcome with zeros above bit 63.
        let wide = try BitArray(bitstrings: [String(repeating: "0", count: 60) + "1" + String(repeating: "0", count: 9) + "111"])
        let wideCounts = wide.outcomeCounts()
        #expect(wideCounts[integer: 1 << 12 | 7] == 1)
        #expect(wideCounts[integer: 7] == nil)
    }

    @Test("mostFrequent: largest counts first, ties in bitstring order, on both selection paths")
    func mostFrequent() throws {
        var bitstrings: [String] = []
        // Counts 1...40 over 40 outcomes of 12 bits, with a tie at the top.
        for value in 0..<40 {
            let count = value == 7 ? 40 : value + 1
            let digits = String(value * 97 % 4_096, radix: 2)
            bitstrings += Array(repeating: String(repeating: "0", count: 12 - digits.count) + digits, count: count)
        }
        var generator = SplitMix64(seed: 5)
        let array = try BitArray(bitstrings: bitstrings.shuffled(using: &generator), bitCount: 12)
        let outcomes = array.outcomeCounts()
        let reference = BitArrayTests.referenceCounts(array)
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        for n in [1, 2, 3, 9, 10, 11, 39, 40, 100] {
            let top = outcomes.mostFrequent(n)
            #expect(top.map(\.bitstring) == reference.prefix(n).map(\.key), "n = \(n)")
            #expect(top.map(\.count) == reference.prefix(n).map(\.value), "n = \(n)")
        }
        #expect(outcomes.mostFrequent(0).isEmpty)
        #expect(outcomes.mostFrequent(-1).isEmpty)
        #expect(reference[0].value == 40 && reference[1].value == 40, "the fixture has its tie")
    }

    @Test("mostFrequent breaks ties by bitstring when larger ones were seen first, on both paths")
    func mostFrequentTies() throws {
        // 30 bits (first-seen order), 200 outcomes of equal count arriving in descending order.
        let values = (0..<200).map { UInt64(199 - $0) &* 4_099 }
        let array = try BitArray(integers: values + values, bitCount: 30)
        let outcomes = array.outcomeCounts()
        #expect(outcomes.first?.integer == 199 * 4_099, "the fixture is in first-seen, descending order")
        let ascending = values.sorted().map { array.bitstring(shot: values.firstIndex(of: $0) ?? 0) }
        for n in [1, 2, OutcomeCounts.selectionLimit, OutcomeCounts.selectionLimit + 1, 150, 200] {
            let top = outcomes.mostFrequent(n)
            #expect(top.map(\.bitstring) == Array(ascending.prefix(n)), "n = \(n)")
            #expect(top.allSatisfy { $0.count == 2 })
        }
    }

    @Test("an outcome's bytes, integer and hash")
    func outcomeValues() throws {
        let array = try BitArray(integers: [0x0AB, 0x0AB, 0xFFF, 0x001], bitCount: 12)
        let outcomes = array.outcomeCounts()
        let third = outcomes[2]   // 12 bits are counted in ascending order: 0x001, 0x0AB, 0xFFF
        #expect(third.bytes == [0x0F, 0xFF])
        #expect(third.bytes[0] == 0x0F && third.bytes[1] == 0xFF, "bytes are indexed from 0")
        #expect(third.integer == 0xFFF && third.count == 1 && third.bitstring == "111111111111")
        #expect(third.description == #""111111111111": 1"#)
        let again = try BitArray(integers: [0xFFF], bitCount: 12).outcomeCounts()[0]
        #expect(third == again && third.hashValue == again.hashValue)
        #expect(outcomes[0] != again, "different bits")
        let twice = try BitArray(integers: [0xFFF, 0xFFF], bitCount: 12).outcomeCounts()[0]
        #expect(twice != third, "same bits, another count")
        #expect(Set([third, again, twice]).count == 2)
    }

    @Test("equal when the same outcomes occurred as often, whatever the order")
    func equality() throws {
        let a = try BitArray(bitstrings: ["01", "10", "10", "11"])
        let b = try BitArray(bitstrings: ["10", "11", "01", "10"])
        #expect(a.outcomeCounts() == b.outcomeCounts())
        #expect(a.outcomeCounts() != (try BitArray(bitstrings: ["01", "10", "11", "11"])).outcomeCounts())
        #expect(a.outcomeCounts() != (try BitArray(bitstrings: ["01", "10", "10", "11"], bitCount: 3)).outcomeCounts())
        #expect(a.outcomeCounts() != (try BitArray(bitstrings: ["01", "10", "10"])).outcomeCounts())
        #expect(a.outcomeCounts()[0] == b.outcomeCounts().first { $0.bitstring == "01" })
        // 40 bits: counted in first-seen order, so the two collections' orders differ.
        let first = try BitArray(integers: [7, 1 << 39, 7, 12_345], bitCount: 40).outcomeCounts()
        let second = try BitArray(integers: [12_345, 7, 1 << 39, 7], bitCount: 40).outcomeCounts()
        #expect(first[0] != second[0], "the orders differ")
        #expect(first == second && second == first)
        #expect(first.hashValue == second.hashValue)
        let other = try BitArray(integers: [7, 1 << 39, 12_345, 12_345], bitCount: 40).outcomeCounts()
        #expect(first != other && other != first)
    }

    @Test("description: a dictionary literal, shortened after 16 outcomes")
    func description() throws {
        let small = try BitArray(integers: [1, 1, 2], bitCount: 2).outcomeCounts()
        #expect(small.description == #"["01": 2, "10": 1]"#)
        let large = try BitArray(integers: Array(0..<20), bitCount: 5).outcomeCounts()
        #expect(large.description.hasSuffix(", … 4 more]"))
        #expect(large.description.hasPrefix(#"["00000": 1, "00001": 1"#))
        #expect(try BitArray(integers: [], bitCount: 3).outcomeCounts().description == "[:]")
    }

    @Test("edge shapes: no shots, no bits, a sweep's positions")
    func edges() throws {
        let empty = try BitArray(integers: [], bitCount: 7).outcomeCounts()
        #expect(empty.isEmpty && empty.totalShots == 0)
        #expect(empty["0000000"] == nil)
        #expect(empty.dictionary.isEmpty && empty.mostFrequent(3).isEmpty)

        let noBits = try BitArray(packedBytes: [], shots: 5, bitCount: 0).outcomeCounts()
        #expect(noBits.count == 1 && noBits[""] == 5 && noBits[integer: 0] == 5)
        #expect(noBits.dictionary == ["": 5])
        #expect(noBits["0"] == nil)

        let bytes: [UInt8] = (0..<6).flatMap { [UInt8($0), UInt8($0 + 8)] }
        let sweep = try BitArray(packedBytes: bytes, shape: [2, 3], shots: 2, bitCount: 4)
        #expect(sweep[1, 2].outcomeCounts().dictionary == ["0101": 1, "1101": 1])
        #expect(sweep.outcomeCounts().dictionary == sweep.counts())
        #expect(sweep.outcomeCounts().totalShots == 12)
    }

    @Test("concurrentOutcomeCounts() equals outcomeCounts(), on the compute threads and inline", arguments: [
        (20, 70_000), (127, 66_000), (5, 10),
    ])
    func concurrent(bits: Int, shots: Int) async throws {
        let array = try BitArrayLargeCountsTests.random(shots: shots, bits: bits, seed: 11 &* UInt64(bits))
        let concurrent = try await array.concurrentOutcomeCounts()
        #expect(concurrent == array.outcomeCounts())
        #expect(concurrent.totalShots == shots)
        #expect(concurrent.dictionary == array.counts())
    }

    @Test("a large all-distinct 127-bit register (hashed rows, the shared benchmark's shape)")
    func largeWide() throws {
        let array = try BitArrayLargeCountsTests.random(shots: 40_000, bits: 127, seed: 127)
        let outcomes = array.outcomeCounts()
        let reference = array.counts()
        #expect(outcomes.count == reference.count)
        #expect(outcomes.dictionary == reference)
        for shot in stride(from: 0, to: 40_000, by: 997) {
            let key = array.bitstring(shot: shot)
            #expect(outcomes[key] == reference[key])
            // The same outcome with its top bit flipped: found exactly when it occurred.
            let flipped = (key.first == "0" ? "1" : "0") + key.dropFirst()
            #expect(outcomes[flipped] == reference[flipped])
        }
    }
}
