import RuntimeWire

/// Reads the job's status every `pollInterval` until it is final, sleeping on the injected clock
/// (so a cancelled task stops at once, whatever the interval).
///
/// A read that fails with a transient error (the service's 5xx or 429 once the request's own
/// retries are spent, a body that is not JSON, a lost connection, a request timeout) is tried
/// again at the next poll, up to ``maximumConsecutiveFailures`` reads in a row; then that error
/// is thrown. Any other error is thrown at once.
struct PollingCompletionStrategy: CompletionStrategy {
    let clock: any RuntimeClock
    var logger: Logger?

    /// The most status reads in a row that may fail transiently before the wait fails.
    static let maximumConsecutiveFailures = 5

    func waitForFinalState(
        of job: RuntimeJob, deadline: ContinuousClock.Instant?, pollInterval: Duration
    ) async throws -> JobStatus {
        let interval = max(pollInterval, RuntimeConfiguration.minimumPollInterval)
        var failures = 0
        while true {
            do {
                let status = try await job.status(deadline: deadline)
                if status.isFinal { return status }
                failures = 0
            } catch {
                guard Self.isTransient(error), deadline.map({ clock.now < $0 }) ?? true else { throw error }
                failures += 1
                guard failures < Self.maximumConsecutiveFailures else { throw error }
                logger?.log(.info, "job \(job.jobID): status read failed (\((error as? RuntimeError)?.description ?? "\(error)")); trying again at the next poll")
            }
            let now = clock.now
            let wake = now + interval
            guard let deadline else {
                try await clock.sleep(until: wake)
                continue
            }
            guard now < deadline else { throw job.timeoutError() }
            try await clock.sleep(until: min(wake, deadline))
            if wake >= deadline, clock.now >= deadline {
                // One last read at the deadline would itself be out of time.
                throw job.timeoutError()
            }
        }
    }

    /// Whether a failed status read is worth another try at the next poll.
    static func isTransient(_ error: any Error) -> Bool {
        if error is HTTPTransportFailure { return true }
        guard let error = error as? RuntimeError else { return false }
        switch error.code {
        case .connectionFailed, .connectionClosed, .timedOut, .invalidResponse, .invalidHTTP:
            return true
        case .httpStatus:
            guard let status = error.statusCode else { return false }
            return status == 429 || (500..<600).contains(status)
        default:
            return false
        }
    }
}
