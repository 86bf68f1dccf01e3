import QiskitRuntime
import RuntimeWire

/// `sampler_result_decode_ms`: a real SamplerV2 result of 100,000 shots × 127 bits
/// (`Resources/sampler_100k_127.json`, written by qiskit-ibm-runtime's `RuntimeEncoder`) decoded
/// into a `SamplerResult` and counted (`data["meas"].outcomeCounts()`), end to end from the text.
/// The Python path (`json.loads` with `RuntimeDecoder`, then `BitArray.get_counts()`) takes 0.134 s
/// on this machine class (`Python/primitives_bench.py`). Checked against
/// `Resources/sampler_100k_127.expected.json`. Beside the figure: `string_dictionary_ms`, the same
/// with `counts()` (a `[String: Int]`, a heap string per outcome), and `concurrent_counts_ms`, the
/// async `concurrentCounts()` on the compute threads.
struct SamplerResultDecodeFigure: BenchFigure {
    let key = "sampler_result_decode_ms"
    let shortName = "sampler_result_decode"
    let target = "<= 13"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let text = try BenchResources.text("sampler_100k_127.json")
        let expected = try RuntimeValue(json: try BenchResources.text("sampler_100k_127.expected.json"))
        let inputMB = Double(text.utf8.count) / 1_000_000

        // One untimed run: warm the caches and check the counts against the expected file.
        let bits = try Self.decode(text)
        try Self.check(bits, bits.counts(), expected)
        try Self.check(bits.outcomeCounts(), against: bits.counts(), expected)

        var samples = Samples()
        var cpu = Samples()
        var dictionary = Samples()
        var decodeOnly = Samples()
        var outcomeOnly = Samples()
        var countOnly = Samples()
        var concurrentOnly = Samples()
        for run in 0..<options.runs(full: 9, quick: 5) {
            HeapTrim.now()
            let (timing, outcomes) = try Stopwatch.measure { try Self.decode(text).outcomeCounts() }
            guard outcomes.count == expected["distinct_outcomes"]?.intValue, outcomes.totalShots == bits.totalShots else {
                throw BenchFailure("sampler_result_decode: outcome counts do not add up")
            }
            samples.append(timing.wall * 1000)
            cpu.append(timing.cpu * 1000)
            withExtendedLifetime(outcomes) {}
            HeapTrim.now()
            let (dictionaryTime, counts) = try Stopwatch.measure { try Self.decode(text).counts() }
            guard counts.count == bits.totalShots || counts.values.reduce(0, +) == bits.totalShots else {
                throw BenchFailure("sampler_result_decode: counts do not add up")
            }
            dictionary.append(dictionaryTime.wall * 1000)
            withExtendedLifetime(counts) {}
            HeapTrim.now()
            let (decodeTime, decoded) = try Stopwatch.measure { try Self.decode(text) }
            decodeOnly.append(decodeTime.wall * 1000)
            HeapTrim.now()
            let (outcomeTime, recounted) = Stopwatch.measure { decoded.outcomeCounts() }
            withExtendedLifetime(recounted) {}
            outcomeOnly.append(outcomeTime.wall * 1000)
            HeapTrim.now()
            let (countTime, recount) = Stopwatch.measure { decoded.counts() }
            withExtendedLifetime(recount) {}
            countOnly.append(countTime.wall * 1000)
            HeapTrim.now()
            let concurrentStart = ContinuousClock.now
            let concurrent = try await decoded.concurrentCounts()
            concurrentOnly.append(Stopwatch.seconds(of: ContinuousClock.now - concurrentStart) * 1000)
            guard concurrent.count == recount.count else { throw BenchFailure("sampler_result_decode: concurrentCounts() differs from counts()") }
            BenchLog.info("sampler_result_decode: run \(run + 1): \(FigureReport.format(timing.wall * 1000)) ms (decode \(FigureReport.format(decodeTime.wall * 1000)), outcome counts \(FigureReport.format(outcomeTime.wall * 1000)); with counts() \(FigureReport.format(dictionaryTime.wall * 1000)))")
        }
        return FigureReport.median(samples, target: target, satisfied: { $0 <= 13 }, details: [
            JSONMember("cpu_median", FigureReport.number(cpu.median)),
            JSONMember("decode_ms", FigureReport.number(decodeOnly.median)),
            JSONMember("outcome_counts_ms", FigureReport.number(outcomeOnly.median)),
            JSONMember("string_dictionary_ms", FigureReport.number(dictionary.median)),
            JSONMember("counts_ms", FigureReport.number(countOnly.median)),
            JSONMember("concurrent_counts_ms", FigureReport.number(concurrentOnly.median)),
            JSONMember("python_s", .double(0.134)),
            JSONMember("speedup_vs_python", FigureReport.number(134 / samples.median)),
            JSONMember("string_dictionary_speedup_vs_python", FigureReport.number(134 / dictionary.median)),
            JSONMember("input_mb", FigureReport.number(inputMB)),
            JSONMember("distinct_outcomes", .integer(Int64(bits.counts().count))),
            JSONMember("payload", .string("SamplerV2 result, 100,000 shots x 127 bits, tagged form (Resources/sampler_100k_127.json)")),
        ])
    }

    static func decode(_ text: String) throws -> BitArray {
        let result = try SamplerResult(json: text)
        guard let bits = result.first?.data["meas"] else { throw BenchFailure("sampler_result_decode: no register meas") }
        return bits
    }

    /// Compares outcome counts with the expected file (distinct outcomes, total, top 5, looked up by
    /// bitstring) and with the dictionary of `counts()`.
    static func check(_ outcomes: OutcomeCounts, against counts: [String: Int], _ expected: RuntimeValue) throws {
        func fail(_ what: String) -> BenchFailure { BenchFailure("sampler_result_decode: outcomeCounts() \(what) differs") }
        guard outcomes.count == expected["distinct_outcomes"]?.intValue, outcomes.totalShots == expected["total_counts"]?.intValue else { throw fail("distinct outcomes or total") }
        let expectedTop = (expected["top5_counts"]?.arrayValue ?? []).map { ($0[0]?.stringValue ?? "", $0[1]?.intValue ?? -1) }
        let top = outcomes.mostFrequent(5)
        guard top.map(\.bitstring) == expectedTop.map(\.0), top.map(\.count) == expectedTop.map(\.1) else { throw fail("top 5 counts") }
        guard expectedTop.allSatisfy({ outcomes[$0.0] == $0.1 }) else { throw fail("lookup by bitstring") }
        guard outcomes.dictionary == counts else { throw fail("dictionary (from counts())") }
    }

    /// Compares with the expected file: shots, bits, distinct outcomes, total, top 5 and bitstrings.
    static func check(_ bits: BitArray, _ counts: [String: Int], _ expected: RuntimeValue) throws {
        func fail(_ what: String) -> BenchFailure { BenchFailure("sampler_result_decode: \(what) differs from the expected file") }
        guard bits.shots == expected["shots"]?.intValue, bits.bitCount == expected["num_bits"]?.intValue else { throw fail("shape") }
        guard counts.count == expected["distinct_outcomes"]?.intValue, counts.values.reduce(0, +) == expected["total_counts"]?.intValue else {
            throw fail("distinct outcomes or total")
        }
        let top = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(5)
        let expectedTop = (expected["top5_counts"]?.arrayValue ?? []).map { ($0[0]?.stringValue ?? "", $0[1]?.intValue ?? -1) }
        guard top.map(\.key) == expectedTop.map(\.0), top.map(\.value) == expectedTop.map(\.1) else { throw fail("top 5 counts") }
        let first = (0..<3).map { bits.bitstring(shot: $0) }
        guard first == (expected["first3_bitstrings"]?.arrayValue ?? []).compactMap(\.stringValue),
              bits.bitstring(shot: bits.shots - 1) == expected["last_bitstring"]?.stringValue
        else { throw fail("bitstrings") }
    }
}
