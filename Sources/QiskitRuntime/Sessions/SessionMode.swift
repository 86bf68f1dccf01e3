/// How a ``RuntimeSession`` runs its jobs (the `mode` of `POST /sessions`).
///
/// A value the SDK does not know (a future mode) keeps its text in ``rawValue``.
public struct SessionMode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// A session (`dedicated`): the backend is reserved for the session's jobs while it is active,
    /// for iterative work where each job depends on the last. Open-plan instances cannot use it
    /// (the service refuses with reason code 1352).
    public static let dedicated = SessionMode(rawValue: "dedicated")
    /// A batch (`batch`): the jobs are scheduled together, without reserving the backend between
    /// them; for many independent jobs.
    public static let batch = SessionMode(rawValue: "batch")

    /// The service's name of the mode.
    public let rawValue: String

    /// A mode by its service name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The service's name.
    public var description: String { rawValue }
}
