import RuntimeWire

/// The behaviour behind each built-in program.
enum ProgramKind: Sendable, Hashable {
    /// `hello-world`: `iterations` interim results, final result `"All done!"`.
    case helloWorld
    /// `sampler`: counts plus ndarray payloads in its result.
    case sampler
    /// `failing-program`: ends FAILED with a traceback.
    case failing
    /// `long-running`: ends as "Cancelled - Ran too long".
    case longRunning

    var outcome: JobOutcome {
        switch self {
        case .helloWorld, .sampler: return .completed
        case .failing: return .failed
        case .longRunning: return .ranTooLong
        }
    }

    /// The text of interim result `iteration` (0-based): `{"iteration": i, "counts": {…}}`, plus
    /// `"padding": "xxx…"` of `padding` characters when asked (input `interim_padding`, to make
    /// messages of a given size for benchmarks).
    func interimPayload(iteration: Int, seed: UInt64, padding: Int = 0) -> String {
        var rng = SplitMix64(seed: seed &+ UInt64(iteration) &* 0x100_0000_01B3)
        let shots: Int64 = 1024
        let zeros = 512 - 40 + Int64(rng.next() % 81)
        var members = [
            JSONMember("iteration", .integer(Int64(iteration))),
            JSONMember("counts", .object([
                JSONMember("00", .integer(zeros)),
                JSONMember("11", .integer(shots - zeros)),
            ])),
        ]
        if padding > 0 {
            // Built from bytes: `String(repeating:count:)` appends one copy at a time, which made
            // padding the emulator's main cost in the stream throughput benchmark.
            let text = String(decoding: [UInt8](repeating: UInt8(ascii: "x"), count: padding), as: UTF8.self)
            members.append(JSONMember("padding", .string(text)))
        }
        return JSONWriter.write(.object(members), style: .python)
    }

    /// The final result text of a completed job.
    func resultText(inputs: JSONValue, backend: String, seed: UInt64) throws -> String {
        switch self {
        case .sampler:
            return try SamplerResult.text(inputs: inputs, backend: backend, seed: seed)
        case .helloWorld, .failing, .longRunning:
            return JSONWriter.write(.string("All done!"), style: .python)
        }
    }

    /// The text `GET /jobs/{id}/results` returns for a job that failed or ran too long.
    func failureText(maxExecutionSeconds: Double) -> String {
        switch self {
        case .longRunning:
            return """
                Traceback (most recent call last):
                  File "/code/program.py", line 21, in main
                    time.sleep(interval)
                TimeoutError: Job exceeded its maximum execution time of \(maxExecutionSeconds) seconds and was cancelled (emulated).

                """
        case .helloWorld, .sampler, .failing:
            return """
                Traceback (most recent call last):
                  File "/code/program.py", line 12, in main
                    raise ValueError("This program always fails (emulated failure).")
                ValueError: This program always fails (emulated failure).

                """
        }
    }

    /// The reason in `state.reason` of a failed job.
    static let failureReason = "ValueError: This program always fails (emulated failure)."
}
