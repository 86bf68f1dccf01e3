/// The timeline of one job, fixed at submission: every state and every interim result is a pure
/// function of these instants, the current time and the cancellation instant (if any), so no
/// work happens per job while time passes. Instants are microseconds since 1970 UTC.
///
/// Interim result k (1-based) is published at `runningAt + k·interval`; results due after the
/// job ended (cancelled, or cut off for running too long) are never published.
struct JobPlan: Sendable, Hashable {
    var createdAt: Int64
    var runningAt: Int64
    var interval: Int64
    var interimCount: Int
    /// When the job reaches its outcome unless cancelled before.
    var finishAt: Int64
    var outcome: JobOutcome

    /// - Parameters:
    ///   - runDuration: how long the job runs when it completes or fails (the tag
    ///     `emulator:running_s`); by default one interval per interim result plus one.
    ///   - timeLimit: the job's time limit (v1 `cost`): a job that would run longer is cut off
    ///     then and ends ran-too-long. A `.ranTooLong` job is cut off at the smaller of
    ///     `maxExecution` and this.
    init(
        createdAt: Int64, queued: Int64, interval: Int64, interimCount: Int, maxExecution: Int64, outcome: JobOutcome,
        runDuration: Int64? = nil, timeLimit: Int64? = nil
    ) {
        self.createdAt = createdAt
        self.runningAt = createdAt + queued
        self.interval = interval
        self.interimCount = interimCount
        switch outcome {
        case .completed, .failed:
            let natural = runDuration ?? Int64(interimCount + 1) * interval
            if let timeLimit, timeLimit < natural {
                self.outcome = .ranTooLong
                finishAt = runningAt + timeLimit
            } else {
                self.outcome = outcome
                finishAt = runningAt + natural
            }
        case .ranTooLong:
            self.outcome = outcome
            finishAt = runningAt + min(maxExecution, timeLimit ?? maxExecution)
        }
    }

    /// How long the job runs (or ran) if it is not cancelled.
    var runDuration: Int64 { finishAt - runningAt }

    /// When the job ends, given its cancellation instant.
    func endAt(cancelledAt: Int64?) -> Int64 {
        guard let cancelledAt else { return finishAt }
        return min(cancelledAt, finishAt)
    }

    func status(at now: Int64, cancelledAt: Int64?) -> EmulatorJobStatus {
        if let cancelledAt, now >= cancelledAt, cancelledAt < finishAt { return .cancelled }
        if now < runningAt { return .queued }
        if now < finishAt { return .running }
        switch outcome {
        case .completed: return .completed
        case .failed: return .failed
        case .ranTooLong: return .cancelledRanTooLong
        }
    }

    /// The instant interim result `k` (1-based) is due.
    func interimTime(_ k: Int) -> Int64 {
        runningAt + Int64(k) * interval
    }

    /// How many interim results are published at `now`.
    func publishedCount(at now: Int64, cancelledAt: Int64?) -> Int {
        let end = min(now, endAt(cancelledAt: cancelledAt))
        guard end >= runningAt, interimCount > 0 else { return 0 }
        if interval <= 0 { return interimCount }
        let elapsed = (end - runningAt) / interval
        return elapsed >= Int64(interimCount) ? interimCount : Int(elapsed)
    }

    /// The next instant something changes for a subscriber that has seen `delivered` results.
    func nextEvent(afterDelivered delivered: Int, cancelledAt: Int64?) -> Int64 {
        let end = endAt(cancelledAt: cancelledAt)
        let total = publishedCount(at: end, cancelledAt: cancelledAt)
        if delivered < total { return interimTime(delivered + 1) }
        return end
    }
}
