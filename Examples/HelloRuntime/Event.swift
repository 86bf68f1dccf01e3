import QiskitRuntime

/// What one of the concurrent tasks following a job reports to ``JobRunner``.
enum Event: Sendable {
    /// The job reached this final status.
    case final(JobStatus)
    /// The interim-result stream ended (the job is final, or the stream failed).
    case interimEnded
    /// The grace period for the last interim results after the final status is over.
    case graceOver
    /// `--cancel-after` sent the remote cancel (or found the job already final).
    case cancelSent
}
