import RuntimeIO
import RuntimeWire

/// The job's result: every overload takes the same parameters — a deadline (`deadline:`) or a
/// time limit from now (`timeout:`, `nil` for none), a poll interval, and a way to decode (the
/// default ``RuntimeValue``, a ``ResultDecoder``, or a `Decodable` type).
extension RuntimeJob {
    // MARK: Deadline

    /// Waits for the job and returns its result decoded as a ``RuntimeValue`` by
    /// ``RuntimeValueDecoder`` (text that is not JSON becomes a string value), within the
    /// configuration's ``RuntimeConfiguration/decodeBudget``.
    ///
    /// A large result (``offPoolDecodeBytes`` or more) is decoded on the SDK's compute threads,
    /// never on Swift's cooperative pool, so it does not hold up other jobs' I/O.
    ///
    /// - Parameters:
    ///   - deadline: when to give up with `RuntimeError.Code.timedOut`; the remote job goes on.
    ///   - pollInterval: how often to read the status when polling (also the fallback of the
    ///     websocket watcher); `nil` uses the configuration's interval.
    ///
    /// Throws `RuntimeError.Code.jobFailed` (`Unable to retrieve job result. Job <id> has
    /// failed:\n<details>`) for a failed job, `RuntimeError.Code.invalidState` for a cancelled
    /// one, `RuntimeError.Code.timedOut` at the deadline, `RuntimeError.Code.decodeBudgetExceeded`
    /// for arrays over the decode budget, and `CancellationError` when the task is cancelled.
    public nonisolated(nonsending) func result(
        deadline: ContinuousClock.Instant, pollInterval: Duration? = nil
    ) async throws -> RuntimeValue {
        try await decodedResult(until: deadline, pollInterval: pollInterval)
    }

    /// Waits for the job and returns its result as `decoder` reads the raw result text. The text is
    /// fetched once and cached; every call decodes it anew, in the caller's task (or, for a text
    /// of ``offPoolDecodeBytes`` or more, on the SDK's compute threads).
    public nonisolated(nonsending) func result<Decoder: ResultDecoder>(
        deadline: ContinuousClock.Instant, pollInterval: Duration? = nil, decoder: Decoder
    ) async throws -> Decoder.Output {
        try await decodedResult(until: deadline, pollInterval: pollInterval, decoder: decoder)
    }

    /// Waits for the job and decodes its result into `type` (through ``RuntimeValue/decode(as:)``).
    public nonisolated(nonsending) func result<Value: Decodable>(
        as type: Value.Type, deadline: ContinuousClock.Instant, pollInterval: Duration? = nil
    ) async throws -> Value {
        try await decodedResult(until: deadline, pollInterval: pollInterval).decode(as: type)
    }

    // MARK: Timeout

    /// Like ``result(deadline:pollInterval:)`` with a deadline `timeout` from now (`nil`: no limit).
    public nonisolated(nonsending) func result(
        timeout: Duration? = nil, pollInterval: Duration? = nil
    ) async throws -> RuntimeValue {
        try await decodedResult(until: deadline(after: timeout), pollInterval: pollInterval)
    }

    /// Like ``result(deadline:pollInterval:decoder:)`` with a deadline `timeout` from now
    /// (`nil`: no limit).
    public nonisolated(nonsending) func result<Decoder: ResultDecoder>(
        timeout: Duration? = nil, pollInterval: Duration? = nil, decoder: Decoder
    ) async throws -> Decoder.Output {
        try await decodedResult(until: deadline(after: timeout), pollInterval: pollInterval, decoder: decoder)
    }

    /// Like ``result(as:deadline:pollInterval:)`` with a deadline `timeout` from now (`nil`: no
    /// limit).
    public nonisolated(nonsending) func result<Value: Decodable>(
        as type: Value.Type, timeout: Duration? = nil, pollInterval: Duration? = nil
    ) async throws -> Value {
        try await decodedResult(until: deadline(after: timeout), pollInterval: pollInterval).decode(as: type)
    }

    // MARK: Decoding

    /// From this many bytes of text on, results and interim results are decoded on the SDK's
    /// compute threads (`ComputePool`) rather than in the caller's task (256 KiB: about a
    /// millisecond of decoding, far more than the hop costs).
    public static let offPoolDecodeBytes = 256 << 10

    /// Runs `decode` in the caller's task, or on a compute thread for `byteCount` of at least
    /// ``offPoolDecodeBytes``.
    static func decode<Output: Sendable>(
        byteCount: Int, _ decode: @escaping @Sendable () throws -> Output
    ) async throws -> Output {
        guard byteCount >= offPoolDecodeBytes else { return try decode() }
        return try await ComputePool.shared.run { _ in try decode() }
    }

    nonisolated(nonsending) private func decodedResult(
        until deadline: ContinuousClock.Instant?, pollInterval: Duration?
    ) async throws -> RuntimeValue {
        let raw = try await rawResult(deadline: deadline, pollInterval: pollInterval)
        let budget = client.configuration.decodeBudget
        return try await Self.decode(byteCount: raw.bytes.count) { try RuntimeValue(utf8: raw.bytes, decodeBudget: budget) }
    }

    nonisolated(nonsending) private func decodedResult<Decoder: ResultDecoder>(
        until deadline: ContinuousClock.Instant?, pollInterval: Duration?, decoder: Decoder
    ) async throws -> Decoder.Output {
        let raw = try await rawResult(deadline: deadline, pollInterval: pollInterval)
        return try await Self.decode(byteCount: raw.bytes.count) { try decoder.decode(raw.text) }
    }

    // MARK: Raw text

    /// The raw result text of a `.done` job; the errors of `result()` otherwise.
    func rawResult(deadline: ContinuousClock.Instant?, pollInterval: Duration?) async throws -> ResultText {
        if machine.resultPlan == .waitForFinalState {
            try await waitForFinalState(until: deadline, pollInterval: pollInterval)
        }
        switch machine.resultPlan {
        case .fetchAndDecode:
            return try await sharedRawResult(deadline: deadline)
        case .cancelled:
            throw RuntimeError(.invalidState, "Unable to retrieve result for job \(jobID). Job was cancelled.")
        case .fetchAndFail:
            if let message = cloudReasonMessage() {
                throw RuntimeError(.jobFailed, "Unable to retrieve job result. " + message)
            }
            let details = try await errorDetails(deadline: deadline)?.text
            let message = machine.errorMessage(jobID: jobID, resultText: details, fromLastTraceback: client.usesCloudAPI)
                ?? "Job \(jobID) has failed."
            throw RuntimeError(.jobFailed, "Unable to retrieve job result. " + message)
        case .waitForFinalState:
            throw timeoutError()
        }
    }

    /// On an IBM Cloud account, the error message made of `state.reason` (which that API prefers
    /// to the results text, PROTOCOL §4.2–§4.3); `nil` elsewhere or without a reason.
    func cloudReasonMessage() -> String? {
        client.usesCloudAPI ? machine.reasonMessage(jobID: jobID) : nil
    }

    /// The results text of a failed job, or `nil` when the service has none (404).
    func errorDetails(deadline: ContinuousClock.Instant?) async throws -> ResultText? {
        do {
            return try await sharedRawResult(deadline: deadline)
        } catch let error as RuntimeError where error.code == .notFound {
            return nil
        }
    }

    /// The raw text of `GET /jobs/{id}/results`: cached, or from the one fetch all concurrent
    /// callers share (``SharedResultFetch``). The fetch is bounded by the request timeout; a
    /// caller whose task is cancelled, or whose own deadline passes first, leaves at once; the
    /// fetch is cancelled when nobody waits for it any more.
    private func sharedRawResult(deadline: ContinuousClock.Instant?) async throws -> ResultText {
        let request = ServiceRequest(
            "GET", path: ["jobs", jobID, "results"], context: "Failed to get the result of job \(jobID)")
        return try await resultFetch.text(
            deadline: deadline, fetchDeadline: client.callDeadline(nil), clock: client.clock,
            timeoutError: { [self] in timeoutError() },
            fetch: { [client] fetchDeadline in
                let response = try await client.perform(request, deadline: fetchDeadline)
                return ResultText(bytes: response.body)
            })
    }

    /// How many callers wait for the result fetch in flight (for tests).
    var resultWaiterCount: Int { resultFetch.waiterCount }
}
