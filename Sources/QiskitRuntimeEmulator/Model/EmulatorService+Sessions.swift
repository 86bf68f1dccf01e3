import RuntimeWire

/// Sessions and batches of the v1 API (PLATFORM.md §6): `POST /sessions`, `GET`, `PATCH` and
/// `DELETE …/close`, over ``EmulatedSession``.
extension EmulatorService {
    /// Creates a session from a `POST /sessions` body.
    func createSession(body: JSONValue) throws(APIError) -> (session: EmulatedSession, now: Int64) {
        guard case .object = body else { throw .badRequest("The request body must be a JSON object.") }
        let platform = configuration.platform
        let modeText = body["mode"]?.stringValue ?? SessionMode.dedicated.rawValue
        guard let mode = SessionMode(rawValue: modeText) else {
            throw .badRequest("'mode' must be \"dedicated\" or \"batch\", not \"\(modeText)\".")
        }
        if mode == .dedicated, platform.openPlan {
            throw APIError(
                status: 403, code: "1352", numericCode: 1352,
                message: "Dedicated sessions are not available on this instance's plan (Open Plan: batch mode only).")
        }
        guard let backend = body["backend"]?.stringValue, !backend.isEmpty else {
            throw .badRequest("'backend' is required.")
        }
        guard platform.backends.backend(named: backend) != nil else { throw .backendNotFound(backend) }
        if let instance = body["instance"]?.stringValue, instance != configuration.instanceCRN {
            throw APIError(status: 403, code: "forbidden", message: "The instance in the body is not the instance of Service-CRN.")
        }
        let limit = EmulatorClock.microseconds(platform.sessionMaxTTL)
        var maxTTL = limit
        if let value = body["max_ttl"], value != .null {
            guard let seconds = value.doubleValue, seconds.isFinite, seconds > 0 else {
                throw .badRequest("'max_ttl' must be a positive number of seconds.")
            }
            maxTTL = min(limit, Int64(min(seconds, 1e12) * 1_000_000))
        }
        let now = self.now
        let interactive = EmulatorClock.microseconds(platform.sessionInteractiveTTL)
        let session = state.withLock { state in
            var id = state.rng.identifier(count: 20)
            while state.sessions[id] != nil || state.jobs[id] != nil { id = state.rng.identifier(count: 20) }
            let session = EmulatedSession(
                id: id, mode: mode, backend: backend, createdAt: now, maxTTL: maxTTL, interactiveTTL: interactive)
            state.sessions[id] = session
            return session
        }
        return (session, now)
    }

    /// A session and the spans of its jobs at `now` (after expired sessions were settled).
    func session(_ id: String) throws(APIError) -> (session: EmulatedSession, spans: [SessionJobSpan], now: Int64) {
        let now = self.now
        let (found, toDrain) = state.withLock { state in
            let toDrain = Self.settleSessions(now: now, finalResult: configuration.finalResultInStream, state: &state)
            return (state.sessions[id].map { ($0, Self.spans(of: $0, state: state)) }, toDrain)
        }
        drain(toDrain)
        guard let found else { throw .sessionNotFound(id) }
        return (found.0, found.1, now)
    }

    /// `PATCH /sessions/{id}` with `accepting_jobs: false`: the session takes no more jobs and
    /// closes when its last one ends. `true` changes nothing (a closing session is not reopened).
    func updateSession(_ id: String, body: JSONValue) throws(APIError) {
        guard case .object = body else { throw .badRequest("The request body must be a JSON object.") }
        guard let accepting = body["accepting_jobs"]?.boolValue else {
            throw .badRequest("The body must be {\"accepting_jobs\": false}.")
        }
        let now = self.now
        try state.withLock { (state: inout ServiceState) throws(APIError) in
            guard state.sessions[id] != nil else { throw .sessionNotFound(id) }
            if !accepting { state.sessions[id]?.requestClose(at: now) }
        }
    }

    /// `DELETE /sessions/{id}/close`: closes the session now and cancels its queued jobs.
    func cancelSession(_ id: String) throws(APIError) {
        let now = self.now
        let finalResult = configuration.finalResultInStream
        let toDrain = try state.withLock { (state: inout ServiceState) throws(APIError) -> [(jobID: String, id: UInt64)] in
            var toDrain = Self.settleSessions(now: now, finalResult: finalResult, state: &state)
            guard var session = state.sessions[id] else { throw .sessionNotFound(id) }
            let cancelled = session.cancel(at: now, spans: Self.spans(of: session, state: state))
            state.sessions[id] = session
            for jobID in cancelled {
                state.jobs[jobID]?.cancelledAt = now
                Self.stopSimulation(of: jobID, state: state)
                toDrain += Self.deliver(jobID: jobID, now: now, finalResult: finalResult, state: &state)
            }
            return toDrain
        }
        drain(toDrain)
    }

    /// The spans of a session's jobs (deleted jobs are left out).
    static func spans(of session: EmulatedSession, state: ServiceState) -> [SessionJobSpan] {
        session.jobIDs.compactMap { id in
            state.jobs[id].map {
                SessionJobSpan(
                    jobID: id, submittedAt: $0.plan.createdAt, runningAt: $0.plan.runningAt,
                    endAt: $0.plan.endAt(cancelledAt: $0.cancelledAt))
            }
        }
    }

    /// Applies the cancellations of sessions whose `max_ttl` passed by `now`: their jobs that
    /// had not started are cancelled at the expiry instant. Returns the subscriptions to drain.
    static func settleSessions(
        now: Int64, finalResult: Bool, state: inout ServiceState
    ) -> [(jobID: String, id: UInt64)] {
        guard !state.sessions.isEmpty else { return [] }
        var toDrain: [(jobID: String, id: UInt64)] = []
        for session in state.sessions.values {
            guard let expiry = session.expiryCancellations(at: now, spans: spans(of: session, state: state)) else { continue }
            for jobID in expiry.jobIDs {
                guard var job = state.jobs[jobID] else { continue }
                job.cancelledAt = min(job.cancelledAt ?? expiry.at, expiry.at)
                state.jobs[jobID] = job
                stopSimulation(of: jobID, state: state)
                toDrain += deliver(jobID: jobID, now: now, finalResult: finalResult, state: &state)
            }
        }
        return toDrain
    }

    /// Settles expired sessions now (see ``settleSessions(now:finalResult:state:)``).
    func settleSessions() {
        let now = self.now
        let toDrain = state.withLock { Self.settleSessions(now: now, finalResult: configuration.finalResultInStream, state: &$0) }
        drain(toDrain)
    }

    /// The body of `GET /sessions/{id}`.
    static func sessionJSON(_ session: EmulatedSession, spans: [SessionJobSpan], at now: Int64) -> JSONValue {
        let snapshot = session.snapshot(at: now, spans: spans)
        func seconds(_ micros: Int64) -> JSONValue {
            micros % 1_000_000 == 0 ? .integer(micros / 1_000_000) : .double(Double(micros) / 1_000_000)
        }
        return .fields([
            ("id", .string(session.id)),
            ("backend_name", .string(session.backend)),
            ("mode", .string(session.mode.rawValue)),
            ("state", .string(snapshot.state.rawValue)),
            ("state_reason", snapshot.closure.map { .string($0.reason.rawValue) } ?? .null),
            ("accepting_jobs", .bool(snapshot.acceptingJobs)),
            ("max_ttl", seconds(session.maxTTL)),
            ("active_ttl", seconds(session.maxTTL)),
            ("interactive_ttl", seconds(session.interactiveTTL)),
            ("started_at", .timestamp(session.createdAt)),
            ("activated_at", .timestamp(snapshot.activatedAt)),
            ("last_job_started", .timestamp(snapshot.lastJobStartedAt)),
            ("last_job_completed", .timestamp(snapshot.lastJobCompletedAt)),
            ("closed_at", .timestamp(snapshot.closure?.at)),
            ("elapsed_time", .double(Double(snapshot.elapsed) / 1_000_000)),
            ("user_id", .string("emulator-user")),
            ("timestamps", .array(snapshot.transitions.map {
                .fields([("status", .string($0.state.rawValue)), ("timestamp", .timestamp($0.at))])
            })),
        ])
    }
}
