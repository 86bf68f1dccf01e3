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
        var run = environment(options)
        let networkKeys: Set<String> = [
            "completion_to_result_ms", "concurrent_streams", "stream_msgs_per_s", "cancel_to_close_ms",
            "timeout_overshoot_ms", "rss_one_job_mb", "status_poll_bytes", "session_overhead_ms",
            "result_latency_during_decode_ms", "chaos",
        ]
        if FigureRegistry.all.contains(where: { networkKeys.contains($0.key) && options.selects($0.key) }),
           case .object(var fields) = run {
            // Checks that the emulator starts (in its own process unless --url is given).
            do {
                let target = try EmulatorTarget.make(options)
                fields.append(JSONMember("emulator", .object(target.summary.map { JSONMember($0.0, .string($0.1)) })))
            } catch {
                fields.append(JSONMember("emulator", .string("failed: \(error)")))
            }
            run = .object(fields)
        }
        members.append(JSONMember("run", run))
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
