/// A Sampler or Estimator job: the ``RuntimeJob`` it runs as, with its result typed.
///
/// Everything goes through the one ``RuntimeJob`` actor (``runtimeJob``): status, cancel, logs,
/// the cached result text. This wrapper only knows which result type to read, so that
/// ``result(timeout:pollInterval:)`` returns a ``SamplerResult`` (``SamplerJob``) or an ``EstimatorResult``
/// (``EstimatorJob``) without naming it:
///
/// ```swift
/// let job = try await sampler.run([SamplerPub(circuit: isaCircuit)], shots: 1000)
/// let result = try await job.result(timeout: .seconds(600))       // SamplerResult
/// let same = try await job.result(as: SamplerResult.self)          // as on any RuntimeJob
/// print(result[0].data["c"]?.counts() ?? [:], same.count)
/// ```
public struct PrimitiveJob<Output: PrimitiveResultDecodable>: Sendable, CustomStringConvertible {
    /// The job as the SDK tracks every job: status, cancel, logs, metrics, raw results.
    public let runtimeJob: RuntimeJob

    /// Wraps a job whose result reads as `Output` (a job found by id with
    /// ``RuntimeService/job(_:)``, for instance).
    public init(_ runtimeJob: RuntimeJob) {
        self.runtimeJob = runtimeJob
    }

    /// The job's id.
    public var jobID: String { runtimeJob.jobID }
    /// The backend it runs on.
    public var backend: String? { runtimeJob.backend }
    /// The session or batch it runs in (`session_id`), or nil.
    public var sessionID: String? { runtimeJob.sessionID }
    /// What the service said when it accepted the job (see ``RuntimeJob/submissionWarnings``).
    public var submissionWarnings: [SubmissionWarning] { runtimeJob.submissionWarnings }

    /// Waits for the job and reads its result (either wire form) as `Output`, giving up at
    /// `deadline`.
    ///
    /// Throws what ``RuntimeJob/result(deadline:pollInterval:)`` throws (`.jobFailed`,
    /// `.invalidState` for a cancelled job, `.timedOut`, `CancellationError`), and
    /// `RuntimeError(.decodingFailed)` when the result is not of this kind.
    ///
    /// - Parameter pollInterval: how often to read the status when polling; `nil` uses the
    ///   configuration's interval.
    public nonisolated(nonsending) func result(deadline: ContinuousClock.Instant, pollInterval: Duration? = nil) async throws -> Output {
        try await runtimeJob.result(deadline: deadline, pollInterval: pollInterval, decoder: PrimitiveResultDecoder<Output>())
    }

    /// Like ``result(deadline:pollInterval:)`` with a deadline `timeout` from now (`nil`: no limit).
    public nonisolated(nonsending) func result(timeout: Duration? = nil, pollInterval: Duration? = nil) async throws -> Output {
        try await runtimeJob.result(timeout: timeout, pollInterval: pollInterval, decoder: PrimitiveResultDecoder<Output>())
    }

    /// Waits for the job and decodes its result into `type`, as
    /// ``RuntimeJob/result(as:deadline:pollInterval:)``.
    public nonisolated(nonsending) func result<Value: Decodable>(
        as type: Value.Type, deadline: ContinuousClock.Instant, pollInterval: Duration? = nil
    ) async throws -> Value {
        try await runtimeJob.result(as: type, deadline: deadline, pollInterval: pollInterval)
    }

    /// Waits for the job and decodes its result into `type`, as
    /// ``RuntimeJob/result(as:timeout:pollInterval:)``.
    public nonisolated(nonsending) func result<Value: Decodable>(
        as type: Value.Type, timeout: Duration? = nil, pollInterval: Duration? = nil
    ) async throws -> Value {
        try await runtimeJob.result(as: type, timeout: timeout, pollInterval: pollInterval)
    }

    /// The job's status (``RuntimeJob/status()``).
    public func status() async throws -> JobStatus {
        try await runtimeJob.status()
    }

    /// Waits until the job is final or `deadline` passes
    /// (``RuntimeJob/waitForFinalState(deadline:pollInterval:)``).
    @discardableResult
    public func waitForFinalState(deadline: ContinuousClock.Instant, pollInterval: Duration? = nil) async throws -> JobStatus {
        try await runtimeJob.waitForFinalState(deadline: deadline, pollInterval: pollInterval)
    }

    /// Waits until the job is final (``RuntimeJob/waitForFinalState(timeout:pollInterval:)``).
    @discardableResult
    public func waitForFinalState(timeout: Duration? = nil, pollInterval: Duration? = nil) async throws -> JobStatus {
        try await runtimeJob.waitForFinalState(timeout: timeout, pollInterval: pollInterval)
    }

    /// Cancels the job (``RuntimeJob/cancel()``).
    @discardableResult
    public func cancel() async throws -> JobStatus {
        try await runtimeJob.cancel()
    }

    /// The job's logs (``RuntimeJob/logs()``).
    public func logs() async throws -> String {
        try await runtimeJob.logs()
    }

    /// The job's metrics: timestamps, usage, queue position (``RuntimeJob/metrics(timeout:)``).
    public func metrics(timeout: Duration? = nil) async throws -> JobMetrics {
        try await runtimeJob.metrics(timeout: timeout)
    }

    /// The quantum seconds the job is charged, 0 until final (``RuntimeJob/usage(timeout:)``).
    public func usage(timeout: Duration? = nil) async throws -> Double {
        try await runtimeJob.usage(timeout: timeout)
    }

    /// Why the job failed, or nil (``RuntimeJob/errorMessage()``).
    public func errorMessage() async throws -> String? {
        try await runtimeJob.errorMessage()
    }

    /// `SamplerJob(<id>)` / `EstimatorJob(<id>)`.
    public var description: String {
        Output.self == EstimatorResult.self ? "EstimatorJob(\(jobID))" : Output.self == SamplerResult.self ? "SamplerJob(\(jobID))" : "PrimitiveJob(\(jobID))"
    }
}

/// A Sampler job: its ``PrimitiveJob/result(timeout:pollInterval:)`` is a ``SamplerResult``.
public typealias SamplerJob = PrimitiveJob<SamplerResult>

/// An Estimator job: its ``PrimitiveJob/result(timeout:pollInterval:)`` is an ``EstimatorResult``.
public typealias EstimatorJob = PrimitiveJob<EstimatorResult>
