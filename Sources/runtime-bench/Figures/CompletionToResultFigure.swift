import QiskitRuntime
import RuntimeWire

/// `completion_to_result_ms`: how long after a job completes on the emulator `result()` returns,
/// p50 and p99, and the HTTP requests the SDK sends per job.
///
/// Completion is the job's `metrics.timestamps.finished` (written by the emulator child from the
/// machine's real-time clock); the return is the real-time clock when `result()` returned in the
/// bench. Jobs run in waves of `wave` at once (hello-world, 2 interim results, staggered pacing so
/// their completions fall at every phase of a polling period); `result()` is awaited right after
/// `run`. Requests are counted by a wrapping `HTTPTransport` from `run` to `result()`'s return
/// (`POST /jobs`, status reads, `GET …/results`); the `metrics` reads of the bench are not counted.
struct CompletionToResultFigure: BenchFigure {
    let key = "completion_to_result_ms"
    let shortName = "completion_to_result"
    let target = "p50 <= 5, p99 <= 20"

    /// Requests per job of the Python client (qiskit-ibmq-provider 0.20.2) for a job that ends
    /// within one 5 s poll: `POST /jobs`, a status read at once and one after its 5 s sleep
    /// (`wait_for_final_state`), `GET …/results`.
    static let pythonRequestsPerShortJob = 4.0

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let emulator = try EmulatorTarget.make(options)
        let client = try await BenchClient.connect(baseURL: emulator.baseURL)
        defer { withExtendedLifetime(emulator) {} }
        let wave = 5
        let jobs = options.runs(full: 100, quick: 20)
        var latencies = Samples()
        var requests = 0
        var serverRequests: Int? = 0
        var measured = 0
        var durations = Samples()
        var index = 0
        while index < jobs {
            let size = min(wave, jobs - index)
            let before = client.transport.count
            let serverBefore = emulator.requestCount()
            let outcomes = try await withThrowingTaskGroup(of: (RuntimeJob, Double, Double).self) { group in
                for slot in 0..<size {
                    let queued = 0.05 + Double((index + slot) % 13) * 0.037
                    group.addTask {
                        let submitted = BenchClient.wallClockSeconds()
                        let job = try await client.service.run(program: "hello-world", inputs: [
                            "iterations": 2, "queued_s": .double(queued), "interval_s": 0.05,
                        ])
                        let value = try await job.result(timeout: .seconds(30))
                        let returned = BenchClient.wallClockSeconds()
                        guard value.stringValue == "All done!" else {
                            throw BenchFailure("hello-world returned \(value)")
                        }
                        return (job, returned, submitted)
                    }
                }
                var outcomes: [(RuntimeJob, Double, Double)] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            requests += client.transport.count - before
            if let total = serverRequests, let serverBefore, let serverAfter = emulator.requestCount() {
                serverRequests = total + serverAfter - serverBefore
            } else {
                serverRequests = nil
            }
            for (job, returned, submitted) in outcomes {
                let finished = try await BenchClient.finishedSeconds(of: job)
                latencies.append((returned - finished) * 1000)
                durations.append(finished - submitted)
                measured += 1
            }
            index += size
        }
        await client.shutdown()
        let p50 = latencies.percentile(50)
        let p99 = latencies.percentile(99)
        let clientPerJob = Double(requests) / Double(max(measured, 1))
        // The emulator's count includes websocket upgrades (a completion watcher's stream); the
        // client's transport sees only REST requests. Without a child (--url), the client's.
        let perJob = serverRequests.map { Double($0) / Double(max(measured, 1)) } ?? clientPerJob
        BenchLog.info("completion_to_result: p50 \(p50) ms, p99 \(p99) ms, \(perJob) requests per job")
        let requestsMet = perJob <= Self.pythonRequestsPerShortJob
        return .object([
            JSONMember("p50", FigureReport.number(p50)),
            JSONMember("p99", FigureReport.number(p99)),
            JSONMember("target", .string(target)),
            JSONMember("met", .bool(p50 <= 5 && p99 <= 20 && requestsMet)),
            JSONMember("jobs", .integer(Int64(measured))),
            JSONMember("min", FigureReport.number(latencies.minimum)),
            JSONMember("max", FigureReport.number(latencies.maximum)),
            JSONMember("completion_strategy", .string(
                "the SDK's default (status polling every \(Self.pollIntervalText)); no completion watcher in this build")),
            JSONMember("http_requests_per_job", .object([
                JSONMember("value", FigureReport.number(perJob)),
                JSONMember("target", .string("<= \(Self.pythonRequestsPerShortJob) (Python client, job within one 5 s poll)")),
                JSONMember("met", .bool(requestsMet)),
                JSONMember("rest_requests_per_job_client", FigureReport.number(clientPerJob)),
                JSONMember("counted", .string(serverRequests == nil
                    ? "client side (REST only, --url), from run to result() returning"
                    : "by the emulator child (REST and websocket upgrades), from run to result() returning")),
            ])),
            JSONMember("job_duration_s_median", FigureReport.number(durations.median)),
            JSONMember("with_consumer", FigureReport.pending(
                "RuntimeJob.interimResults() is not in this build", target: .string(target))),
        ])
    }

    private static var pollIntervalText: String {
        let configuration = RuntimeConfiguration(account: .accessToken("-", runtimeURL: "http://127.0.0.1:1/runtime"))
        return "\(configuration.pollInterval)"
    }
}
