/// Reads the job's status every `pollInterval` until it is final, sleeping on the injected clock
/// (so a cancelled task stops at once, whatever the interval).
struct PollingCompletionStrategy: CompletionStrategy {
    let clock: any RuntimeClock

    func waitForFinalState(
        of job: RuntimeJob, deadline: ContinuousClock.Instant, pollInterval: Duration
    ) async throws -> JobStatus {
        let interval = max(pollInterval, RuntimeConfiguration.minimumPollInterval)
        while true {
            let status = try await job.status(deadline: deadline)
            if status.isFinal { return status }
            let now = clock.now
            guard now < deadline else { throw job.timeoutError() }
            let wake = now + interval
            try await clock.sleep(until: min(wake, deadline))
            if wake >= deadline, clock.now >= deadline {
                // One last read at the deadline would itself be out of time.
                throw job.timeoutError()
            }
        }
    }
}
