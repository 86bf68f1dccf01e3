import QiskitRuntime
import RuntimeWire

/// `counts_per_s`: shots per second turned from result text into counts (`SamplerResult(json:)`
/// then `outcomeCounts()`), end to end, for 1,000,000 shots × 20 bits (the headline; Python 1.25 s)
/// and 10,000 shots × 1,000 bits (Python 0.029 s). The inputs are uniformly random outcomes
/// (`BitArrayResultPayload`), built identically by `Python/primitives_bench.py`. Beside it, per
/// case: the same end to end with `counts()` (a `[String: Int]`), and each counting call alone.
struct CountsFigure: BenchFigure {
    let key = "counts_per_s"
    let shortName = "counts"
    let target = ">= 8000000"

    struct Case {
        let shots: Int
        let bits: Int
        let seed: UInt64
        let pythonSeconds: Double
    }

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let cases = [
            Case(shots: options.quick ? 200_000 : 1_000_000, bits: 20, seed: 20, pythonSeconds: 1.25),
            Case(shots: 10_000, bits: 1_000, seed: 1_000, pythonSeconds: 0.029),
        ]
        var headline = Samples()
        var details: [JSONMember] = []
        for (index, item) in cases.enumerated() {
            BenchLog.info("counts: building \(item.shots) shots x \(item.bits) bits")
            let text = try BitArrayResultPayload.make(shots: item.shots, bits: item.bits, seed: item.seed)
            let name = "\(item.shots)x\(item.bits)"
            let warmBits = try SamplerResultDecodeFigure.decode(text)
            let warm = warmBits.counts()
            guard warm.values.reduce(0, +) == item.shots else { throw BenchFailure("counts: \(name) counts do not add up") }
            let warmOutcomes = warmBits.outcomeCounts()
            guard warmOutcomes.totalShots == item.shots, warmOutcomes.dictionary == warm,
                  warmOutcomes.reduce(0, { $0 + $1.count }) == item.shots,
                  warm.prefix(100).allSatisfy({ warmOutcomes[$0.key] == $0.value })
            else { throw BenchFailure("counts: \(name) outcomeCounts() differs from counts()") }
            var wall = Samples()
            var dictionaryWall = Samples()
            var outcomeOnly = Samples()
            var countOnly = Samples()
            var integerOnly = Samples()
            var concurrentOnly = Samples()
            for run in 0..<options.runs(full: 7, quick: 3) {
                HeapTrim.now()
                let (timing, outcomes) = try Stopwatch.measure { try SamplerResultDecodeFigure.decode(text).outcomeCounts() }
                withExtendedLifetime(outcomes) {}
                wall.append(timing.wall)
                HeapTrim.now()
                let (dictionaryTiming, counts) = try Stopwatch.measure { try SamplerResultDecodeFigure.decode(text).counts() }
                withExtendedLifetime(counts) {}
                dictionaryWall.append(dictionaryTiming.wall)
                let bits = try SamplerResultDecodeFigure.decode(text)
                HeapTrim.now()
                let (outcomeTime, recounted) = Stopwatch.measure { bits.outcomeCounts() }
                withExtendedLifetime(recounted) {}
                outcomeOnly.append(outcomeTime.wall)
                HeapTrim.now()
                let (countTime, recount) = Stopwatch.measure { bits.counts() }
                withExtendedLifetime(recount) {}
                countOnly.append(countTime.wall)
                withExtendedLifetime(recount) {}
                HeapTrim.now()
                let (integerTime, integers) = Stopwatch.measure { bits.integerCounts()?.count ?? 0 }
                withExtendedLifetime(integers) {}
                integerOnly.append(integerTime.wall)
                HeapTrim.now()
                let concurrentStart = ContinuousClock.now
                let concurrent = try await bits.concurrentCounts()
                concurrentOnly.append(Stopwatch.seconds(of: ContinuousClock.now - concurrentStart))
                guard concurrent.count == recount.count else { throw BenchFailure("counts: \(name) concurrentCounts() differs from counts()") }
                if index == 0 { headline.append(Double(item.shots) / timing.wall) }
                BenchLog.info("counts: \(name) run \(run + 1): \(FigureReport.format(timing.wall * 1000)) ms (outcomeCounts() alone \(FigureReport.format(outcomeTime.wall * 1000)); with counts() \(FigureReport.format(dictionaryTiming.wall * 1000)), counts() alone \(FigureReport.format(countTime.wall * 1000)))")
            }
            details.append(JSONMember(name, .object([
                JSONMember("end_to_end_ms", FigureReport.number(wall.median * 1000)),
                JSONMember("outcome_counts_only_ms", FigureReport.number(outcomeOnly.median * 1000)),
                JSONMember("string_dictionary_end_to_end_ms", FigureReport.number(dictionaryWall.median * 1000)),
                JSONMember("counts_only_ms", FigureReport.number(countOnly.median * 1000)),
                JSONMember("concurrent_counts_only_ms", FigureReport.number(concurrentOnly.median * 1000)),
                JSONMember("integer_counts_only_ms", item.bits <= 64 ? FigureReport.number(integerOnly.median * 1000) : .null),
                JSONMember("shots_per_s", FigureReport.number(Double(item.shots) / wall.median)),
                JSONMember("python_s", .double(item.pythonSeconds)),
                JSONMember("speedup_vs_python", FigureReport.number(item.pythonSeconds / wall.median)),
                JSONMember("string_dictionary_speedup_vs_python", FigureReport.number(item.pythonSeconds / dictionaryWall.median)),
                JSONMember("distinct_outcomes", .integer(Int64(warm.count))),
                JSONMember("input_bytes", .integer(Int64(text.utf8.count))),
                JSONMember("input_fnv1a64", .string(BitArrayResultPayload.fnv1a(text))),
            ])))
        }
        return FigureReport.median(headline, target: target, satisfied: { $0 >= 8_000_000 }, details: details)
    }
}
