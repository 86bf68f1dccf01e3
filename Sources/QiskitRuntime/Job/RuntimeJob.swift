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
/// draining ``interimResults()``; a job both streamed and awaited uses one websocket.
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

    nonisolated let client: ServiceClient
    let completion: any CompletionStrategy
    var machine: JobStateMachine
    private var created: Date?
    /// The job's tags as last known: given at submission, read with the job object (every status
    /// read refreshes them), or set by ``updateTags(_:deadline:)``.
    ///
    /// Empty for a job submitted without tags. Reading them sends no request; to see tags changed
    /// elsewhere, read the job again (``RuntimeService/job(_:)``) or its status.
    public internal(set) var tags: [String]
    /// `estimated_running_time_seconds`, once a read of the job object gave it.
    var estimatedRunningSeconds: Double?
    /// The params, once known: sent by this process, or fetched by ``inputs()``.
    private var knownInputs: RuntimeValue?
    /// The raw result text: cached, or the one fetch concurrent callers share.
    let resultFetch = SharedResultFetch()

    init(
        jobID: String, programID: String, backend: String?, inputs: RuntimeValue?, client: ServiceClient,
        status: JobStatusReport? = nil, created: Date? = nil, sessionID: String? = nil, tags: [String] = [],
        estimatedRunningSeconds: Double? = nil, submissionWarnings: [SubmissionWarning] = [],
        completion: (any CompletionStrategy)? = nil
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
        self.tags = tags
        self.estimatedRunningSeconds = estimatedRunningSeconds
    }

    init(record: JobRecord, client: ServiceClient) {
        self.init(
            jobID: record.id, programID: record.programID, backend: record.backend, inputs: record.inputs,
            client: client, status: record.status, created: record.created, sessionID: record.sessionID,
            tags: record.tags ?? [], estimatedRunningSeconds: record.estimatedRunningSeconds)
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
    ///
    /// Throws the decoder's `RuntimeError` for params that cannot be read (an unreadable tagged
    /// value, text that is not JSON), rather than answering with empty inputs.
    public func inputs() async throws -> RuntimeValue {
        if let knownInputs { return knownInputs }
        let json = try await client.performJSON(
            ServiceRequest("GET", path: ["jobs", jobID], context: "Failed to get the inputs of job \(jobID)"))
        noteJobFields(json)
        let inputs = try json["params"].map(JobRecord.inputs) ?? [:]
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
        apply(try await readStatus(deadline: deadline))
        return machine.status
    }

    /// Applies a status read; whoever reads the final status first ends every wait for it.
    func apply(_ report: JobStatusReport) {
        let wasFinal = machine.status.isFinal
        _ = machine.observe(report)
        if !wasFinal, machine.status.isFinal { completion.finalStatusObserved(machine.status) }
    }

    func readStatus(deadline: ContinuousClock.Instant?) async throws -> JobStatusReport {
        let json = try await client.performJSON(Self.statusRequest(jobID: jobID), deadline: deadline)
        noteJobFields(json)
        return try JobStatusReport.parse(job: json)
    }

    /// Keeps what a read of the job object says besides its status: the creation date (if not
    /// known yet), the tags and the estimated running time (when the object has them).
    func noteJobFields(_ json: JSONValue) {
        if created == nil, let date = json["created"]?.date { created = date }
        if let tags = JobRecord.tags(json) { self.tags = tags }
        if let estimate = JobRecord.estimatedRunningSeconds(json) { estimatedRunningSeconds = estimate }
    }

    /// When the job was created; read from the service the first time if not known yet.
    public var creationDate: Date {
        get async throws {
            if let created { return created }
            try await readJobObject(deadline: nil)
            guard let date = created else {
                throw RuntimeError(.invalidResponse, "job \(jobID) has no readable creation date")
            }
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
        return machine.errorMessage(
            jobID: jobID, resultText: try await errorDetails(deadline: deadline)?.text, fromLastTraceback: client.usesCloudAPI)
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
        try await waitForFinalState(until: deadline, pollInterval: pollInterval)
    }

    /// Waits until the job reaches a final status and returns it.
    /// - Parameters:
    ///   - timeout: how long to wait at most; `nil` waits as long as it takes.
    ///   - pollInterval: how often to read the status when polling (also the fallback of the
    ///     websocket watcher); `nil` uses the configuration's interval.
    @discardableResult
    public func waitForFinalState(timeout: Duration? = nil, pollInterval: Duration? = nil) async throws -> JobStatus {
        try await waitForFinalState(until: deadline(after: timeout), pollInterval: pollInterval)
    }

    /// The wait of both `waitForFinalState` overloads; `deadline` nil: no time limit.
    @discardableResult
    func waitForFinalState(until deadline: ContinuousClock.Instant?, pollInterval: Duration?) async throws -> JobStatus {
        if machine.status.isFinal { return machine.status }
        do {
            return try await completion.waitForFinalState(
                of: self, deadline: deadline, pollInterval: self.pollInterval(requested: pollInterval))
        } catch let error as RuntimeError where error.code == .timedOut {
            throw timeoutError()
        }
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

    /// The deadline `timeout` from now on the configuration's clock; nil (no time limit) for nil.
    nonisolated func deadline(after timeout: Duration?) -> ContinuousClock.Instant? {
        timeout.map { client.clock.now + $0 }
    }
}

extension RuntimeJob: Identifiable {
    /// The job's id: the same as ``jobID``, which reads better beside ``programID`` and
    /// ``sessionID``.
    public nonisolated var id: String { jobID }
}

extension RuntimeJob: CustomStringConvertible, CustomReflectable {
    /// `RuntimeJob(<id>, program: <program id>)`.
    public nonisolated var description: String { "RuntimeJob(\(jobID), program: \(programID))" }

    /// The job's identity, without any state or credentials.
    public nonisolated var customMirror: Mirror {
        Mirror(self, children: ["jobID": jobID, "programID": programID, "backend": backend as Any], displayStyle: .class)
    }
}
