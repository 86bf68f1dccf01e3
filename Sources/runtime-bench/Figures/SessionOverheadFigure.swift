import QiskitRuntime
import RuntimeWire

/// `session_overhead_ms`: the extra wall time of running 20 short jobs one after the other in
/// `withSession` rather than without one, and the HTTP requests per job, on today's platform API
/// (the emulator's `/api/v1`, real time).
///
/// Each job is hello-world with one iteration (queued 0 s, 50 ms per step: about 0.1 s of run
/// time), submitted and awaited (`result()`) before the next, as iterative session work does.
/// The headline compares equal polling (100 ms for both), so that it is the session's own cost:
/// `POST /sessions`, `PATCH` to close, and `session_id` on each job. The passes alternate,
/// `runs` times; the headline is the median of the differences. A pass with the defaults (500 ms
/// outside a session, 100 ms inside) shows what a user sees.
///
/// Requests are counted by the client's transport. The Python client (qiskit-ibm-runtime 0.51)
/// sends, for the same flow, two more requests per submission (`GET /instances/usage` and
/// `GET /backends/{name}/status` before every `POST /jobs`) with the same 100 ms polling in a
/// session: its count is derived as ours plus two per job, not measured.
struct SessionOverheadFigure: BenchFigure {
    let key = "session_overhead_ms"
    let shortName = "session_overhead"
    let target = "requests per job < the Python client's; extra wall time reported"

    static let inputs: RuntimeValue = ["iterations": 1, "queued_s": 0, "interval_s": 0.05]

    private struct Pass {
        var seconds: Double
        var requests: Int
    }

    /// Runs `jobs` jobs one after the other, in a session or not.
    private func pass(_ client: BenchClient, jobs: Int, inSession: Bool) async throws -> Pass {
        let clock = ContinuousClock()
        let before = client.transport.count
        let start = clock.now
        func runAll(_ submit: () async throws -> RuntimeJob) async throws {
            for _ in 0..<jobs {
                let value = try await submit().result(timeout: .seconds(60))
                guard value.stringValue == "All done!" else { throw BenchFailure("hello-world returned \(value)") }
            }
        }
        if inSession {
            try await client.service.withSession(backend: BenchClient.platformBackend) { session in
                try await runAll { try await session.run(program: "hello-world", inputs: Self.inputs) }
            }
        } else {
            try await runAll { try await client.service.run(program: "hello-world", inputs: Self.inputs) }
        }
        return Pass(seconds: Stopwatch.seconds(of: clock.now - start), requests: client.transport.count - before)
    }

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let emulator = try EmulatorTarget.make(options)
        defer { withExtendedLifetime(emulator) {} }
        let jobs = options.quick ? 5 : 20
        // Equal polling: jobs outside the session also polled every 100 ms.
        let equal = try await BenchClient.connectPlatform(baseURL: emulator.baseURL, pollInterval: .milliseconds(100))
        var extra = Samples()
        var plainRequests = Samples()
        var sessionRequests = Samples()
        for run in 0..<options.runs(full: 3, quick: 1) {
            let plain = try await pass(equal, jobs: jobs, inSession: false)
            let session = try await pass(equal, jobs: jobs, inSession: true)
            extra.append((session.seconds - plain.seconds) * 1000)
            plainRequests.append(Double(plain.requests) / Double(jobs))
            sessionRequests.append(Double(session.requests) / Double(jobs))
            BenchLog.info("session_overhead: run \(run + 1): \(jobs) jobs in \(plain.seconds) s without a session, "
                + "\(session.seconds) s in one; \(plain.requests) and \(session.requests) requests")
        }
        await equal.shutdown()
        let defaults = try await BenchClient.connectPlatform(baseURL: emulator.baseURL)
        let plainDefault = try await pass(defaults, jobs: jobs, inSession: false)
        let sessionDefault = try await pass(defaults, jobs: jobs, inSession: true)
        await defaults.shutdown()

        let ours = sessionRequests.median
        let python = ours + 2
        return .object([
            JSONMember("median", FigureReport.number(extra.median)),
            JSONMember("runs", .array(extra.values.map(FigureReport.number))),
            JSONMember("target", .string(target)),
            JSONMember("met", .bool(ours < python)),
            JSONMember("jobs", .integer(Int64(jobs))),
            JSONMember("per_job_ms", FigureReport.number(extra.median / Double(jobs))),
            JSONMember("polling", .string("100 ms in and out of the session (the headline)")),
            JSONMember("requests_per_job", .object([
                JSONMember("in_session", FigureReport.number(ours)),
                JSONMember("without_session", FigureReport.number(plainRequests.median)),
                JSONMember("python_client_in_session", FigureReport.number(python)),
                JSONMember("python_counted", .string(
                    "derived: ours plus GET /instances/usage and GET /backends/{name}/status per submission")),
            ])),
            JSONMember("with_default_polling", .object([
                JSONMember("extra_ms", FigureReport.number((sessionDefault.seconds - plainDefault.seconds) * 1000)),
                JSONMember("without_session_s", FigureReport.number(plainDefault.seconds)),
                JSONMember("in_session_s", FigureReport.number(sessionDefault.seconds)),
                JSONMember("requests_per_job_without_session", FigureReport.number(Double(plainDefault.requests) / Double(jobs))),
                JSONMember("requests_per_job_in_session", FigureReport.number(Double(sessionDefault.requests) / Double(jobs))),
                JSONMember("polling", .string("500 ms outside a session, 100 ms inside (the SDK's defaults)")),
            ])),
        ])
    }
}
