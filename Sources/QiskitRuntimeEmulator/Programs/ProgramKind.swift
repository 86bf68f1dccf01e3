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
    ///
    /// Written straight into one exactly sized string (every character is ASCII and needs no
    /// escaping); byte for byte what `JSONWriter` makes of ``interimValue(iteration:seed:padding:)``
    /// in the Python style, which the tests check. Streaming a job publishes one per result, so
    /// this was the emulator's main cost in the stream throughput benchmark.
    func interimPayload(iteration: Int, seed: UInt64, padding: Int = 0) -> String {
        let (zeros, ones) = Self.interimCounts(iteration: iteration, seed: seed)
        let iterationDigits = Self.decimalCount(Int64(iteration))
        let zerosDigits = Self.decimalCount(zeros)
        let onesDigits = Self.decimalCount(ones)
        let padded = max(padding, 0)
        // {"iteration": I, "counts": {"00": Z, "11": O}} and , "padding": "P" before the last }.
        let head = #"{"iteration": "#, counts = #", "counts": {"00": "#, eleven = #", "11": "#
        let paddingKey = #", "padding": ""#
        var total = head.utf8.count + iterationDigits + counts.utf8.count + zerosDigits + eleven.utf8.count + onesDigits + 2
        if padded > 0 { total += paddingKey.utf8.count + padded + 1 }
        return String(unsafeUninitializedCapacity: total) { buffer in
            var at = 0
            func put(_ text: StaticString) {
                text.withUTF8Buffer { bytes in
                    for byte in bytes where at < buffer.count {
                        buffer[at] = byte
                        at += 1
                    }
                }
            }
            func put(_ value: Int64, digits: Int) {
                var rest = value.magnitude
                if value < 0, at < buffer.count {
                    buffer[at] = UInt8(ascii: "-")
                    at += 1
                }
                let sign = value < 0 ? 1 : 0
                var index = at + digits - sign - 1
                while index >= at {
                    if index < buffer.count { buffer[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10) }
                    rest /= 10
                    index -= 1
                }
                at += digits - sign
            }
            put(#"{"iteration": "#)
            put(Int64(iteration), digits: iterationDigits)
            put(#", "counts": {"00": "#)
            put(zeros, digits: zerosDigits)
            put(#", "11": "#)
            put(ones, digits: onesDigits)
            put("}")
            if padded > 0 {
                put(#", "padding": ""#)
                let end = min(at + padded, buffer.count)
                while at < end {
                    buffer[at] = UInt8(ascii: "x")
                    at += 1
                }
                put("\"")
            }
            put("}")
            return min(at, buffer.count)
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
    private static func interimCounts(iteration: Int, seed: UInt64) -> (zeros: Int64, ones: Int64) {
        var rng = SplitMix64(seed: seed &+ UInt64(iteration) &* 0x100_0000_01B3)
        let shots: Int64 = 1024
        let zeros = 512 - 40 + Int64(rng.next() % 81)
        return (zeros, shots - zeros)
    }

    /// The number of characters of `value` in decimal (with the sign).
    private static func decimalCount(_ value: Int64) -> Int {
        var rest = value.magnitude
        var count = value < 0 ? 2 : 1
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
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
