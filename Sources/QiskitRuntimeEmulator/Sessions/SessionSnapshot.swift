/// Everything `GET /sessions/{id}` reports at one instant, derived by
/// ``EmulatedSession/snapshot(at:spans:)``.
struct SessionSnapshot: Sendable, Hashable {
    /// One change of state.
    struct Transition: Sendable, Hashable {
        var state: SessionState
        var at: Int64
    }

    var state: SessionState
    var acceptingJobs: Bool
    var activatedAt: Int64?
    var lastJobStartedAt: Int64?
    var lastJobCompletedAt: Int64?
    var closure: SessionClosure?
    /// Billed time so far, in microseconds: the active time of a dedicated session, the jobs'
    /// run time of a batch.
    var elapsed: Int64
    /// Every change of state so far, oldest first, starting with `open` at creation.
    var transitions: [Transition]
}
