import QiskitRuntime
import RuntimeWire

/// `counts_per_s`: shots per second turned from result text into counts (`SamplerResult(json:)`
/// then `counts()`), end to end, for 1,000,000 shots × 20 bits (the headline; Python 1.25 s) and
/// 10,000 shots × 1,000 bits (Python 0.029 s). The inputs are uniformly random outcomes
/// (`BitArrayResultPayload`), built identically by `Python/primitives_bench.py`.
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
            let warm = try SamplerResultDecodeFigure.decode(text).counts()
            guard warm.values.reduce(0, +) == item.shots else { throw BenchFailure("counts: \(name) counts do not add up") }
            var wall = Samples()
            var countOnly = Samples()
            var integerOnly = Samples()
            for run in 0..<options.runs(full: 7, quick: 3) {
                HeapTrim.now()
                let (timing, counts) = try Stopwatch.measure { try SamplerResultDecodeFigure.decode(text).counts() }
                withExtendedLifetime(counts) {}
                wall.append(timing.wall)
                let bits = try SamplerResultDecodeFigure.decode(text)
                HeapTrim.now()
                let (countTime, recount) = Stopwatch.measure { bits.counts() }
                withExtendedLifetime(recount) {}
                countOnly.append(countTime.wall)
                withExtendedLifetime(recount) {}
                HeapTrim.now()
                let (integerTime, integers) = Stopwatch.measure { item.bits <= 64 ? bits.integerCounts()?.count ?? 0 : bits.outcomeCounts().count }
                withExtendedLifetime(integers) {}
                integerOnly.append(integerTime.wall)
                if index == 0 { headline.append(Double(item.shots) / timing.wall) }
                BenchLog.info("counts: \(name) run \(run + 1): \(FigureReport.format(timing.wall * 1000)) ms (counts alone \(FigureReport.format(countTime.wall * 1000)))")
            }
            details.append(JSONMember(name, .object([
                JSONMember("end_to_end_ms", FigureReport.number(wall.median * 1000)),
                JSONMember("counts_only_ms", FigureReport.number(countOnly.median * 1000)),
                JSONMember(item.bits <= 64 ? "integer_counts_only_ms" : "outcome_counts_only_ms", FigureReport.number(integerOnly.median * 1000)),
                JSONMember("shots_per_s", FigureReport.number(Double(item.shots) / wall.median)),
                JSONMember("python_s", .double(item.pythonSeconds)),
                JSONMember("speedup_vs_python", FigureReport.number(item.pythonSeconds / wall.median)),
                JSONMember("distinct_outcomes", .integer(Int64(warm.count))),
                JSONMember("input_bytes", .integer(Int64(text.utf8.count))),
                JSONMember("input_fnv1a64", .string(BitArrayResultPayload.fnv1a(text))),
            ])))
        }
        return FigureReport.median(headline, target: target, satisfied: { $0 >= 8_000_000 }, details: details)
    }
}
