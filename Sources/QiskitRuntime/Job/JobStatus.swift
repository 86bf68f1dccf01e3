/// Where a runtime job is in its life (the Qiskit `JobStatus` values).
///
/// ``done``, ``cancelled`` and ``error`` are final: once a ``RuntimeJob`` has seen one of them it
/// never asks the service again and never reports another status.
public enum JobStatus: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Created locally; the service has not reported a status yet.
    case initializing = "INITIALIZING"
    /// Waiting for a backend.
    case queued = "QUEUED"
    /// Being validated.
    case validating = "VALIDATING"
    /// Running.
    case running = "RUNNING"
    /// Cancelled before it finished (final).
    case cancelled = "CANCELLED"
    /// Finished successfully; the result is available (final).
    case done = "DONE"
    /// Failed or ran longer than allowed; see ``RuntimeJob/errorMessage()`` (final).
    case error = "ERROR"

    /// Whether the status can no longer change.
    public var isFinal: Bool {
        switch self {
        case .done, .cancelled, .error: return true
        case .initializing, .queued, .validating, .running: return false
        }
    }

    /// The Qiskit name, such as `DONE`.
    public var description: String { rawValue }

    /// Position in the life of a job; every final status has the highest rank.
    var rank: Int {
        switch self {
        case .initializing: return 0
        case .queued: return 1
        case .validating: return 2
        case .running: return 3
        case .cancelled, .done, .error: return 4
        }
    }
}
