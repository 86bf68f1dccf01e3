/// One job of a session as its session sees it: when it was submitted, when it starts running
/// and when it ends (all fixed by the job's plan and cancellation). A job with
/// `endAt <= runningAt` never runs (it was cancelled while queued).
struct SessionJobSpan: Sendable, Hashable {
    var jobID: String
    var submittedAt: Int64
    var runningAt: Int64
    var endAt: Int64

    /// Whether the job runs at all.
    var runs: Bool { endAt > runningAt }

    func isQueued(at now: Int64) -> Bool { now < runningAt && now < endAt }
    func isRunning(at now: Int64) -> Bool { runningAt <= now && now < endAt }
}
