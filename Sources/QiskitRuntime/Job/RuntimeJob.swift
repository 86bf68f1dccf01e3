import RuntimeIO
import RuntimeWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One runtime job: its status, result, logs and remote cancel.
///
/// Get one from ``RuntimeService/run(program:backend:inputs:options:)``, ``RuntimeService/job(_:)``
/// or ``RuntimeService/jobs(limit:offset:pending:program:backend:tags:sessionID:createdAfter:createdBefore:order:)``.
///
/// ```swift
/// let job = try await service.run(program: "hello-world", backend: "ibmq_qasm_simulator",
///                                 inputs: ["iterations": 3])
/// let value = try await job.result(timeout: .seconds(30))
/// ```
///
/// Time limits are deadlines first: ``result(deadline:pollInterval:)`` is the primitive and
/// ``result(timeout:pollInterval:)`` converts. A deadline that passes throws
/// `RuntimeError.Code.timedOut`; cancelling the calling task throws `CancellationError` at once
/// (whatever the poll interval) and never cancels the remote job — only ``cancel()`` does.
///
/// Interim results arrive through ``interimResults()``, an `AsyncThrowingStream` over the job's
/// websocket that pulls one message at a time, survives reconnects without losing or repeating
/// messages, and ends when the job does:
///
/// ```swift
/// for try await message in job.interimResults() { print(message) }
/// ```
///
/// `result` and `waitForFinalState` learn of the end from the job's websocket by default (see
/// ``RuntimeConfiguration/CompletionMode``), within milliseconds and without depending on anyone
/// draining ``interimResults()``.
///
/// Once the job reaches a final status (``JobStatus/isFinal``) it is not asked again, and a late
/// reply never moves it back. The raw result text is fetched once, shared by concurrent callers,
/// cached, and decoded per call.
public actor RuntimeJob {
    /// The job's id.
    public nonisolated let jobID: String
    /// The id of the program the job runs.
    public nonisolated let programID: String
    /// The backend the job runs on, when known.
    public nonisolated let backend: String?
    /// The session or batch the job runs in (`session_id`), or `nil`. Such a job is polled every
    /// ``RuntimeConfiguration/sessionPollInterval`` (100 ms) by default, any other every
    /// ``RuntimeConfiguration/pollInterval`` (500 ms).
    public nonisolated let sessionID: String?
    /// The messages the service sent back when it accepted the job (the `messages` of the
    /// `POST /jobs` answer, such as a warning that the instance is close to its usage limit);
    /// empty for a job that was not submitted through this object.
    public nonisolated let submissionWarnings: [SubmissionWarning]

    /// Whether the job's service streams interim results over a websocket. `false` on an IBM
    /// Cloud account: there the job's interim-result stream delivers no message and finishes,
    /// without an error, when the job reaches a final status; completion is found by polling.
    public nonisolated var supportsStreaming: Bool { client.supportsStreaming }

    let client: ServiceClient
    private let completion: any CompletionStrategy
    private var machine: JobStateMachine
    private var created: Date?
    /// The params, once known: sent by this process, or fetched by ``inputs()``.
    private var knownInputs: RuntimeValue?
    private var continuations: [UInt64: CheckedContinuation<ResultText, any Error>] = [:]
    private var waiterCount: UInt64 = 0
    private var fetchTask: Task<Void, Never>?
    private var fetchDeadline: ContinuousClock.Instant?

    init(
        jobID: String, programID: String, backend: String?, inputs: RuntimeValue?, client: ServiceClient,
        status: JobStatusReport? = nil, created: Date? = nil, sessionID: String? = nil,
        submissionWarnings: [SubmissionWarning] = [], completion: (any CompletionStrategy)? = nil
    ) {
        self.jobID = jobID
        self.programID = programID
        self.backend = backend
        self.knownInputs = inputs
        self.sessionID = sessionID
        self.submissionWarnings = submissionWarnings
        self.client = client
        if let completion {
            self.completion = completion
        } else if client.configuration.completionMode == .automatic, client.supportsStreaming {
            self.completion = StreamCompletionStrategy(client: client, jobID: jobID)
        } else {
            self.completion = PollingCompletionStrategy(clock: client.clock, logger: client.logger)
        }
        self.machine = JobStateMachine(report: status)
        self.created = created
    }

    init(record: JobRecord, client: ServiceClient) {
        self.init(
            jobID: record.id, programID: record.programID, backend: record.backend, inputs: record.inputs,
            client: client, status: record.status, created: record.created, sessionID: record.sessionID)
    }

    /// `GET /jobs/{id}?exclude_params=true`: the job object without its params, which can be
    /// megabytes of circuits (every status read uses it; ``inputs()`` fetches the params).
    static func statusRequest(jobID: String) -> ServiceRequest {
        ServiceRequest(
            "GET", path: ["jobs", jobID], query: [("exclude_params", "true")], context: "Failed to get job \(jobID)")
    }

    // MARK: Inputs

    /// The inputs (`params`) of the job.
    ///
    /// Known without a request for a job submitted through this object; otherwise fetched once
    /// (`GET /jobs/{id}`, the only read without `exclude_params=true`: on today's platform the
    /// params are every encoded circuit of the job) and kept.
    public func inputs() async throws -> RuntimeValue {
        if let knownInputs { return knownInputs }
        let json = try await client.performJSON(
            ServiceRequest("GET", path: ["jobs", jobID], context: "Failed to get the inputs of job \(jobID)"))
        let inputs = json["params"].map(JobRecord.inputs) ?? [:]
        knownInputs = inputs
        return inputs
    }

    // MARK: Status

    /// The job's status, read from the service unless it is final already.
    ///
    /// Throws `RuntimeError.Code.unknownStatus` for a status this SDK cannot map.
    public func status() async throws -> JobStatus {
        try await status(deadline: nil)
    }

    func status(deadline: ContinuousClock.Instant?) async throws -> JobStatus {
        guard machine.needsStatusRead else { return machine.status }
        let report = try await readStatus(deadline: deadline)
        _ = machine.observe(report)
        // Whoever reads the final status first ends every wait for it.
        if machine.status.isFinal { completion.finalStatusObserved(machine.status) }
        return machine.status
    }

    private func readStatus(deadline: ContinuousClock.Instant?) async throws -> JobStatusReport {
        let json = try await client.performJSON(Self.statusRequest(jobID: jobID), deadline: deadline)
        if created == nil, let date = json["created"]?.stringValue.flatMap(ISO8601Date.parse) { created = date }
        return try JobStatusReport.parse(job: json)
    }

    /// When the job was created; read from the service the first time if not known yet.
    public var creationDate: Date {
        get async throws {
            if let created { return created }
            let json = try await client.performJSON(Self.statusRequest(jobID: jobID))
            guard let date = json["created"]?.stringValue.flatMap(ISO8601Date.parse) else {
                throw RuntimeError(.invalidResponse, "job \(jobID) has no readable creation date")
            }
            created = date
            if let report = try? JobStatusReport.parse(job: json) { _ = machine.observe(report) }
            return date
        }
    }

    /// The service's reason for the job's status (`state.reason`, `reason_code`,
    /// `reason_solution`) as of the last status read, or `nil` when it gave none (the legacy API
    /// never does). For a job that ran past its time limit: code 1305.
    public var statusReason: JobStatusReason? { machine.reasonDetail }

    /// Why the job failed, or `nil` if its status is not ``JobStatus/error``.
    ///
    /// The text follows the Qiskit templates: `Job <id> has failed:\n<details>` or
    /// `Job <id> ran longer than maximum execution time. Job was cancelled:\n<details>`, where the
    /// details are the text of the job's results endpoint (the program's traceback).
    ///
    /// On an IBM Cloud account the service's `state.reason` is preferred when it has one: a job
    /// cancelled with reason code 1305 gives `Error code 1305; <reason>`, a failed job
    /// `Job <id> has failed:\n<reason>` (no request for the results text).
    public func errorMessage() async throws -> String? {
        guard try await status() == .error else { return nil }
        if let message = cloudReasonMessage() { return message }
        let deadline = client.callDeadline(nil)
        return machine.errorMessage(jobID: jobID, resultText: try await errorDetails(deadline: deadline)?.text)
    }

    // MARK: Waiting

    /// Waits until the job reaches a final status and returns it.
    /// - Parameters:
    ///   - deadline: when to give up with `RuntimeError.Code.timedOut`; the remote job goes on.
    ///   - pollInterval: how often to read the status when polling (also the fallback of the
    ///     websocket watcher); `nil` uses the configuration's interval: 100 ms for a job in a
    ///     session or batch, 500 ms for any other. Never less than 100 ms
    ///     (``RuntimeConfiguration/minimumPollInterval``).
    @discardableResult
    public func waitForFinalState(deadline: ContinuousClock.Instant, pollInterval: Duration? = nil) async throws -> JobStatus {
        if machine.status.isFinal { return machine.status }
        do {
            return try await completion.waitForFinalState(
                of: self, deadline: deadline, pollInterval: self.pollInterval(requested: pollInterval))
        } catch let error as RuntimeError where error.code == .timedOut {
            throw timeoutError()
        }
    }

    /// Waits until the job reaches a final status and returns it.
    /// - Parameters:
    ///   - timeout: how long to wait at most; `nil` waits as long as it takes.
    ///   - pollInterval: how often to read the status when polling (also the fallback of the
    ///     websocket watcher); `nil` uses the configuration's interval.
    @discardableResult
    public func waitForFinalState(timeout: Duration? = nil, pollInterval: Duration? = nil) async throws -> JobStatus {
        try await waitForFinalState(deadline: deadline(after: timeout), pollInterval: pollInterval)
    }

    /// The interval at which this job is polled: `requested`, or the configuration's interval for
    /// a job in a session or not, never less than ``RuntimeConfiguration/minimumPollInterval``.
    nonisolated func pollInterval(requested: Duration? = nil) -> Duration {
        client.configuration.pollInterval(requested: requested, inSession: sessionID != nil)
    }

    /// Whether the job is known to be final without asking the service.
    var isKnownFinal: Bool { machine.status.isFinal }

    /// How many callers share the completion watcher and whether it runs; `nil` when the job
    /// polls (for tests).
    nonisolated var completionActivity: (waiters: Int, watching: Bool)? {
        (completion as? StreamCompletionStrategy)?.activity
    }

    nonisolated func timeoutError() -> RuntimeError {
        RuntimeError(.timedOut, "Timeout while waiting for job \(jobID).")
    }

    nonisolated func deadline(after timeout: Duration?) -> ContinuousClock.Instant {
        // "No timeout" is a century: far enough, and safe from overflow.
        client.clock.now + (timeout ?? .seconds(100 * 365 * 86_400))
    }

    // MARK: Result

    /// Waits for the job and returns its result decoded as a ``RuntimeValue`` by
    /// ``RuntimeValueDecoder`` (text that is not JSON becomes a string value), within the
    /// configuration's ``RuntimeConfiguration/decodeBudget``.
    ///
    /// A large result (``offPoolDecodeBytes`` or more) is decoded on the SDK's compute threads,
    /// never on Swift's cooperative pool, so it does not hold up other jobs' I/O.
    ///
    /// Throws `RuntimeError.Code.jobFailed` (`Unable to retrieve job result. Job <id> has
    /// failed:\n<details>`) for a failed job, `RuntimeError.Code.invalidState` for a cancelled
    /// one, `RuntimeError.Code.timedOut` at the deadline, `RuntimeError.Code.decodeBudgetExceeded`
    /// for arrays over the decode budget, and `CancellationError` when the task is cancelled.
    public nonisolated(nonsending) func result(
        deadline: ContinuousClock.Instant, pollInterval: Duration? = nil
    ) async throws -> RuntimeValue {
        let raw = try await rawResult(deadline: deadline, pollInterval: pollInterval)
        let budget = client.configuration.decodeBudget
        return try await Self.decode(byteCount: raw.bytes.count) { try RuntimeValue(utf8: raw.bytes, decodeBudget: budget) }
    }

    /// Waits for the job and returns its result as `decoder` reads the raw result text. The text is
    /// fetched once and cached; every call decodes it anew, in the caller's task (or, for a text
    /// of ``offPoolDecodeBytes`` or more, on the SDK's compute threads).
    public nonisolated(nonsending) func result<Decoder: ResultDecoder>(
        deadline: ContinuousClock.Instant, pollInterval: Duration? = nil, decoder: Decoder
    ) async throws -> Decoder.Output {
        let raw = try await rawResult(deadline: deadline, pollInterval: pollInterval)
        return try await Self.decode(byteCount: raw.bytes.count) { try decoder.decode(raw.text) }
    }

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

    /// Like ``result(deadline:pollInterval:)`` with a deadline `timeout` from now (`nil`: no limit).
    public nonisolated(nonsending) func result(
        timeout: Duration? = nil, pollInterval: Duration? = nil
    ) async throws -> RuntimeValue {
        try await result(deadline: deadline(after: timeout), pollInterval: pollInterval)
    }

    /// Like ``result(deadline:pollInterval:decoder:)`` with a deadline `timeout` from now.
    public nonisolated(nonsending) func result<Decoder: ResultDecoder>(
        timeout: Duration? = nil, pollInterval: Duration? = nil, decoder: Decoder
    ) async throws -> Decoder.Output {
        try await result(deadline: deadline(after: timeout), pollInterval: pollInterval, decoder: decoder)
    }

    /// Waits for the job and decodes its result into `type` (through ``RuntimeValue/decode(as:)``).
    public nonisolated(nonsending) func result<Value: Decodable>(
        as type: Value.Type, timeout: Duration? = nil
    ) async throws -> Value {
        try await result(timeout: timeout).decode(as: type)
    }

    /// The raw result text of a `.done` job; the errors of `result()` otherwise.
    func rawResult(deadline: ContinuousClock.Instant, pollInterval: Duration?) async throws -> ResultText {
        if machine.resultPlan == .waitForFinalState {
            try await waitForFinalState(deadline: deadline, pollInterval: pollInterval)
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
            let message = machine.errorMessage(jobID: jobID, resultText: details) ?? "Job \(jobID) has failed."
            throw RuntimeError(.jobFailed, "Unable to retrieve job result. " + message)
        case .waitForFinalState:
            throw timeoutError()
        }
    }

    /// On an IBM Cloud account, the error message made of `state.reason` (which that API prefers
    /// to the results text, PROTOCOL §4.2–§4.3); `nil` elsewhere or without a reason.
    private func cloudReasonMessage() -> String? {
        client.usesCloudAPI ? machine.reasonMessage(jobID: jobID) : nil
    }

    /// The results text of a failed job, or `nil` when the service has none (404).
    private func errorDetails(deadline: ContinuousClock.Instant) async throws -> ResultText? {
        do {
            return try await sharedRawResult(deadline: deadline)
        } catch let error as RuntimeError where error.code == .notFound {
            return nil
        }
    }

    /// The raw text of `GET /jobs/{id}/results`: cached, or from the one fetch all concurrent
    /// callers share. The fetch is bounded by the request timeout; a caller whose task is
    /// cancelled, or whose own deadline passes first, leaves at once; the fetch is cancelled when
    /// nobody waits for it any more.
    private func sharedRawResult(deadline: ContinuousClock.Instant) async throws -> ResultText {
        waiterCount += 1
        let waiter = waiterCount
        switch machine.requestRawResult(waiter: waiter) {
        case .use(let text):
            return text
        case .startFetchAndWait(let fetch):
            startFetch(fetch)
        case .wait:
            break
        }
        var timer: Task<Void, Never>?
        if let fetchDeadline, deadline < fetchDeadline {
            timer = Task { [clock = client.clock] in
                do { try await clock.sleep(until: deadline) } catch { return }
                self.waiterTimedOut(waiter)
            }
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ResultText, any Error>) in
                if machine.isWaiting(waiter) && !Task.isCancelled {
                    continuations[waiter] = continuation
                    return
                }
                // Resumed or cancelled before it could register.
                if case .resume(let cancelFetch) = machine.cancelWaiter(waiter), cancelFetch {
                    abandonFetch()
                }
                if let text = machine.rawResult {
                    continuation.resume(returning: text)
                } else if client.clock.now >= deadline {
                    continuation.resume(throwing: timeoutError())
                } else {
                    continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            Task { await self.waiterCancelled(waiter) }
        }
    }

    /// How many callers wait for the result fetch in flight (for tests).
    var resultWaiterCount: Int { continuations.count }

    private func startFetch(_ fetch: UInt64) {
        let deadline = client.callDeadline(nil)
        fetchDeadline = deadline
        let request = ServiceRequest(
            "GET", path: ["jobs", jobID, "results"], context: "Failed to get the result of job \(jobID)")
        fetchTask = Task { [client] in
            let outcome: Result<ResultText, any Error>
            do {
                let response = try await client.perform(request, deadline: deadline)
                outcome = .success(ResultText(bytes: response.body))
            } catch {
                outcome = .failure(error)
            }
            self.fetchFinished(fetch, outcome)
        }
    }

    private func fetchFinished(_ fetch: UInt64, _ outcome: Result<ResultText, any Error>) {
        switch outcome {
        case .success(let text):
            for waiter in machine.rawResultFetched(fetch: fetch, text: text) {
                continuations.removeValue(forKey: waiter)?.resume(returning: text)
            }
        case .failure(let error):
            for waiter in machine.rawResultFetchFailed(fetch: fetch) {
                continuations.removeValue(forKey: waiter)?.resume(throwing: error)
            }
        }
    }

    private func waiterCancelled(_ waiter: UInt64) {
        guard case .resume(let cancelFetch) = machine.cancelWaiter(waiter) else { return }
        continuations.removeValue(forKey: waiter)?.resume(throwing: CancellationError())
        if cancelFetch { abandonFetch() }
    }

    private func waiterTimedOut(_ waiter: UInt64) {
        guard case .resume(let cancelFetch) = machine.cancelWaiter(waiter) else { return }
        continuations.removeValue(forKey: waiter)?.resume(throwing: timeoutError())
        if cancelFetch { abandonFetch() }
    }

    private func abandonFetch() {
        fetchTask?.cancel()
        fetchTask = nil
    }

    // MARK: Remote operations

    /// Cancels the remote job and returns its final status.
    ///
    /// The cancel is confirmed with one status read: if the job finished before the cancel took
    /// effect, that status (``JobStatus/done`` or ``JobStatus/error``) is returned; otherwise
    /// ``JobStatus/cancelled``. A job that is already final, or that the service refuses to
    /// cancel (HTTP 409), throws `RuntimeError.Code.invalidState`.
    @discardableResult
    public func cancel() async throws -> JobStatus {
        if case .rejectFinal(let status) = machine.cancelAction {
            throw RuntimeError(.invalidState, "Job cannot be cancelled: job \(jobID) is already \(status).")
        }
        do {
            _ = try await client.perform(
                ServiceRequest(
                    "POST", path: ["jobs", jobID, "cancel"], context: "Job cannot be cancelled: \(jobID)",
                    conflictMeansInvalidState: true))
        } catch let error as RuntimeError where error.code == .invalidState {
            if let report = try? await readStatus(deadline: nil) { _ = machine.observe(report) }
            throw error
        }
        let confirmation = try? await readStatus(deadline: nil)
        let status = machine.cancelAccepted(confirmation: confirmation)
        client.streams.end(jobID: jobID)
        return status
    }

    /// The job's log text; `""` when the service has none (HTTP 404).
    public func logs() async throws -> String {
        let response = try await client.perform(
            ServiceRequest("GET", path: ["jobs", jobID, "logs"], context: "Failed to get job logs: \(jobID)"),
            accepting: [404])
        if response.status == 404 { return "" }
        return String(decoding: response.body, as: UTF8.self)
    }

    /// The job's metrics as the service reports them (`timestamps`, `usage`, queue information).
    public func metrics() async throws -> RuntimeValue {
        let json = try await client.performJSON(
            ServiceRequest("GET", path: ["jobs", jobID, "metrics"], context: "Failed to get job metrics: \(jobID)"))
        return try WireJSON.runtimeValue(json)
    }

    /// Replaces the job's tags (`PUT /jobs/{id}/tags`); the service must answer 204.
    public func updateTags(_ tags: [String]) async throws {
        let response = try await client.perform(
            ServiceRequest(
                "PUT", path: ["jobs", jobID, "tags"], body: WireJSON.body([JSONMember("tags", WireJSON.strings(tags))]),
                context: "Failed to update the tags of job \(jobID)"))
        guard response.status == 204 else {
            throw RuntimeError(
                .invalidResponse, "Failed to update the tags of job \(jobID): expected HTTP 204, got \(response.status)",
                statusCode: response.status)
        }
    }

    /// The interim results published so far, oldest first (`GET /jobs/{id}/interim_results`,
    /// whose list the service sends latest first). Each entry that is JSON text is decoded.
    ///
    /// On an IBM Cloud account (``supportsStreaming`` is `false`) the API has no interim results:
    /// this returns `[]` without a request.
    public func fetchInterimResults() async throws -> [RuntimeValue] {
        guard client.supportsStreaming else { return [] }
        let response = try await client.perform(
            ServiceRequest(
                "GET", path: ["jobs", jobID, "interim_results"], context: "Failed to get interim results: \(jobID)"))
        let budget = client.configuration.decodeBudget
        return try InterimResultFeed.parseList(response.body, jobID: jobID).map { try RuntimeValue(json: $0, decodeBudget: budget) }
    }

    // MARK: Interim results

    /// The job's interim results as they are published, decoded as ``RuntimeValue``s (text that
    /// is not JSON becomes a string value). See ``interimResults(decoder:)``.
    ///
    /// ```swift
    /// for try await message in job.interimResults() {
    ///     print(message["iteration"] ?? message)
    /// }
    /// ```
    public nonisolated func interimResults() -> AsyncThrowingStream<RuntimeValue, any Error> {
        interimResults(decoder: RuntimeValueDecoder(decodeBudget: client.configuration.decodeBudget))
    }

    /// The job's interim results as they are published, each decoded by `decoder` in the
    /// consumer's task.
    ///
    /// The stream reads the job's websocket (`/stream/jobs/{id}`), pulling **one message at a time
    /// on demand**: while the consumer is busy nothing is read beyond a small bounded buffer, and
    /// TCP pushes back on the service — nothing is dropped and nothing piles up in memory.
    ///
    /// - **Everything, once.** After every (re)connection the stream reads the job's REST list
    ///   of interim results (``fetchInterimResults()``) and first delivers what it has not
    ///   delivered yet, oldest first; live messages that repeat entries of that list are skipped.
    ///   A late subscriber therefore gets every interim result from the first. The protocol has no
    ///   sequence numbers, so messages are matched by payload text; the one residual ambiguity is
    ///   a new message identical to the entry the live frames could be repeating at that point
    ///   (identical consecutive payloads), which is taken for a repeat.
    /// - **End.** The sequence ends when the service closes the stream normally (code 1000: the
    ///   job reached a final state) and after ``cancel()``. For a job already known to be final,
    ///   the stream delivers the REST list and ends without opening a websocket.
    /// - **Reconnects.** Any other close, a lost connection, an unanswered keep-alive ping or a
    ///   write the server does not take in time is retried after `0.5 s · 2^(n−1)` (at most
    ///   8 s; see ``RuntimeConfiguration/Streaming``), up to 5 times in a row; the count starts
    ///   again at every new message (live or caught up from the list; an acknowledgement or a
    ///   repeat does not count). Each reconnect reads the job's status: once the job is final,
    ///   the stream delivers the rest of the list and ends, retries used up or not. Otherwise,
    ///   with the retries used up, it throws `RuntimeError.Code.reconnectsExhausted`.
    /// - **A websocket that never ends.** While the websocket is open, the job's status is also
    ///   read every `max(pollInterval, streaming.statusCheckInterval)` (5 s by default); once the
    ///   job is final, the socket is closed and the stream ends from the list.
    /// - **Cut messages.** With the default decoder, a live message that is not JSON is checked
    ///   against the list: when the list holds a different text at its position (the message
    ///   was cut in transit), that entry is delivered instead. A decoder of your own gets the
    ///   text as it arrived.
    /// - **No websocket.** When the upgrade is refused (HTTP 4xx/5xx) or the TLS library is
    ///   missing, the stream polls the REST list at the configured poll interval instead and ends
    ///   when the job is final. On a service without streaming (``supportsStreaming`` is
    ///   `false`) it delivers nothing and ends, without an error, when the job does.
    /// - **Unicast.** A job has at most one live stream per service: pulling from a second one
    ///   while the first is live throws `RuntimeError.Code.alreadyStreaming`. A stream stops
    ///   being live when it ends, fails, or is released.
    /// - **Cancellation.** Cancelling the consumer's task cancels the pending read and the stream
    ///   throws `CancellationError`; the socket is closed at once. When the consumer stops
    ///   iterating, the socket is closed when the stream is released. Neither cancels the job.
    ///
    /// A decoder error ends the stream with that error.
    public nonisolated func interimResults<Decoder: ResultDecoder>(
        decoder: Decoder
    ) -> AsyncThrowingStream<Decoder.Output, any Error> {
        let feed = InterimResultFeed(job: self, client: client)
        // The default decoder returns text that is not JSON as `.string(text)`: such a live
        // message may have been cut in transit, and the REST list can have it whole.
        let repairs = decoder is RuntimeValueDecoder
        return AsyncThrowingStream(unfolding: {
            while true {
                guard let text = try await feed.next() else { return nil }
                do {
                    // Small messages (nearly all) decode right here, without a closure or a hop.
                    let output = text.utf8.count < RuntimeJob.offPoolDecodeBytes
                        ? try decoder.decode(text)
                        : try await RuntimeJob.decode(byteCount: text.utf8.count) { try decoder.decode(text) }
                    guard repairs, case .string(let raw)? = output as? RuntimeValue, raw == text else { return output }
                    switch await feed.repair(notJSON: text) {
                    case .skip:
                        continue
                    case .deliver(let replacement):
                        if replacement == text { return output }
                        return try await RuntimeJob.decode(byteCount: replacement.utf8.count) { try decoder.decode(replacement) }
                    }
                } catch {
                    feed.finish()
                    throw error
                }
            }
        })
    }
}

extension RuntimeJob: CustomStringConvertible, CustomReflectable {
    /// `RuntimeJob(<id>, program: <program id>)`.
    public nonisolated var description: String { "RuntimeJob(\(jobID), program: \(programID))" }

    /// The job's identity, without any state or credentials.
    public nonisolated var customMirror: Mirror {
        Mirror(self, children: ["jobID": jobID, "programID": programID, "backend": backend as Any], displayStyle: .class)
    }
}
