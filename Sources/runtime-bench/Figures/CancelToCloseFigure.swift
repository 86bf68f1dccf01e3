import QiskitRuntime
import RuntimeWire
import Synchronization

/// `cancel_to_close_ms`: cancelling the task that waits on a stream to its socket being closed.
/// Each run opens the stream of a job queued for a minute (so the consumer waits in a receive),
/// cancels the consumer's task, and times, on the client, the cancel call to the moment the
/// waiting receive has thrown and the connection reports closed. The job is cancelled after.
struct CancelToCloseFigure: BenchFigure {
    let key = "cancel_to_close_ms"
    let shortName = "cancel"
    let target = "p99 <= 5"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let emulator = try EmulatorTarget.make(options)
        defer { withExtendedLifetime(emulator) {} }
        let client = try await BenchClient.connect(baseURL: emulator.baseURL)
        let clock = ContinuousClock()
        var samples = Samples()
        var closedAfter = 0
        for run in 0..<options.runs(full: 100, quick: 30) {
            let job: RuntimeJob
            let stream: JobStreamSocket
            do {
                job = try await client.service.run(program: "hello-world", inputs: ["iterations": 1, "queued_s": 60])
            } catch {
                throw BenchFailure("run \(run + 1): submitting the job: \(error)")
            }
            do {
                stream = try await JobStreamSocket.open(baseURL: emulator.baseURL, jobID: job.jobID)
            } catch {
                throw BenchFailure("run \(run + 1): opening the stream of \(job.jobID): \(error)")
            }
            let waiting = Mutex(false)
            let consumer = Task { () -> ContinuousClock.Instant in
                waiting.withLock { $0 = true }
                _ = try? await stream.next()
                return clock.now
            }
            // Let the consumer reach its receive: it sets the flag right before.
            while !waiting.withLock({ $0 }) { await Task.yield() }
            try await Task.sleep(for: .milliseconds(5))
            let start = clock.now
            consumer.cancel()
            let thrown = await consumer.value
            if !stream.connection.isClosed { closedAfter += 1 }
            samples.append(Stopwatch.seconds(of: thrown - start) * 1000)
            _ = try? await job.cancel()
        }
        await client.shutdown()
        let p50 = samples.percentile(50)
        let p99 = samples.percentile(99)
        return .object([
            JSONMember("p50", FigureReport.number(p50)),
            JSONMember("p99", FigureReport.number(p99)),
            JSONMember("target", .string(target)),
            JSONMember("met", .bool(p99 <= 5 && closedAfter == 0)),
            JSONMember("runs", .integer(Int64(samples.count))),
            JSONMember("max", FigureReport.number(samples.maximum)),
            JSONMember("not_closed_when_receive_threw", .integer(Int64(closedAfter))),
            JSONMember("via", .string("websocket")),
        ])
    }
}
