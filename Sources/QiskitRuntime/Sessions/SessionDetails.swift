import RuntimeWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the service says about a session or batch (`GET /sessions/{id}`). See
/// ``RuntimeSession/details()``.
public struct SessionDetails: Sendable, Hashable {
    /// The session's id.
    public var id: String
    /// The backend its jobs run on (`backend_name`), if known.
    public var backendName: String?
    /// Session or batch.
    public var mode: SessionMode
    /// Where it is in its life.
    public var state: SessionState
    /// Why it is in that state (`state_reason`, such as `session_closed_early`), if the service says.
    public var stateReason: String?
    /// Whether it takes new jobs (`accepting_jobs`).
    public var acceptsJobs: Bool
    /// The longest the session may exist (`max_ttl`).
    public var maxTTL: Duration?
    /// The longest it may stay active (`active_ttl`).
    public var activeTTL: Duration?
    /// The idle time allowed between two jobs before it becomes inactive (`interactive_ttl`).
    public var interactiveTTL: Duration?
    /// When it was created (`started_at`).
    public var startedAt: Date?
    /// When it last became active (`activated_at`).
    public var activatedAt: Date?
    /// When its last job started (`last_job_started`).
    public var lastJobStarted: Date?
    /// When its last job completed (`last_job_completed`).
    public var lastJobCompleted: Date?
    /// When it closed (`closed_at`).
    public var closedAt: Date?
    /// Its billed usage so far (`elapsed_time`).
    public var elapsedTime: Duration?

    /// Creates details.
    public init(
        id: String, backendName: String? = nil, mode: SessionMode, state: SessionState, stateReason: String? = nil,
        acceptsJobs: Bool, maxTTL: Duration? = nil, activeTTL: Duration? = nil, interactiveTTL: Duration? = nil,
        startedAt: Date? = nil, activatedAt: Date? = nil, lastJobStarted: Date? = nil, lastJobCompleted: Date? = nil,
        closedAt: Date? = nil, elapsedTime: Duration? = nil
    ) {
        self.id = id
        self.backendName = backendName
        self.mode = mode
        self.state = state
        self.stateReason = stateReason
        self.acceptsJobs = acceptsJobs
        self.maxTTL = maxTTL
        self.activeTTL = activeTTL
        self.interactiveTTL = interactiveTTL
        self.startedAt = startedAt
        self.activatedAt = activatedAt
        self.lastJobStarted = lastJobStarted
        self.lastJobCompleted = lastJobCompleted
        self.closedAt = closedAt
        self.elapsedTime = elapsedTime
    }

    /// Reads a session object; only a missing `id` is an error. A missing mode reads as
    /// ``SessionMode/dedicated``, a missing state as ``SessionState/open``, a missing
    /// `accepting_jobs` as `true` unless the state is closed.
    init(json: JSONValue) throws {
        guard json.objectValue != nil, let id = json["id"]?.stringValue, !id.isEmpty else {
            throw RuntimeError(.invalidResponse, "the session object has no id")
        }
        func seconds(_ key: String) -> Duration? {
            guard let value = json[key]?.finiteNumber, value >= 0, value < 1e12 else { return nil }
            return .milliseconds(Int64((value * 1000).rounded()))
        }
        let state = SessionState(rawValue: json["state"]?.stringValue ?? "open")
        self.init(
            id: id, backendName: json["backend_name"]?.stringValue ?? json["backend"]?.stringValue,
            mode: SessionMode(rawValue: json["mode"]?.stringValue ?? SessionMode.dedicated.rawValue), state: state,
            stateReason: json["state_reason"]?.stringValue,
            acceptsJobs: json["accepting_jobs"]?.looseBool ?? (state != .closed),
            maxTTL: seconds("max_ttl"), activeTTL: seconds("active_ttl"), interactiveTTL: seconds("interactive_ttl"),
            startedAt: json["started_at"]?.date, activatedAt: json["activated_at"]?.date,
            lastJobStarted: json["last_job_started"]?.date, lastJobCompleted: json["last_job_completed"]?.date,
            closedAt: json["closed_at"]?.date, elapsedTime: seconds("elapsed_time"))
    }
}
