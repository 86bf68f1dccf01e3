/// Why and when a session closes (`state_reason` and `closed_at`).
struct SessionClosure: Sendable, Hashable {
    enum Reason: String, Sendable, Hashable {
        /// `DELETE /sessions/{id}/close`: its queued jobs were cancelled.
        case cancelled = "session_cancelled"
        /// `PATCH accepting_jobs: false`, once its jobs finished.
        case closedEarly = "session_closed_early"
        /// `max_ttl` after it became active (its queued jobs are cancelled then).
        case maxTTLExpired = "max_ttl_expired"
        /// No job was submitted within ``EmulatedSession/openTimeout`` of its creation.
        case noJobs = "no_jobs_submitted"
    }

    var at: Int64
    var reason: Reason
}
