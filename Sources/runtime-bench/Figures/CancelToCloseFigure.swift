import QiskitRuntime
import RuntimeWire

/// `cancel_to_close_ms`: cancelling the task that iterates a job's interim results to the
/// stream's socket being closed. Each run opens the stream of a job queued for a minute (so the
/// consumer waits in a receive), cancels the consumer's task, and times on the client, from the
/// `cancel()` call, (1) the socket's file descriptor closed (`/proc/self/fd`, the headline) and
/// (2) the iteration having thrown. The job is cancelled after.
struct CancelToCloseFigure: BenchFigure {
    let key = "cancel_to_close_ms"
    let shortName = "cancel"
    let target = "p99 <= 5"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let emulator = try EmulatorTarget.make(options)
        defer { withExtendedLifetime(emulator) {} }
        let client = try await BenchClient.connect(baseURL: emulator.baseURL)
        let clock = ContinuousClock()
        var closeSamples = Samples()
        var throwSamples = Samples()
        var notClosed = 0
        for run in 0..<options.runs(full: 100, quick: 30) {
            let job: RuntimeJob
            do {
                job = try await client.service.run(program: "hello-world", inputs: ["iterations": 1, "queued_s": 60])
            } catch {
                throw BenchFailure("run \(run + 1): submitting the job: \(error)")
            }
            let baseline = FDCount.current()
            let stream = InterimSource.stream(of: job, baseURL: emulator.baseURL)
            let consumer = Task { () -> ContinuousClock.Instant in
                do { for try await _ in stream {} } catch {}
                return clock.now
            }
            guard await FDCount.wait(timeout: .seconds(30), until: { $0 > baseline }) else {
                consumer.cancel()
                throw BenchFailure("run \(run + 1): the stream of \(job.jobID) did not open")
            }
            // Past the ACK (and the SDK's REST catch-up): the consumer waits in a receive.
            try await Task.sleep(for: .milliseconds(20))
            let open = FDCount.current()
            let start = clock.now
            consumer.cancel()
            var closed: ContinuousClock.Instant?
            while clock.now - start < .seconds(1) {
                if FDCount.current() < open { closed = clock.now; break }
                await Task.yield()
            }
            let thrown = await consumer.value
            if let closed {
                closeSamples.append(Stopwatch.seconds(of: closed - start) * 1000)
            } else {
                notClosed += 1
            }
            throwSamples.append(Stopwatch.seconds(of: thrown - start) * 1000)
            _ = try? await job.cancel()
        }
        await client.shutdown()
        let p50 = closeSamples.percentile(50)
        let p99 = closeSamples.percentile(99)
        return .object([
            JSONMember("p50", FigureReport.number(p50)),
            JSONMember("p99", FigureReport.number(p99)),
            JSONMember("target", .string(target)),
            JSONMember("met", .bool(p99 <= 5 && notClosed == 0)),
            JSONMember("runs", .integer(Int64(closeSamples.count + notClosed))),
            JSONMember("max", FigureReport.number(closeSamples.maximum)),
            JSONMember("not_closed_within_1_s", .integer(Int64(notClosed))),
            JSONMember("iteration_threw_p50", FigureReport.number(throwSamples.percentile(50))),
            JSONMember("iteration_threw_p99", FigureReport.number(throwSamples.percentile(99))),
            JSONMember("measured", .string("task.cancel() → the socket's fd closed (/proc/self/fd), on the client")),
            JSONMember("via", .string(InterimSource.via)),
        ])
    }
}
