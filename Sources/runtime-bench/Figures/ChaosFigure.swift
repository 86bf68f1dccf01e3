import QiskitRuntime
import RuntimeWire
import Synchronization

/// `chaos`: exactly-once delivery and no user-visible failure under a hostile network. 1,000
/// streamed jobs (quick: 200), all at once, 20 interim results each, against an emulator child
/// started with the chaos fault mix (`serve --chaos SEED`, see `ServeCommand.chaosFaults`):
/// 20 % 503 and 5 % 429 on the REST GETs of a job, 2 % of the status and interim-results bodies
/// cut. On top, 30 % of the jobs have their websockets dropped after every 1–5 frames (each job's
/// own stream faults), half with close 1011 and half abruptly.
///
/// Each job is submitted, its `interimResults()` iterated to the end and its `result()` awaited.
/// Counted: interim results delivered against expected (20 per job), the ones lost and the ones
/// delivered twice, user-visible failures (anything `run`, the stream or `result()` threw, or a
/// wrong result), duplicate submissions (`POST /jobs` sent beyond one per job, counted by the
/// bench's transport: the SDK's HTTP client never resends a POST by itself), and the wall time.
/// The client is the SDK's default configuration except for a patient retry policy (10 attempts
/// per request instead of 6), as a service expecting such a network would configure it.
struct ChaosFigure: BenchFigure {
    let key = "chaos"
    let shortName = "chaos"
    let target = "0 lost, 0 duplicated, 0 user-visible failures, 0 duplicate submissions"

    static let interimPerJob = 20
    static let seed: UInt64 = 0x0C4A_05

    /// What happened to one job.
    private struct Outcome: Sendable {
        var delivered = 0
        var lost = 0
        var duplicated = 0
        var failures: [String] = []
    }

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        guard options.url == nil else {
            return FigureReport.pending("needs the emulator child with the chaos fault mix (not --url)", target: .string(target))
        }
        let emulator = try EmulatorTarget.make(options, serveArguments: ["--chaos", String(Self.seed)])
        defer { withExtendedLifetime(emulator) {} }
        let transport = CountingTransport()
        var configuration = RuntimeConfiguration(
            account: .accessToken(BenchClient.accessToken, runtimeURL: emulator.baseURL + "/runtime"), transport: transport)
        configuration.defaultBackend = BenchClient.backend
        configuration.retryPolicy.maximumAttempts = 10
        let service = try await RuntimeService(configuration: configuration)
        let jobs = options.quick ? 200 : 1_000
        var random = SplitMix64(seed: Self.seed)
        let plans: [RuntimeValue] = (0..<jobs).map { index in
            var inputs: RuntimeObject = ["iterations": .integer(Int64(Self.interimPerJob)), "queued_s": 0.1, "interval_s": 0.05]
            if random.next() % 100 < 30 {
                inputs["_fault_ws_drop_after"] = .integer(Int64(1 + random.next() % 5))
                inputs["_fault_ws_drop_mode"] = .string(index % 2 == 0 ? "1011" : "abrupt")
            }
            return .object(inputs)
        }
        let dropped = plans.filter { $0["_fault_ws_drop_after"] != nil }.count
        BenchLog.info("chaos: \(jobs) jobs, \(dropped) with dropped streams")
        let postsBefore = transport.posts
        let started = ContinuousClock.now
        let outcomes = await withTaskGroup(of: Outcome.self) { group in
            for inputs in plans {
                group.addTask { await Self.follow(service: service, inputs: inputs) }
            }
            var outcomes: [Outcome] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        let wall = Stopwatch.seconds(of: ContinuousClock.now - started)
        let posts = transport.posts - postsBefore
        await service.shutdown()
        await transport.shutdown()

        let delivered = outcomes.reduce(0) { $0 + $1.delivered }
        let lost = outcomes.reduce(0) { $0 + $1.lost }
        let duplicated = outcomes.reduce(0) { $0 + $1.duplicated }
        let failures = outcomes.flatMap(\.failures)
        let duplicateSubmissions = max(0, posts - jobs)
        BenchLog.info("chaos: \(delivered)/\(jobs * Self.interimPerJob) delivered, \(lost) lost, \(duplicated) duplicated, "
            + "\(failures.count) failures, \(duplicateSubmissions) duplicate submissions, \(wall) s")
        for failure in failures.prefix(5) { BenchLog.info("chaos: failure: \(failure)") }
        let met = lost == 0 && duplicated == 0 && failures.isEmpty && duplicateSubmissions == 0
        return .object([
            JSONMember("jobs", .integer(Int64(jobs))),
            JSONMember("interim_expected", .integer(Int64(jobs * Self.interimPerJob))),
            JSONMember("interim_delivered", .integer(Int64(delivered))),
            JSONMember("lost", .integer(Int64(lost))),
            JSONMember("duplicated", .integer(Int64(duplicated))),
            JSONMember("user_visible_failures", .integer(Int64(failures.count))),
            JSONMember("duplicate_submissions", .integer(Int64(duplicateSubmissions))),
            JSONMember("wall_s", FigureReport.number(wall)),
            JSONMember("jobs_with_dropped_streams", .integer(Int64(dropped))),
            JSONMember("failure_examples", .array(failures.prefix(3).map { .string($0) })),
            JSONMember("faults", .string(
                "REST GETs of a job: 20 % 503, 5 % 429 (Retry-After 1), 2 % cut bodies (status, interim results); "
                    + "30 % of jobs: websocket dropped after every 1-5 frames, half 1011, half abrupt")),
            JSONMember("client", .string("default configuration, retryPolicy.maximumAttempts 10")),
            JSONMember("target", .string(target)),
            JSONMember("met", .bool(met)),
        ])
    }

    /// Submits one job, reads its interim results to the end and awaits its result.
    private static func follow(service: RuntimeService, inputs: RuntimeValue) async -> Outcome {
        var outcome = Outcome()
        let job: RuntimeJob
        do {
            job = try await service.run(program: "hello-world", inputs: inputs)
        } catch {
            outcome.failures.append("run: \(error)")
            outcome.lost = interimPerJob
            return outcome
        }
        async let result = job.result(timeout: .seconds(600))
        var seen = Set<Int64>()
        do {
            for try await value in job.interimResults() {
                outcome.delivered += 1
                guard case .integer(let iteration)? = value["iteration"] else {
                    outcome.failures.append("job \(job.jobID): an interim result without an iteration: \(value.json.prefix(80))")
                    continue
                }
                if !seen.insert(iteration).inserted { outcome.duplicated += 1 }
            }
        } catch {
            outcome.failures.append("job \(job.jobID) interim results: \(error)")
        }
        outcome.lost = (0..<Int64(interimPerJob)).filter { !seen.contains($0) }.count
        do {
            let value = try await result
            if value.stringValue != "All done!" { outcome.failures.append("job \(job.jobID): result \(value.json.prefix(80))") }
        } catch {
            outcome.failures.append("job \(job.jobID) result: \(error)")
        }
        return outcome
    }
}
