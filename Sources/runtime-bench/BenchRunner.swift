import RuntimeWire

/// Measures the selected figures one after the other and assembles the output object.
enum BenchRunner {
    /// The JSON object of the run, and whether every measured figure succeeded.
    static func run(_ options: BenchOptions) async -> (output: JSONValue, succeeded: Bool) {
        var members: [JSONMember] = []
        var succeeded = true
        for figure in FigureRegistry.all where options.selects(figure.key) {
            BenchLog.info("measuring \(figure.key)")
            do {
                members.append(JSONMember(figure.key, try await figure.measure(options)))
            } catch {
                BenchLog.info("\(figure.key) failed: \(error)")
                members.append(JSONMember(figure.key, FigureReport.failed(error, target: figure.target)))
                succeeded = false
            }
        }
        members.append(JSONMember("run", environment(options)))
        return (.object(members), succeeded)
    }

    private static func environment(_ options: BenchOptions) -> JSONValue {
        var members = [
            JSONMember("mode", .string(options.quick ? "quick" : "full")),
            JSONMember("mb", .string("10^6 bytes")),
        ]
        if let status = ProcessStatus.current() {
            members.append(JSONMember("bench_peak_rss_mb", FigureReport.number(Double(status.peakResidentBytes) / 1_000_000)))
            members.append(JSONMember("bench_threads", .integer(Int64(status.threads))))
        }
        return .object(members)
    }
}
