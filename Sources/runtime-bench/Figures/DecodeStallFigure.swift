import QiskitRuntime
import RuntimeWire

/// `result_latency_during_decode_ms`: does a large decode hold up other jobs? Completion →
/// `result()` return of small hello-world jobs (as `completion_to_result_ms` measures it), first
/// with nothing else going on, then while one job's 200 MB result (quick: 50 MB; the sampler-like
/// payload of `decode_mb_per_s`) is decoded again and again by `result()`.
///
/// The big job is a real emulator job whose `GET …/results` the bench's transport answers
/// locally with the payload. For comparison, a third pass decodes the same text in a plain task
/// on Swift's cooperative pool (`RuntimeValue(json:)` called directly), as `result()` did before
/// it moved large decodes to the SDK's compute threads.
struct DecodeStallFigure: BenchFigure {
    let key = "result_latency_during_decode_ms"
    let shortName = "decode_stall"
    let target = "p50 <= 5, p99 <= 20 while the result decodes (completion_to_result's target)"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let emulator = try EmulatorTarget.make(options)
        defer { withExtendedLifetime(emulator) {} }
        let client = try await BenchClient.connect(baseURL: emulator.baseURL)
        let jobs = options.runs(full: 40, quick: 15)
        let probe = CompletionToResultFigure()
        let usual = try await probe.pass(jobs: jobs, consumer: false, emulator: emulator, client: client)

        let megabytes = options.quick ? 50.0 : 200.0
        BenchLog.info("decode_stall: building the \(megabytes) MB result")
        let (text, _) = try SamplerResultPayload.make(megabytes: megabytes)
        let big = try await client.service.run(program: "hello-world", inputs: [
            "iterations": 0, "queued_s": 0.0, "interval_s": 0.0,
        ])
        client.transport.substitute(Array(text.utf8), forURLsEndingWith: "/jobs/\(big.jobID)/results")
        let check = try await big.result(timeout: .seconds(600))
        guard check["quasi_dists_and_arrays"]?.arrayValue?.isEmpty == false else {
            throw BenchFailure("the big result decoded to an unexpected shape")
        }

        // Through result(): large decodes run on the compute pool.
        let viaResult = Task { () -> Samples in
            var durations = Samples()
            while !Task.isCancelled {
                let started = ContinuousClock.now
                do { _ = try await big.result(timeout: .seconds(600)) } catch { break }
                durations.append(Stopwatch.seconds(of: ContinuousClock.now - started))
            }
            return durations
        }
        let loaded = try await probe.pass(jobs: jobs, consumer: false, emulator: emulator, client: client)
        viaResult.cancel()
        let decodes = await viaResult.value

        // For comparison: the same decode in a plain task on the cooperative pool.
        let inTask = Task { () -> Int in
            var count = 0
            while !Task.isCancelled {
                _ = try? RuntimeValue(json: text)
                count += 1
            }
            return count
        }
        let cooperative = try await probe.pass(jobs: jobs, consumer: false, emulator: emulator, client: client)
        inTask.cancel()
        let cooperativeDecodes = await inTask.value
        await client.shutdown()

        let p50 = loaded.latencies.percentile(50)
        let p99 = loaded.latencies.percentile(99)
        BenchLog.info("decode_stall: usual p50 \(usual.latencies.percentile(50)) ms, p99 \(usual.latencies.percentile(99)) ms; "
            + "during decodes p50 \(p50) ms, p99 \(p99) ms (\(decodes.count) decodes); on the cooperative pool p50 "
            + "\(cooperative.latencies.percentile(50)) ms, p99 \(cooperative.latencies.percentile(99)) ms")
        return .object([
            JSONMember("p50", FigureReport.number(p50)),
            JSONMember("p99", FigureReport.number(p99)),
            JSONMember("target", .string(target)),
            JSONMember("met", .bool(p50 <= 5 && p99 <= 20)),
            JSONMember("jobs", .integer(Int64(loaded.latencies.count))),
            JSONMember("max", FigureReport.number(loaded.latencies.maximum)),
            JSONMember("usual", .object([
                JSONMember("p50", FigureReport.number(usual.latencies.percentile(50))),
                JSONMember("p99", FigureReport.number(usual.latencies.percentile(99))),
                JSONMember("max", FigureReport.number(usual.latencies.maximum)),
            ])),
            JSONMember("result_mb", FigureReport.number(Double(text.utf8.count) / 1_000_000)),
            JSONMember("decodes_during_pass", .integer(Int64(decodes.count))),
            JSONMember("decode_s_median", FigureReport.number(decodes.median)),
            JSONMember("decoded_in_a_cooperative_task", .object([
                JSONMember("p50", FigureReport.number(cooperative.latencies.percentile(50))),
                JSONMember("p99", FigureReport.number(cooperative.latencies.percentile(99))),
                JSONMember("max", FigureReport.number(cooperative.latencies.maximum)),
                JSONMember("decodes_during_pass", .integer(Int64(cooperativeDecodes))),
            ])),
        ])
    }
}
