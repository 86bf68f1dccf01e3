/// The state of a session (`state` of `GET /sessions/{id}`).
enum SessionState: String, Sendable, Hashable {
    /// Created; none of its jobs has started yet.
    case open
    /// A job runs, or the last one ended less than `interactive_ttl` ago.
    case active
    /// No job ran for `interactive_ttl`; the next job makes it active again when it starts.
    case inactive
    /// Closed for good (see ``SessionClosure``).
    case closed
}
