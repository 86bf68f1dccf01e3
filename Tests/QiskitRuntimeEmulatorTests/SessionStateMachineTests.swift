import Testing
@testable import QiskitRuntimeEmulator

/// ``EmulatedSession`` without a service or a clock: instants are plain microseconds.
@Suite("Session state machine")
struct SessionStateMachineTests {
    static let second: Int64 = 1_000_000

    func session(_ mode: SessionMode = .dedicated, maxTTL: Int64 = 100, interactive: Int64 = 10) -> EmulatedSession {
        EmulatedSession(
            id: "s", mode: mode, backend: "b", createdAt: 0, maxTTL: maxTTL * Self.second, interactiveTTL: interactive * Self.second)
    }

    func span(_ id: String, submitted: Int64 = 0, running: Int64, end: Int64) -> SessionJobSpan {
        SessionJobSpan(jobID: id, submittedAt: submitted * Self.second, runningAt: running * Self.second, endAt: end * Self.second)
    }

    func states(_ s: EmulatedSession, _ spans: [SessionJobSpan], at times: [Int64]) -> [SessionState] {
        times.map { s.snapshot(at: $0 * Self.second, spans: spans).state }
    }

    @Test("open until a job starts; active while it runs and for the interactive TTL; then inactive; active again")
    func lifecycle() {
        let s = session()
        let spans = [span("a", running: 5, end: 8), span("b", submitted: 20, running: 30, end: 31)]
        #expect(states(s, spans, at: [0, 4, 5, 7, 8, 17, 18, 25, 30, 40, 41]) == [
            .open, .open, .active, .active, .active, .active, .inactive, .inactive, .active, .active, .inactive,
        ])
        let snapshot = s.snapshot(at: 50 * Self.second, spans: spans)
        #expect(snapshot.activatedAt == 5 * Self.second)
        #expect(snapshot.lastJobStartedAt == 30 * Self.second)
        #expect(snapshot.lastJobCompletedAt == 31 * Self.second)
        #expect(snapshot.acceptingJobs)
        #expect(snapshot.closure == nil)
        // Active 5…18 and 30…41: 24 s billed.
        #expect(snapshot.elapsed == 24 * Self.second)
        #expect(snapshot.transitions.map(\.state) == [.open, .active, .inactive, .active, .inactive])
        #expect(snapshot.transitions.map(\.at) == [0, 5, 18, 30, 41].map { $0 * Self.second })
    }

    @Test("a batch bills its jobs' run time, overlapping jobs each counted")
    func batchElapsed() {
        let s = session(.batch)
        let spans = [span("a", running: 1, end: 4), span("b", running: 2, end: 6)]
        #expect(s.snapshot(at: 3 * Self.second, spans: spans).elapsed == 3 * Self.second)
        #expect(s.snapshot(at: 10 * Self.second, spans: spans).elapsed == 7 * Self.second)
        // A dedicated session bills the union, plus the interactive TTL after the last job.
        #expect(session().snapshot(at: 100 * Self.second, spans: spans).elapsed == 15 * Self.second)
    }

    @Test("close: no more jobs, queued and running ones finish, then closed (session_closed_early)")
    func close() {
        var s = session()
        let spans = [span("a", running: 5, end: 8), span("b", running: 6, end: 12)]
        s.requestClose(at: 7 * Self.second)
        s.requestClose(at: 9 * Self.second)  // the first request counts
        #expect(s.closeRequestedAt == 7 * Self.second)
        #expect(s.admission(backend: "b", at: 7 * Self.second, spans: spans) == .notAcceptingJobs)
        let during = s.snapshot(at: 10 * Self.second, spans: spans)
        #expect(during.state == .active)
        #expect(!during.acceptingJobs)
        let after = s.snapshot(at: 12 * Self.second, spans: spans)
        #expect(after.state == .closed)
        #expect(after.closure == SessionClosure(at: 12 * Self.second, reason: .closedEarly))
        // Billing stops at the close: 5…12, no interactive tail.
        #expect(after.elapsed == 7 * Self.second)
        #expect(s.admission(backend: "b", at: 13 * Self.second, spans: spans) == .closed)
        // Closing an idle session closes it at once.
        var idle = session()
        idle.requestClose(at: 3 * Self.second)
        #expect(idle.snapshot(at: 3 * Self.second, spans: []).state == .closed)
    }

    @Test("cancel: closed at once, queued jobs returned for cancellation, running ones finish")
    func cancel() {
        var s = session()
        let spans = [span("running", running: 1, end: 20), span("queued", running: 8, end: 30), span("done", running: 0, end: 1)]
        let cancelled = s.cancel(at: 5 * Self.second, spans: spans)
        #expect(cancelled == ["queued"])
        let snapshot = s.snapshot(at: 5 * Self.second, spans: spans)
        #expect(snapshot.state == .closed)
        #expect(snapshot.closure?.reason == .cancelled)
        #expect(!snapshot.acceptingJobs)
        #expect(s.admission(backend: "b", at: 6 * Self.second, spans: spans) == .closed)
        // Cancelling a closed session changes nothing.
        #expect(s.cancel(at: 6 * Self.second, spans: spans).isEmpty)
        #expect(s.cancelledAt == 5 * Self.second)
    }

    @Test("max TTL counts from activation; jobs not started by then are cancelled at expiry")
    func maxTTL() {
        let s = session(maxTTL: 10)
        let spans = [span("first", running: 4, end: 6), span("late", running: 20, end: 25), span("long", running: 9, end: 30)]
        #expect(s.snapshot(at: 13 * Self.second, spans: spans).state == .active)
        #expect(s.expiryCancellations(at: 13 * Self.second, spans: spans) == nil)
        let closed = s.snapshot(at: 14 * Self.second, spans: spans)
        #expect(closed.state == .closed)
        #expect(closed.closure == SessionClosure(at: 14 * Self.second, reason: .maxTTLExpired))
        let expiry = s.expiryCancellations(at: 14 * Self.second, spans: spans)
        #expect(expiry?.at == 14 * Self.second)
        #expect(expiry?.jobIDs == ["late"])   // "long" runs on to its end
        #expect(s.admission(backend: "b", at: 14 * Self.second, spans: spans) == .closed)
    }

    @Test("a session without jobs closes after 30 minutes; another backend's job is refused")
    func openTimeoutAndBackend() {
        let s = session(maxTTL: 100_000)
        let timeout = EmulatedSession.openTimeout
        #expect(s.snapshot(at: timeout - 1, spans: []).state == .open)
        let closed = s.snapshot(at: timeout, spans: [])
        #expect(closed.state == .closed)
        #expect(closed.closure?.reason == .noJobs)
        #expect(closed.transitions.map(\.state) == [.open, .closed])
        // A job submitted in time keeps it open.
        let spans = [span("a", submitted: 60, running: 4000, end: 4001)]
        #expect(s.snapshot(at: timeout, spans: spans).state == .open)
        #expect(s.admission(backend: "other", at: 0, spans: []) == .otherBackend)
        #expect(s.admission(backend: "b", at: 0, spans: []) == nil)
    }

    @Test("a job cancelled while queued never activates the session")
    func cancelledWhileQueued() {
        let s = session()
        let spans = [span("a", running: 10, end: 3)]
        #expect(!spans[0].runs)
        let snapshot = s.snapshot(at: 20 * Self.second, spans: spans)
        #expect(snapshot.state == .open)
        #expect(snapshot.activatedAt == nil)
        #expect(snapshot.elapsed == 0)
    }
}
