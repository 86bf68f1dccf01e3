import RuntimeWire

/// `rss_one_job_mb`: the peak resident memory (`VmHWM`) of a process that runs one job end to
/// end: the bench re-executes itself as `runtime-bench one-job --url URL` (the SDK, its event
/// loop and HTTP client, one hello-world job with its result decoded) and reads the figure the
/// child prints. The binary also holds the bench and the emulator code, so this is an upper bound
/// of what a client executable pays.
struct RSSOneJobFigure: BenchFigure {
    let key = "rss_one_job_mb"
    let shortName = "rss"
    let target = "<= 30"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let emulator = try EmulatorTarget.make(options)
        defer { withExtendedLifetime(emulator) {} }
        var samples = Samples()
        var threads = Samples()
        for run in 0..<options.runs(full: 5, quick: 3) {
            let child = try ChildProcess.spawnSelf(arguments: ["one-job", "--url", emulator.baseURL])
            let line = child.readLine() ?? ""
            let fields = line.split(separator: " ").compactMap { Int($0) }
            child.terminate()
            guard fields.count == 3 else { throw BenchFailure("one-job printed \(line.debugDescription)") }
            samples.append(Double(fields[0]) / 1_000_000)
            threads.append(Double(fields[2]))
            BenchLog.info("rss: run \(run + 1): peak \(Double(fields[0]) / 1_000_000) MB, \(fields[2]) threads")
        }
        return FigureReport.median(samples, target: target, satisfied: { $0 <= 30 }, details: [
            JSONMember("threads_median", FigureReport.number(threads.median)),
            JSONMember("measured", .string("VmHWM of `runtime-bench one-job` (one hello-world job, result decoded)")),
        ])
    }
}
