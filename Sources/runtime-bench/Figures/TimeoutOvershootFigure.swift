import QiskitRuntime
import RuntimeWire

/// `timeout_overshoot_ms`: `result(timeout: .seconds(1))` on a job that never completes in time
/// (`long-running` with a one-hour maximum execution): how long past 1 s the throw came. The
/// timed region is the `result` call alone, on the monotonic clock; the job is cancelled after.
struct TimeoutOvershootFigure: BenchFigure {
    let key = "timeout_overshoot_ms"
    let shortName = "timeout"
    let target = "<= 20"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let emulator = try EmulatorTarget.make(options)
        defer { withExtendedLifetime(emulator) {} }
        let client = try await BenchClient.connect(baseURL: emulator.baseURL)
        var samples = Samples()
        let clock = ContinuousClock()
        for run in 0..<options.runs(full: 7, quick: 3) {
            let job = try await client.service.run(program: "long-running", inputs: [
                "queued_s": 0, "max_execution_s": 3_600,
            ])
            let start = clock.now
            do {
                let value = try await job.result(timeout: .seconds(1))
                throw BenchFailure("the stuck job returned a result: \(value)")
            } catch let error as RuntimeError where error.code == .timedOut {
                let elapsed = Stopwatch.seconds(of: clock.now - start)
                samples.append((elapsed - 1) * 1000)
                BenchLog.info("timeout: run \(run + 1): threw after \(elapsed) s")
            }
            _ = try? await job.cancel()
        }
        await client.shutdown()
        return FigureReport.median(samples, target: target, satisfied: { $0 <= 20 }, details: [
            JSONMember("max", FigureReport.number(samples.maximum)),
            JSONMember("job", .string("long-running, max_execution_s 3600; result(timeout: .seconds(1))")),
        ])
    }
}
