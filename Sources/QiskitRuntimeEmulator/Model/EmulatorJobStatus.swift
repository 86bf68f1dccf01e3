/// The status of an emulated job, as the service reports it.
public enum EmulatorJobStatus: String, Sendable, Hashable, CaseIterable {
    /// Waiting to run.
    case queued = "Queued"
    /// Running and publishing interim results.
    case running = "Running"
    /// Finished; `GET /jobs/{id}/results` has the final result.
    case completed = "Completed"
    /// The program failed; `GET /jobs/{id}/results` has its traceback.
    case failed = "Failed"
    /// Cancelled by the user.
    case cancelled = "Cancelled"
    /// Stopped at its maximum execution time (`state.reasonCode` 1305).
    case cancelledRanTooLong = "Cancelled - Ran too long"

    /// The flat, title-case status string of the job JSON's `status` field.
    public var wireString: String { rawValue }

    /// The status of the job JSON's `state.status` field (ran-too-long is plain `Cancelled`).
    public var stateString: String {
        self == .cancelledRanTooLong ? "Cancelled" : rawValue
    }

    /// Whether the job can no longer change.
    public var isFinal: Bool {
        switch self {
        case .queued, .running: return false
        case .completed, .failed, .cancelled, .cancelledRanTooLong: return true
        }
    }
}
