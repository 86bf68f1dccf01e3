/// A session or batch of the v1 API (PLATFORM.md §6) as a pure state machine on the emulator's
/// clock: its state at any instant is derived from its own events (creation, close request,
/// cancellation) and the spans of its jobs, so no work happens while time passes. Instants are
/// microseconds since 1970.
///
/// - `open` from creation until one of its jobs starts running;
/// - `active` while a job runs and for `interactiveTTL` after the last one ended;
/// - `inactive` after that, until another job starts;
/// - `closed` at the earliest of: cancellation (`DELETE …/close`, queued jobs cancelled at
///   once); the end of its last job after a close request (`PATCH accepting_jobs: false`);
///   `maxTTL` after it became active (jobs still queued then are cancelled, running ones
///   finish); ``openTimeout`` after creation when no job was submitted by then.
///
/// It accepts jobs until it is closed or a close was requested.
struct EmulatedSession: Sendable, Hashable {
    /// How long a session without any job stays open.
    static let openTimeout: Int64 = 30 * 60 * 1_000_000

    var id: String
    var mode: SessionMode
    var backend: String
    var createdAt: Int64
    var maxTTL: Int64
    var interactiveTTL: Int64
    var closeRequestedAt: Int64?
    var cancelledAt: Int64?
    /// Its jobs, in submission order.
    var jobIDs: [String] = []

    /// Why a job is refused.
    enum Refusal: Sendable, Hashable {
        case closed
        case notAcceptingJobs
        case otherBackend
    }

    // MARK: Events

    /// Whether a job for `backend` submitted at `now` may join, given the spans of the jobs so far.
    func admission(backend jobBackend: String, at now: Int64, spans: [SessionJobSpan]) -> Refusal? {
        if let closure = closure(spans: spans), closure.at <= now { return .closed }
        if closeRequestedAt != nil { return .notAcceptingJobs }
        if jobBackend != backend { return .otherBackend }
        return nil
    }

    /// `PATCH accepting_jobs: false` at `now`: no more jobs; closes when the last one ends. A
    /// second request keeps the first instant.
    mutating func requestClose(at now: Int64) {
        if closeRequestedAt == nil { closeRequestedAt = now }
    }

    /// `DELETE …/close` at `now`: closes at once (unless already closed) and returns the jobs
    /// to cancel now, those still queued. Running jobs finish.
    mutating func cancel(at now: Int64, spans: [SessionJobSpan]) -> [String] {
        if let closure = closure(spans: spans), closure.at <= now { return [] }
        cancelledAt = now
        return spans.filter { $0.isQueued(at: now) }.map(\.jobID)
    }

    /// The jobs that ``closure(spans:)`` cancels at `maxTTL` and the instant, once that instant
    /// has come: jobs that had not started then. Apply them (as cancellations at that instant)
    /// before reading any job of the session at or after it.
    func expiryCancellations(at now: Int64, spans: [SessionJobSpan]) -> (at: Int64, jobIDs: [String])? {
        guard let closure = closure(spans: spans), closure.reason == .maxTTLExpired, closure.at <= now else { return nil }
        let ids = spans.filter { $0.runningAt >= closure.at && $0.endAt > closure.at }.map(\.jobID)
        return ids.isEmpty ? nil : (closure.at, ids)
    }

    // MARK: Derived state

    /// When it became active: the first start of a job that runs.
    func activation(spans: [SessionJobSpan]) -> Int64? {
        spans.filter(\.runs).map(\.runningAt).min()
    }

    /// When and why it closes, as far as its events and job spans tell now.
    func closure(spans: [SessionJobSpan]) -> SessionClosure? {
        var candidates: [SessionClosure] = []
        if let cancelledAt { candidates.append(SessionClosure(at: cancelledAt, reason: .cancelled)) }
        if let closeRequestedAt {
            let lastEnd = spans.map(\.endAt).max() ?? closeRequestedAt
            candidates.append(SessionClosure(at: max(closeRequestedAt, lastEnd), reason: .closedEarly))
        }
        if let activated = activation(spans: spans) {
            candidates.append(SessionClosure(at: Self.adding(activated, maxTTL), reason: .maxTTLExpired))
        }
        let firstSubmission = spans.map(\.submittedAt).min()
        let openDeadline = Self.adding(createdAt, Self.openTimeout)
        if firstSubmission.map({ $0 >= openDeadline }) ?? true {
            candidates.append(SessionClosure(at: openDeadline, reason: .noJobs))
        }
        return candidates.min { ($0.at, $0.reason.rawValue) < ($1.at, $1.reason.rawValue) }
    }

    /// The state at `now`.
    func state(at now: Int64, spans: [SessionJobSpan], closure: SessionClosure?) -> SessionState {
        if let closure, closure.at <= now { return .closed }
        let started = spans.filter { $0.runs && $0.runningAt <= now }
        if started.isEmpty { return .open }
        if started.contains(where: { $0.isRunning(at: now) }) { return .active }
        let lastEnd = started.map(\.endAt).max() ?? now
        return now < Self.adding(lastEnd, interactiveTTL) ? .active : .inactive
    }

    /// Everything `GET /sessions/{id}` reports at `now`.
    func snapshot(at now: Int64, spans: [SessionJobSpan]) -> SessionSnapshot {
        let closure = closure(spans: spans)
        let state = state(at: now, spans: spans, closure: closure)
        let horizon = min(now, closure?.at ?? now)
        let ran = spans.filter { $0.runs && $0.runningAt <= now }
        let activated = activation(spans: spans).flatMap { $0 <= horizon ? $0 : nil }
        var elapsed: Int64 = 0
        switch mode {
        case .batch:
            for span in ran { elapsed += max(0, min(span.endAt, now) - span.runningAt) }
        case .dedicated:
            // The union of [start, end + interactive TTL) over the jobs, cut at the horizon.
            let intervals = ran.map { ($0.runningAt, min(Self.adding($0.endAt, interactiveTTL), horizon)) }
                .filter { $0.0 < $0.1 }.sorted { $0.0 < $1.0 }
            var current: (Int64, Int64)?
            for interval in intervals {
                if let open = current, interval.0 <= open.1 {
                    current = (open.0, max(open.1, interval.1))
                } else {
                    if let open = current { elapsed += open.1 - open.0 }
                    current = interval
                }
            }
            if let open = current { elapsed += open.1 - open.0 }
        }
        var instants: Set<Int64> = [createdAt]
        for span in spans where span.runs {
            instants.formUnion([span.runningAt, span.endAt, Self.adding(span.endAt, interactiveTTL)])
        }
        if let closure { instants.insert(closure.at) }
        var transitions: [SessionSnapshot.Transition] = []
        for instant in instants.sorted() where instant <= now && instant >= createdAt {
            let at = self.state(at: instant, spans: spans, closure: closure)
            if transitions.last?.state != at { transitions.append(.init(state: at, at: instant)) }
            if at == .closed { break }
        }
        return SessionSnapshot(
            state: state,
            acceptingJobs: state != .closed && closeRequestedAt == nil,
            activatedAt: activated,
            lastJobStartedAt: ran.map(\.runningAt).max(),
            lastJobCompletedAt: ran.map(\.endAt).filter { $0 <= now }.max(),
            closure: closure.flatMap { $0.at <= now ? $0 : nil },
            elapsed: elapsed,
            transitions: transitions)
    }

    /// `a + b`, saturating at `Int64.max`.
    static func adding(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int64.max : sum
    }
}
