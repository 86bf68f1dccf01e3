import RuntimeWire

extension RuntimeService {
    /// Runs `body` in a new session (`dedicated` mode) on `backend`, and closes the session when
    /// `body` returns, throws, or its task is cancelled.
    ///
    /// ```swift
    /// try await service.withSession(backend: "ibm_torino", maxTTL: .seconds(3600)) { session in
    ///     for pubs in batches {
    ///         let job = try await session.run(program: "sampler", inputs: ["pubs": pubs])
    ///         print(try await job.result())
    ///     }
    /// }
    /// ```
    ///
    /// The close (``RuntimeSession/close()``) lets queued and running jobs finish; call
    /// ``RuntimeSession/cancel()`` inside `body` to drop them instead. The close runs in a task
    /// of its own, so it is sent even when the calling task was cancelled (within the request
    /// timeout). If it fails, the error is thrown when `body` succeeded, and logged when `body`
    /// threw (whose error is thrown). If the calling task is cancelled while the session is
    /// being created, no session is known to close: the service may have created one, which
    /// ends with its time-to-live (no job ran in it, so nothing is billed).
    /// - Parameters:
    ///   - backend: the backend the session's jobs run on.
    ///   - maxTTL: the longest the session may exist (`max_ttl`, whole seconds); `nil` for the
    ///     service's default (8 hours, plan-dependent).
    ///   - body: what to do in the session.
    /// - Returns: what `body` returns.
    public nonisolated(nonsending) func withSession<Result>(
        backend: String, maxTTL: Duration? = nil, _ body: (RuntimeSession) async throws -> Result
    ) async throws -> Result {
        let session = try await openSession(backend: backend, maxTTL: maxTTL)
        return try await closing(session, body)
    }

    /// Runs `body` in a new batch on `backend` and closes the batch afterwards, exactly as
    /// ``withSession(backend:maxTTL:_:)`` does for a session.
    public nonisolated(nonsending) func withBatch<Result>(
        backend: String, maxTTL: Duration? = nil, _ body: (RuntimeSession) async throws -> Result
    ) async throws -> Result {
        let session = try await openBatch(backend: backend, maxTTL: maxTTL)
        return try await closing(session, body)
    }

    /// Creates a session (`POST /sessions`, mode `dedicated`). You must end it with
    /// ``RuntimeSession/close()`` or ``RuntimeSession/cancel()``; prefer
    /// ``withSession(backend:maxTTL:_:)``, which always does.
    public func openSession(backend: String, maxTTL: Duration? = nil) async throws -> RuntimeSession {
        try await open(mode: .dedicated, backend: backend, maxTTL: maxTTL)
    }

    /// Creates a batch (`POST /sessions`, mode `batch`). You must end it with
    /// ``RuntimeSession/close()`` or ``RuntimeSession/cancel()``; prefer
    /// ``withBatch(backend:maxTTL:_:)``, which always does.
    public func openBatch(backend: String, maxTTL: Duration? = nil) async throws -> RuntimeSession {
        try await open(mode: .batch, backend: backend, maxTTL: maxTTL)
    }

    /// Reattaches to an existing session by id (`GET /sessions/{id}`). Throws
    /// `RuntimeError.Code.invalidState` when it is a batch (use ``batch(id:)``); a session the
    /// service reports closed is returned with ``RuntimeSession/acceptsJobs`` `false`.
    public func session(id: String) async throws -> RuntimeSession {
        try await reattach(id: id, mode: .dedicated)
    }

    /// Reattaches to an existing batch by id; `RuntimeError.Code.invalidState` when it is a
    /// session (use ``session(id:)``).
    public func batch(id: String) async throws -> RuntimeSession {
        try await reattach(id: id, mode: .batch)
    }

    // MARK: Implementation

    private func open(mode: SessionMode, backend: String, maxTTL: Duration?) async throws -> RuntimeSession {
        var members = [JSONMember("mode", .string(mode.rawValue)), JSONMember("backend", .string(backend))]
        if let instance = try sessionInstance() { members.append(JSONMember("instance", .string(instance))) }
        if let seconds = try maxTTL?.wholeSecondsRoundedUp(name: "maxTTL") { members.append(JSONMember("max_ttl", .integer(seconds))) }
        var request = ServiceRequest(
            "POST", path: ["sessions"], body: WireJSON.body(members), context: "Failed to create a \(mode) on \(backend)")
        request.repetition = .whenRefused
        let json = try await client.performJSON(request)
        guard let id = json["id"]?.stringValue, !id.isEmpty else {
            throw RuntimeError(.invalidResponse, "Failed to create a \(mode) on \(backend): the response has no id")
        }
        client.logger.log(.info, "opened \(mode) \(id) on \(backend)")
        return RuntimeSession(id: id, mode: mode, backend: backend, service: self)
    }

    /// The `instance` of `POST /sessions`: the CRN of an IBM Cloud account, `hub/group/project`
    /// of a legacy one when known.
    private func sessionInstance() throws -> String? {
        if case .ibmCloud(_, let crn, _, _) = client.configuration.account { return try InstanceCRN(crn).text }
        return instance?.description
    }

    private func reattach(id: String, mode: SessionMode) async throws -> RuntimeSession {
        let json = try await client.performJSON(
            ServiceRequest("GET", path: ["sessions", id], context: "Failed to get session \(id)"))
        let details = try SessionDetails(json: json)
        guard details.mode == mode else {
            throw RuntimeError(.invalidState, "Input ID \(id) has execution mode \(details.mode) instead of \(mode).")
        }
        guard let backend = details.backendName else {
            throw RuntimeError(
                .invalidResponse, "The backend of \(mode) \(id) is unknown (the service names none).")
        }
        return RuntimeSession(
            id: id, mode: mode, backend: backend, service: self, closed: details.state == .closed || !details.acceptsJobs)
    }

    /// Runs `body`, then closes `session` in a task of its own (so that a cancelled caller still
    /// closes it); see ``withSession(backend:maxTTL:_:)`` for which error wins.
    private nonisolated(nonsending) func closing<Result>(
        _ session: RuntimeSession, _ body: (RuntimeSession) async throws -> Result
    ) async throws -> Result {
        let outcome: Swift.Result<Result, any Error>
        do {
            outcome = .success(try await body(session))
        } catch {
            outcome = .failure(error)
        }
        // Not a child task: it does not inherit the caller's cancellation.
        let closed = await Task { try await session.close() }.result
        switch (outcome, closed) {
        case (.success(let value), .success):
            return value
        case (.success, .failure(let error)):
            throw error
        case (.failure(let error), .failure(let closeError)):
            client.logger.log(.error, "closing \(session.mode) \(session.id) failed: \(Self.describe(closeError))")
            throw error
        case (.failure(let error), .success):
            throw error
        }
    }

    private static func describe(_ error: any Error) -> String {
        (error as? RuntimeError)?.message ?? "\(error)"
    }
}
