import QiskitRuntime
import RuntimeWire

/// `stream_msgs_per_s`: decoded ~1 KB interim results per second on one stream. The job
/// (hello-world, `interim_padding` 1,000 characters, `interval_s` 0, `iterations` large) is queued
/// for 1 s so the stream is open before the first result; the rate is counted from the first
/// result received to the last, each decoded to a `RuntimeValue` in the consumer's task.
struct StreamThroughputFigure: BenchFigure {
    let key = "stream_msgs_per_s"
    let shortName = "stream"
    let target = ">= 200000"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let emulator = try EmulatorTarget.make(options)
        defer { withExtendedLifetime(emulator) {} }
        let client = try await BenchClient.connect(baseURL: emulator.baseURL)
        let count = options.quick ? 20_000 : 100_000
        var samples = Samples()
        var cpuSamples = Samples()
        var messageBytes = 0
        let clock = ContinuousClock()
        for run in 0..<options.runs(full: 5, quick: 3) {
            let job = try await client.service.run(program: "hello-world", inputs: [
                "iterations": .integer(Int64(count)), "queued_s": 1, "interval_s": 0, "interim_padding": 1_000,
            ])
            var stream = InterimSource.stream(of: job, baseURL: emulator.baseURL).makeAsyncIterator()
            guard let first = try await stream.next() else { throw BenchFailure("stream: no interim result") }
            messageBytes = first.json.utf8.count
            let start = clock.now
            let cpuStart = ProcessCPU.seconds()
            var received = 1
            while let value = try await stream.next() {
                received += 1
                withExtendedLifetime(value) {}
            }
            let seconds = Stopwatch.seconds(of: clock.now - start)
            let cpuSeconds = ProcessCPU.seconds() - cpuStart
            guard received == count else {
                throw BenchFailure("stream: \(received) of \(count) interim results delivered")
            }
            let rate = Double(received - 1) / seconds
            samples.append(rate)
            cpuSamples.append(Double(received - 1) / cpuSeconds)
            BenchLog.info("stream: run \(run + 1): \(Int(rate)) msgs/s, \(Int(Double(received - 1) / cpuSeconds)) per client CPU second (\(received) results)")
        }
        await client.shutdown()
        return FigureReport.median(samples, target: target, satisfied: { $0 >= 200_000 }, details: [
            JSONMember("client_cpu_msgs_per_s", FigureReport.number(cpuSamples.median)),
            JSONMember("client_cpu_note", .string("messages per CPU second of the whole bench process (all threads): "
                + "the client's own capacity, when the emulator child is the bottleneck")),
            JSONMember("via", .string(InterimSource.via)),
            JSONMember("messages_per_run", .integer(Int64(count))),
            JSONMember("message_bytes", .integer(Int64(messageBytes))),
        ])
    }
}
