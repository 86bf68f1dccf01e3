import RuntimeWire

/// The behaviour behind each built-in program.
enum ProgramKind: Sendable, Hashable {
    /// `hello-world`: `iterations` interim results, final result `"All done!"`.
    case helloWorld
    /// `sampler`: on the legacy API, counts plus ndarray payloads in its result; on the v1 API,
    /// Sampler V2 on the simulator (see ``PrimitiveKind``).
    case sampler
    /// `estimator` (v1 API only): Estimator V2 on the simulator.
    case estimator
    /// `failing-program`: ends FAILED with a traceback.
    case failing
    /// `long-running`: ends as "Cancelled - Ran too long".
    case longRunning
    /// A program uploaded with `POST /programs`: its Python source is not run. The job goes
    /// through the normal lifecycle (no interim results unless `interim_count` asks for them)
    /// and completes with the job's inputs echoed as its result, or is cut off as ran-too-long
    /// if it would run longer than the program's `cost`.
    case uploaded

    var outcome: JobOutcome {
        switch self {
        case .helloWorld, .sampler, .estimator, .uploaded: return .completed
        case .failing: return .failed
        case .longRunning: return .ranTooLong
        }
    }

    /// The text of interim result `iteration` (0-based): `{"iteration": i, "counts": {…}}`, plus
    /// `"padding": "xxx…"` of `padding` characters when asked (input `interim_padding`, to make
    /// messages of a given size for benchmarks).
    ///
    /// Written straight into one exactly sized string (see ``InterimPayload``); byte for byte what
    /// `JSONWriter` makes of ``interimValue(iteration:seed:padding:)`` in the Python style, which
    /// the tests check.
    func interimPayload(iteration: Int, seed: UInt64, padding: Int = 0) -> String {
        let payload = InterimPayload(iteration: iteration, counts: Self.interimCounts(iteration: iteration, seed: seed), padding: padding)
        return String(unsafeUninitializedCapacity: payload.length) { payload.write(into: $0) }
    }

    /// Appends the websocket text frame of interim result `iteration` to `frames`, the payload
    /// written in place: the same bytes as a frame of ``interimPayload(iteration:seed:padding:)``,
    /// without making the string.
    func appendInterimFrame(iteration: Int, seed: UInt64, padding: Int = 0, to frames: inout [UInt8]) {
        let payload = InterimPayload(iteration: iteration, counts: Self.interimCounts(iteration: iteration, seed: seed), padding: padding)
        WebSocketFrame.appendHeader(fin: true, opcode: .text, payloadLength: payload.length, masked: false, to: &frames)
        let start = frames.count
        frames.append(contentsOf: repeatElement(0, count: payload.length))
        frames.withUnsafeMutableBufferPointer { buffer in
            _ = payload.write(into: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// The JSON value of interim result `iteration`, the reference for ``interimPayload(iteration:seed:padding:)``.
    func interimValue(iteration: Int, seed: UInt64, padding: Int = 0) -> JSONValue {
        let (zeros, ones) = Self.interimCounts(iteration: iteration, seed: seed)
        var members = [
            JSONMember("iteration", .integer(Int64(iteration))),
            JSONMember("counts", .object([
                JSONMember("00", .integer(zeros)),
                JSONMember("11", .integer(ones)),
            ])),
        ]
        if padding > 0 {
            let text = String(decoding: [UInt8](repeating: UInt8(ascii: "x"), count: padding), as: UTF8.self)
            members.append(JSONMember("padding", .string(text)))
        }
        return .object(members)
    }

    /// The counts of `"00"` and `"11"` in interim result `iteration` (1,024 shots).
    static func interimCounts(iteration: Int, seed: UInt64) -> (zeros: Int64, ones: Int64) {
        var rng = SplitMix64(seed: seed &+ UInt64(iteration) &* 0x100_0000_01B3)
        let shots: Int64 = 1024
        let zeros = 512 - 40 + Int64(rng.next() % 81)
        return (zeros, shots - zeros)
    }


    /// The final result text of a completed job.
    func resultText(inputs: JSONValue, backend: String, seed: UInt64) throws -> String {
        switch self {
        case .sampler:
            return try SamplerResult.text(inputs: inputs, backend: backend, seed: seed)
        case .uploaded:
            // The inputs are RuntimeEncoder JSON already: echoed, they decode to what was sent.
            return JSONWriter.write(inputs, style: .python)
        case .helloWorld, .estimator, .failing, .longRunning:
            return JSONWriter.write(.string("All done!"), style: .python)
        }
    }

    /// The line the job's log has when it starts running, if the program has one.
    var runningLogNote: String? {
        switch self {
        case .uploaded:
            return "The emulator does not execute Python: the program's source was not run; "
                + "the job's result echoes its inputs."
        case .helloWorld, .sampler, .estimator, .failing, .longRunning:
            return nil
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
        case .uploaded:
            return """
                TimeoutError: Job exceeded its maximum execution time of \(maxExecutionSeconds) seconds (the program's cost) \
                and was cancelled (emulated; the program's source was not run).

                """
        case .helloWorld, .sampler, .estimator, .failing:
            return """
                Traceback (most recent call last):
                  File "/code/program.py", line 12, in main
                    raise ValueError("This program always fails (emulated failure).")
                ValueError: This program always fails (emulated failure).

                """
        }
    }

    /// The V2 primitive this program runs on the v1 API, if it is one.
    var primitive: PrimitiveKind? {
        switch self {
        case .sampler: return .sampler
        case .estimator: return .estimator
        case .helloWorld, .failing, .longRunning, .uploaded: return nil
        }
    }

    /// The reason in `state.reason` of a failed job.
    static let failureReason = "ValueError: This program always fails (emulated failure)."
}
