import QiskitRuntime
import RuntimeWire

/// `decode_mb_per_s`: MB (10^6 bytes) of RuntimeEncoder JSON text per second turned into a
/// `RuntimeValue` by `RuntimeValue(json:)` — JSON parse, tag pass, base64, zlib inflate and
/// `.npy` reading of every ndarray. The input is `SamplerResultPayload` (16 MB; 4 MB under `--quick`).
struct DecodeFigure: BenchFigure {
    let key = "decode_mb_per_s"
    let shortName = "decode"
    let target = ">= 250"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let megabytes = options.decodeMB ?? (options.quick ? 4 : 16)
        BenchLog.info("decode: building a \(megabytes) MB sampler-like result")
        let (text, blocks) = try SamplerResultPayload.make(megabytes: megabytes)
        let inputMB = Double(text.utf8.count) / 1_000_000

        // One untimed run to warm caches and check the result.
        let check = try RuntimeValue(json: text)
        guard case .object(let top) = check, case .array(let decoded)? = top["quasi_dists_and_arrays"],
              decoded.count == blocks, case .object(let first)? = decoded.first,
              case .ndarray(let amplitudes)? = first["amplitudes"], amplitudes.count == 8_192
        else { throw BenchFailure("decode: the decoded result does not have the expected shape") }

        var samples = Samples()
        var cpuSamples = Samples()
        for run in 0..<options.runs(full: 7, quick: 5) {
            let (timing, value) = try Stopwatch.measure { try RuntimeValue(json: text) }
            withExtendedLifetime(value) {}
            samples.append(inputMB / timing.wall)
            cpuSamples.append(inputMB / timing.cpu)
            BenchLog.info("decode: run \(run + 1): \(Int(inputMB / timing.wall)) MB/s (\(Int(inputMB / timing.cpu)) MB per CPU second)")
        }
        BenchLog.info("decode: timing the stages")
        let stages = try DecodeStages.measure(text: text, runs: options.runs(full: 5, quick: 3))
        return FigureReport.median(samples, target: target, satisfied: { $0 >= 250 }, details: [
            JSONMember("cpu_median", FigureReport.number(cpuSamples.median)),
            JSONMember("input_mb", FigureReport.number(inputMB)),
            JSONMember("stages_mb_per_cpu_s", stages),
            JSONMember("blocks", .integer(Int64(blocks))),
            JSONMember("payload", .string("sampler-like result: per block a 1024-key counts dict, a 1024-key quasi_dist, "
                + "complex128[8192], float64[64,32], float64[32,32] ndarrays, metadata")),
        ])
    }
}
