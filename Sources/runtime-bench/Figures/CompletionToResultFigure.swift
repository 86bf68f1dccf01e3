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

    /// One pass over `jobs` jobs: latencies in ms, requests per job (emulator, client), durations.
    struct Pass {
        var latencies = Samples()
        var serverRequests: Int? = 0
        var clientRequests = 0
        var durations = Samples()
        var interimDelivered = 0

        var serverPerJob: Double? { serverRequests.map { Double($0) / Double(max(latencies.count, 1)) } }
        var clientPerJob: Double { Double(clientRequests) / Double(max(latencies.count, 1)) }
    }

    /// Runs `jobs` hello-world jobs in waves of 5 and measures completion → `result()` return.
    func pass(
        jobs: Int, consumer: Bool, emulator: EmulatorTarget, client: BenchClient
    ) async throws -> Pass {
        let wave = 5
        let baseURL = emulator.baseURL
        var result = Pass()
        var index = 0
        while index < jobs {
            let size = min(wave, jobs - index)
            let before = client.transport.count
            let serverBefore = emulator.requestCount()
            let outcomes = try await withThrowingTaskGroup(of: (RuntimeJob, Double, Double, Int).self) { group in
                for slot in 0..<size {
                    let queued = 0.05 + Double((index + slot) % 13) * 0.037
                    group.addTask {
                        let submitted = BenchClient.wallClockSeconds()
                        let job = try await client.service.run(program: "hello-world", inputs: [
                            "iterations": 2, "queued_s": .double(queued), "interval_s": 0.05,
                        ])
                        let reader: Task<Int, any Error>? = consumer ? Task {
                            var count = 0
                            for try await _ in InterimSource.stream(of: job, baseURL: baseURL) { count += 1 }
                            return count
                        } : nil
                        let value = try await job.result(timeout: .seconds(30))
                        let returned = BenchClient.wallClockSeconds()
                        guard value.stringValue == "All done!" else {
                            throw BenchFailure("hello-world returned \(value)")
                        }
                        let delivered = try await reader?.value ?? 0
                        return (job, returned, submitted, delivered)
                    }
                }
                var outcomes: [(RuntimeJob, Double, Double, Int)] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            result.clientRequests += client.transport.count - before
            if let total = result.serverRequests, let serverBefore, let serverAfter = emulator.requestCount() {
                result.serverRequests = total + serverAfter - serverBefore
            } else {
                result.serverRequests = nil
            }
            for (job, returned, submitted, delivered) in outcomes {
                let finished = try await BenchClient.finishedSeconds(of: job)
                result.latencies.append((returned - finished) * 1000)
                result.durations.append(finished - submitted)
                result.interimDelivered += delivered
            }
            index += size
        }
        return result
    }

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let emulator = try EmulatorTarget.make(options)
        defer { withExtendedLifetime(emulator) {} }
        let client = try await BenchClient.connect(baseURL: emulator.baseURL)
        let jobs = options.runs(full: 100, quick: 20)
        let plain = try await pass(jobs: jobs, consumer: false, emulator: emulator, client: client)
        let consumed = try await pass(jobs: jobs, consumer: true, emulator: emulator, client: client)
        await client.shutdown()
        let p50 = plain.latencies.percentile(50)
        let p99 = plain.latencies.percentile(99)
        let c50 = consumed.latencies.percentile(50)
        let c99 = consumed.latencies.percentile(99)
        // The emulator's count includes websocket upgrades (a completion watcher's stream); the
        // client's transport sees only REST requests. Without a child (--url), the client's.
        let perJob = plain.serverPerJob ?? plain.clientPerJob
        BenchLog.info("completion_to_result: p50 \(p50) ms, p99 \(p99) ms, \(perJob) requests per job; with a consumer p50 \(c50) ms, p99 \(c99) ms")
        let requestsMet = perJob <= Self.pythonRequestsPerShortJob
        let latencyMet = p50 <= 5 && p99 <= 20
        let consumedMet = c50 <= 5 && c99 <= 20
        return .object([
            JSONMember("p50", FigureReport.number(p50)),
            JSONMember("p99", FigureReport.number(p99)),
            JSONMember("target", .string(target)),
            JSONMember("met", .bool(latencyMet && consumedMet && requestsMet)),
            JSONMember("jobs", .integer(Int64(plain.latencies.count))),
            JSONMember("min", FigureReport.number(plain.latencies.minimum)),
            JSONMember("max", FigureReport.number(plain.latencies.maximum)),
            JSONMember("completion_strategy", .string(Self.completionText)),
            JSONMember("http_requests_per_job", .object([
                JSONMember("value", FigureReport.number(perJob)),
                JSONMember("target", .string("<= \(Self.pythonRequestsPerShortJob) (Python client, job within one 5 s poll)")),
                JSONMember("met", .bool(requestsMet)),
                JSONMember("rest_requests_per_job_client", FigureReport.number(plain.clientPerJob)),
                JSONMember("counted", .string(plain.serverRequests == nil
                    ? "client side (REST only, --url), from run to result() returning"
                    : "by the emulator child (REST and websocket upgrades), from run to result() returning")),
            ])),
            JSONMember("job_duration_s_median", FigureReport.number(plain.durations.median)),
            JSONMember("with_consumer", .object([
                JSONMember("p50", FigureReport.number(c50)),
                JSONMember("p99", FigureReport.number(c99)),
                JSONMember("met", .bool(consumedMet)),
                JSONMember("max", FigureReport.number(consumed.latencies.maximum)),
                JSONMember("interim_delivered", .integer(Int64(consumed.interimDelivered))),
                JSONMember("interim_expected", .integer(Int64(2 * consumed.latencies.count))),
                JSONMember("http_requests_per_job", FigureReport.number(consumed.serverPerJob ?? consumed.clientPerJob)),
                JSONMember("via", .string(InterimSource.via)),
            ])),
        ])
    }

    /// How the SDK's `result()` learns of completion, by default.
    private static var completionText: String {
        let configuration = RuntimeConfiguration(account: .accessToken("-", runtimeURL: "http://127.0.0.1:1/runtime"))
        return "the SDK's default completion mode (\(configuration.completionMode)); poll interval \(configuration.pollInterval) as fallback"
    }
}
