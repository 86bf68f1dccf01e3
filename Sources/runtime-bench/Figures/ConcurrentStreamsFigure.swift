import QiskitRuntime
import RuntimeWire

/// `concurrent_streams`: N jobs streaming at once from the emulator child (N = 1,000 and 10,000;
/// 200 under `--quick`). All N jobs are submitted queued for long enough that every stream is
/// open before the first interim result; each stream is consumed by its own task (no thread per
/// stream). Reported per N: interim results delivered vs expected, the bench's OS thread count
/// (`/proc/self/status`, highest seen), and its RSS per stream: (RSS with all N streams open and
/// idle − RSS before opening them) / N, and the same at the peak while results flow.
struct ConcurrentStreamsFigure: BenchFigure {
    let key = "concurrent_streams"
    let shortName = "streams"
    let target = "all delivered, <= 16 threads, <= 40 KB per stream"

    /// Interim results per job, and the interval between them.
    static let perJob = 5
    static let interval = 0.2
    /// Streams connecting at once (the listen backlog of the emulator is finite).
    static let connectBatch = 256

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let counts = options.streamCounts ?? (options.quick ? [200] : [1_000, 10_000])
        var members: [JSONMember] = []
        var allMet = true
        for count in counts {
            let (report, met) = try await measure(streams: count, options)
            members.append(JSONMember(String(count), report))
            allMet = allMet && met
        }
        return .object([
            JSONMember("target", .string(target)),
            JSONMember("met", .bool(allMet)),
            JSONMember("via", .string(InterimSource.via)),
        ] + members)
    }

    private func measure(streams count: Int, _ options: BenchOptions) async throws -> (JSONValue, Bool) {
        let emulator = try EmulatorTarget.make(options)
        defer { withExtendedLifetime(emulator) {} }
        let client = try await BenchClient.connect(baseURL: emulator.baseURL)
        let clock = ContinuousClock()
        // Long enough to submit and connect everything before the first result is due.
        let queued = 2.0 + Double(count) / 800
        BenchLog.info("streams: \(count): submitting \(count) jobs (queued \(queued) s)")
        let submitStart = clock.now
        var jobs: [RuntimeJob] = []
        jobs.reserveCapacity(count)
        var next = 0
        while next < count {
            let batch = min(64, count - next)
            let batchJobs = try await withThrowingTaskGroup(of: RuntimeJob.self) { group in
                for _ in 0..<batch {
                    group.addTask {
                        let job = try await client.service.run(program: "hello-world", inputs: [
                            "iterations": .integer(Int64(Self.perJob)), "queued_s": .double(queued),
                            "interval_s": .double(Self.interval),
                        ])
                        return job
                    }
                }
                var batchJobs: [RuntimeJob] = []
                for try await job in group { batchJobs.append(job) }
                return batchJobs
            }
            jobs += batchJobs
            next += batch
        }
        let submitted = Stopwatch.seconds(of: clock.now - submitStart)
        let before = ProcessStatus.current()
        BenchLog.info("streams: \(count): submitted in \(submitted) s; opening the streams")

        let baseURL = emulator.baseURL
        let openStart = clock.now
        let baselineFDs = FDCount.current()
        var maxThreads = before?.threads ?? 0
        var idleRSS = 0
        var peakRSS = 0
        var openFailures = 0
        var openSeconds = 0.0
        let delivered = try await withThrowingTaskGroup(of: Int.self) { group in
            var opened = 0
            for (index, job) in jobs.enumerated() {
                group.addTask {
                    var received = 0
                    do {
                        for try await value in InterimSource.stream(of: job, baseURL: baseURL) {
                            withExtendedLifetime(value) {}
                            received += 1
                        }
                    } catch {
                        BenchLog.info("streams: \(job.jobID): \(error)")
                    }
                    return received
                }
                // Connect a batch at a time: wait until the batch's sockets are open.
                if index + 1 - opened >= Self.connectBatch || index + 1 == jobs.count {
                    let target = baselineFDs + index + 1
                    if !(await FDCount.wait(timeout: .seconds(60), until: { $0 >= target })) {
                        openFailures = target - FDCount.current()
                        BenchLog.info("streams: \(openFailures) streams did not open within 60 s")
                    }
                    opened = index + 1
                }
            }
            openSeconds = Stopwatch.seconds(of: clock.now - openStart)
            if let idle = ProcessStatus.current() {
                idleRSS = idle.residentBytes
                maxThreads = max(maxThreads, idle.threads)
            }
            BenchLog.info("streams: \(count): \(opened - openFailures) open after \(openSeconds) s of \(queued) s; waiting for results")
            // Sample threads and RSS while results flow, until every stream has ended.
            let sampler = Task {
                var peak = 0
                var threads = 0
                while !Task.isCancelled {
                    if let status = ProcessStatus.current() {
                        peak = max(peak, status.residentBytes)
                        threads = max(threads, status.threads)
                    }
                    try? await Task.sleep(for: .milliseconds(50))
                }
                return (peak, threads)
            }
            var total = 0
            for try await received in group { total += received }
            sampler.cancel()
            let (peak, threads) = await sampler.value
            peakRSS = max(peak, idleRSS)
            maxThreads = max(maxThreads, threads)
            return total
        }
        await client.shutdown()
        let expected = count * Self.perJob
        let baseRSS = before?.residentBytes ?? 0
        let perStreamKB = Double(idleRSS - baseRSS) / Double(count) / 1000
        let peakPerStreamKB = Double(peakRSS - baseRSS) / Double(count) / 1000
        let met = delivered == expected && maxThreads <= 16 && perStreamKB <= 40 && peakPerStreamKB <= 40
        BenchLog.info("streams: \(count): \(delivered)/\(expected) delivered, \(maxThreads) threads, \(perStreamKB) KB per stream idle, \(peakPerStreamKB) KB at peak")
        let childStatus = emulator.child.flatMap { ProcessStatus.of(pid: $0.pid) }
        var members = [
            JSONMember("delivered", .integer(Int64(delivered))),
            JSONMember("expected", .integer(Int64(expected))),
            JSONMember("client_threads_max", .integer(Int64(maxThreads))),
            JSONMember("rss_per_stream_kb", FigureReport.number(perStreamKB)),
            JSONMember("rss_per_stream_kb_peak", FigureReport.number(peakPerStreamKB)),
            JSONMember("client_rss_mb_before", FigureReport.number(Double(baseRSS) / 1_000_000)),
            JSONMember("client_rss_mb_open", FigureReport.number(Double(idleRSS) / 1_000_000)),
            JSONMember("open_failures", .integer(Int64(openFailures))),
            JSONMember("submit_s", FigureReport.number(submitted)),
            JSONMember("open_s", FigureReport.number(openSeconds)),
            JSONMember("queued_s", FigureReport.number(queued)),
            JSONMember("met", .bool(met)),
        ]
        if let childStatus {
            members.append(JSONMember("emulator_peak_rss_mb", FigureReport.number(Double(childStatus.peakResidentBytes) / 1_000_000)))
            members.append(JSONMember("emulator_threads", .integer(Int64(childStatus.threads))))
        }
        return (.object(members), met)
    }
}
