/// Where a session is in its life (the `state` of `GET /sessions/{id}`, PLATFORM.md §6).
///
/// `open` (created, no job yet) → `active` (running jobs) ⇄ `inactive` (idle within its
/// interactive time-to-live) → `closed`. A value the SDK does not know keeps its text in
/// ``rawValue``.
public struct SessionState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// Created; no job has started yet.
    public static let open = SessionState(rawValue: "open")
    /// Running jobs (accepting new ones or not: see ``SessionDetails/acceptsJobs``).
    public static let active = SessionState(rawValue: "active")
    /// Idle, within its interactive time-to-live; the next job makes it active again.
    public static let inactive = SessionState(rawValue: "inactive")
    /// Closed: it takes no more jobs (see ``SessionDetails/stateReason``).
    public static let closed = SessionState(rawValue: "closed")

    /// The service's name of the state.
    public let rawValue: String

    /// A state by its service name (compared in lower case).
    public init(rawValue: String) {
        self.rawValue = rawValue.lowercased()
    }

    /// The service's name.
    public var description: String { rawValue }
}
