/// How a ``RuntimeJob`` learns that it reached a final status while `result()` or
/// `waitForFinalState()` is awaited: ``StreamCompletionStrategy`` (the job's websocket, falling
/// back to polling) or ``PollingCompletionStrategy``, as ``RuntimeConfiguration/completionMode``
/// and the account's streaming support decide.
protocol CompletionStrategy: Sendable {
    /// Returns the job's final status, or throws `.timedOut` at `deadline` (nil: none) and
    /// `CancellationError` when the calling task is cancelled.
    func waitForFinalState(
        of job: RuntimeJob, deadline: ContinuousClock.Instant?, pollInterval: Duration
    ) async throws -> JobStatus

    /// The job's final status was learned by another way (a status read of the job's own): ends
    /// every wait at once with it.
    func finalStatusObserved(_ status: JobStatus)
}

extension CompletionStrategy {
    func finalStatusObserved(_ status: JobStatus) {}
}
