import RuntimeWire

/// `json_parse_mb_per_s`: MB (10^6 bytes) of JSON text per second parsed into a `JSONValue` by
/// RuntimeWire's `JSONParser` (no tag pass). The input is `MixedDocumentPayload` (10 MB; 3 MB
/// under `--quick`).
struct JSONParseFigure: BenchFigure {
    let key = "json_parse_mb_per_s"
    let shortName = "json_parse"
    let target = ">= 300"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let megabytes = options.jsonMB ?? (options.quick ? 3 : 10)
        BenchLog.info("json_parse: building a \(megabytes) MB mixed document")
        let (bytes, records) = MixedDocumentPayload.make(megabytes: megabytes)
        let inputMB = Double(bytes.count) / 1_000_000

        let check = try JSONParser.parse(bytes)
        guard case .array(let jobs)? = check["jobs"], jobs.count == records else {
            throw BenchFailure("json_parse: the parsed document does not have the expected shape")
        }

        var samples = Samples()
        var cpuSamples = Samples()
        for run in 0..<options.runs(full: 9, quick: 5) {
            let (timing, value) = try Stopwatch.measure { try JSONParser.parse(bytes) }
            withExtendedLifetime(value) {}
            samples.append(inputMB / timing.wall)
            cpuSamples.append(inputMB / timing.cpu)
            BenchLog.info("json_parse: run \(run + 1): \(Int(inputMB / timing.wall)) MB/s (\(Int(inputMB / timing.cpu)) MB per CPU second)")
        }
        return FigureReport.median(samples, target: target, satisfied: { $0 >= 300 }, details: [
            JSONMember("cpu_median", FigureReport.number(cpuSamples.median)),
            JSONMember("input_mb", FigureReport.number(inputMB)),
            JSONMember("records", .integer(Int64(records))),
            JSONMember("payload", .string("job listing: per record ids, dates, statuses, nested params, "
                + "a 32-key counts dict, 64 doubles, tags, bools/nulls, a log text with escapes and non-ASCII")),
        ])
    }
}
