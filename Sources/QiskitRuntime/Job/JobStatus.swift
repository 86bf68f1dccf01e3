/// Where a runtime job is in its life (the Qiskit `JobStatus` values).
///
/// ``done``, ``cancelled`` and ``error`` are final: once a ``RuntimeJob`` has seen one of them it
/// never asks the service again and never reports another status.
///
/// ## Mapping from the service
///
/// The service's status text is upper-cased, then mapped. It is read from `state.status` when the
/// job object has a `state` (the IBM Cloud `/api/v1` API and later legacy services), else from the
/// flat `status` string (the legacy runtime API):
///
/// | Service status              | `JobStatus`    |
/// |-----------------------------|----------------|
/// | `Queued`                    | ``queued``     |
/// | `Running`                   | ``running``    |
/// | `Completed`                 | ``done``       |
/// | `Failed`                    | ``error``      |
/// | `Cancelled`                 | ``cancelled``  |
/// | `Cancelled` with `state.reason_code` (or `reasonCode`) 1305 | ``error`` (ran too long) |
/// | `Cancelled - Ran too long` (flat `status`, even beside a `state` that says `Cancelled`) | ``error`` (ran too long) |
/// | anything else               | `RuntimeError.Code.unknownStatus`: `Unknown status: <text>` |
///
/// `state.reason` is kept, prefixed with `Error code <code>; ` when `state.reason_code` or
/// `state.reasonCode` is present. ``RuntimeJob/errorMessage()`` uses the legacy templates
/// (`Job <id> has failed:\n<results text>`, `Job <id> ran longer than maximum execution time. Job was
/// cancelled:\n<results text>`); on an IBM Cloud account it prefers the reason, so a job cancelled
/// with reason code 1305 and reason `Ran too long` reports `Error code 1305; Ran too long`.
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
