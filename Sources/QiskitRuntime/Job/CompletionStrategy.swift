/// How a ``RuntimeJob`` learns that it reached a final status while `result()` or
/// `waitForFinalState()` is awaited. Polling for now; a later issue adds a watcher over the
/// interim-result stream that falls back to polling.
protocol CompletionStrategy: Sendable {
    /// Returns the job's final status, or throws `.timedOut` at `deadline` and
    /// `CancellationError` when the calling task is cancelled.
    func waitForFinalState(
        of job: RuntimeJob, deadline: ContinuousClock.Instant, pollInterval: Duration
    ) async throws -> JobStatus
}
