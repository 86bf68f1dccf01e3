/// How a session runs its jobs (`mode` of `POST /sessions`).
enum SessionMode: String, Sendable, Hashable {
    /// A Session: dedicated access to the backend; billed for its active time.
    case dedicated
    /// A Batch: jobs run as they come; billed for the jobs' run time.
    case batch
}
