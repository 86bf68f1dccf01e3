import Testing
import RuntimeWire
@testable import QiskitRuntime

/// Primitive results damaged on the way (seeded byte mutations of the official fixtures, both wire
/// forms): reading one either throws a `RuntimeError` or gives values whose every counting path
/// agrees — never a crash, a hang or any other error. What this guards is the rule that no
/// `precondition`, `!` or unchecked index can be reached from result text.
@Suite("Primitive results: damaged text", .timeLimit(.minutes(3)))
struct PrimitiveResultMutationTests {
    static let samplerFixtures = [
        "sampler_bell.plain.json", "sampler_bell.tagged.json", "sampler_sweep.plain.json",
        "sampler_sweep.tagged.json", "sampler_wide.plain.json", "sampler_wide.tagged.json",
    ]
    static let estimatorFixtures = [
        "estimator_scalar.plain.json", "estimator_scalar.tagged.json",
        "estimator_shaped.plain.json", "estimator_shaped.tagged.json",
    ]

    /// Characters a mutation writes: JSON structure, digits, hex and sign characters, base64.
    static let alphabet = Array(#"0123456789-+.eE"{}[],:xabcdefABCDEF /=nNtrul"#.utf8)

    /// `text` with one seeded mutation: a byte replaced, a range deleted, a range repeated, a
    /// byte inserted, or the end cut off.
    static func mutate(_ text: [UInt8], _ generator: inout SplitMix64) -> [UInt8] {
        guard !text.isEmpty else { return text }
        var bytes = text
        let at = Int(generator.next() % UInt64(bytes.count))
        let length = 1 + Int(generator.next() % 8)
        switch generator.next() % 5 {
        case 0: bytes[at] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
        case 1: bytes.removeSubrange(at..<min(bytes.count, at + length))
        case 2: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + length)], at: at)
        case 3: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: at)
        default: bytes.removeSubrange(at...)
        }
        return bytes
    }

    /// Every counting path of `bits`, checked against each other.
    static func checkCounts(_ bits: BitArray, _ context: String) {
        // Consistent but enormous registers are not what this suite is about.
        guard bits.bitCount <= 4_096, bits.totalShots <= 100_000 else { return }
        let counts = bits.counts()
        let outcomes = bits.outcomeCounts()
        #expect(outcomes.dictionary == counts, "\(context)")
        #expect(outcomes.totalShots == bits.totalShots, "\(context)")
        #expect(counts.values.reduce(0, +) == bits.totalShots, "\(context)")
        for (key, count) in counts.prefix(8) { #expect(outcomes[key] == count, "\(context)") }
        #expect(outcomes.mostFrequent(3).count == min(3, counts.count), "\(context)")
        if bits.bitCount <= 64 { #expect(bits.integerCounts()?.count == counts.count, "\(context)") }
        if bits.totalShots > 0 { #expect(bits.bitstrings().count == bits.totalShots, "\(context)") }
    }

    @Test("damaged Sampler results throw a RuntimeError or count consistently", arguments: samplerFixtures)
    func sampler(fixture: String) throws {
        let original = Array(try PrimitiveFixtures.text(fixture).utf8)
        var generator = SplitMix64(seed: UInt64(fixture.utf8.count) &* 7_919)
        var decoded = 0
        for round in 0..<1_500 {
            var text = Self.mutate(original, &generator)
            if round % 3 == 0 { text = Self.mutate(text, &generator) }
            let context = "\(fixture) round \(round)"
            do {
                let result = try SamplerResult(json: String(decoding: text, as: UTF8.self))
                decoded += 1
                for pub in result {
                    for register in pub.data.registers { Self.checkCounts(register.bits, context) }
                }
            } catch is RuntimeError {
                continue
            } catch {
                Issue.record("\(context): not a RuntimeError: \(error)")
            }
        }
        // Some damage leaves a readable result (a digit in a count, a hex sample changed).
        #expect(decoded > 0)
    }

    @Test("damaged Estimator results throw a RuntimeError or read to shaped values", arguments: estimatorFixtures)
    func estimator(fixture: String) throws {
        let original = Array(try PrimitiveFixtures.text(fixture).utf8)
        var generator = SplitMix64(seed: UInt64(fixture.utf8.count) &* 104_729)
        for round in 0..<1_500 {
            var text = Self.mutate(original, &generator)
            if round % 3 == 0 { text = Self.mutate(text, &generator) }
            do {
                let result = try EstimatorResult(json: String(decoding: text, as: UTF8.self))
                for pub in result {
                    #expect(pub.evs.elements.count == (ShapeMath.count(pub.evs.shape) ?? -1) && pub.stds.elements.count == (ShapeMath.count(pub.stds.shape) ?? -1), "\(fixture) round \(round)")
                }
            } catch is RuntimeError {
                continue
            } catch {
                Issue.record("\(fixture) round \(round): not a RuntimeError: \(error)")
            }
        }
    }
}
