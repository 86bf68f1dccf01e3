/// The order of ``RuntimeService/jobs(limit:offset:pending:program:backend:tags:sessionID:createdAfter:createdBefore:order:)``.
public enum JobListOrder: Sendable, Hashable {
    /// Newest first (the service's default).
    case newestFirst
    /// Oldest first (`sort=ASC`).
    case oldestFirst
}
