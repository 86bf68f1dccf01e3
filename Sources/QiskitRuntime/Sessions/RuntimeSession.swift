import RuntimeWire

/// A session or a batch of today's IBM Quantum Platform: jobs that run together on one backend.
///
/// Prefer the scoped form, which always closes the session:
///
/// ```swift
/// let value = try await service.withSession(backend: "ibm_torino") { session in
///     let job = try await session.run(program: "sampler", inputs: ["pubs": pubs])
///     return try await job.result()
/// }
/// ```
///
/// ``RuntimeService/openSession(backend:maxTTL:)`` and ``RuntimeService/openBatch(backend:maxTTL:)``
/// return one that you must end yourself, with ``close()`` or ``cancel()``:
///
/// - ``close()`` (`PATCH /sessions/{id}` with `{"accepting_jobs": false}`) stops it taking new
///   jobs; the jobs already queued or running **finish**, then the session closes. This is the
///   normal end, and what the scoped forms do.
/// - ``cancel()`` (`DELETE /sessions/{id}/close`) ends it **now**: the jobs still queued are
///   cancelled (a running job may finish).
///
/// A session left open keeps the backend reserved for it (a dedicated session) until its
/// interactive time-to-live runs out, and that time is billed. After either call, ``run(program:inputs:options:)``
/// fails with `RuntimeError.Code.invalidState` without a request.
///
/// Jobs of a session are polled every ``RuntimeConfiguration/sessionPollInterval`` (100 ms) by
/// default, so that waiting for one does not add to the session's billed time.
public actor RuntimeSession {
    /// The session's id (the `session_id` of its jobs).
    public nonisolated let id: String
    /// Session or batch.
    public nonisolated let mode: SessionMode
    /// The backend its jobs run on.
    public nonisolated let backend: String

    /// The service the session belongs to.
    nonisolated let service: RuntimeService
    private var machine: SessionStateMachine

    init(id: String, mode: SessionMode, backend: String, service: RuntimeService, closed: Bool = false) {
        self.id = id
        self.mode = mode
        self.backend = backend
        self.service = service
        self.machine = SessionStateMachine(closed: closed)
    }

    private var client: ServiceClient { service.client }

    /// Whether the session still takes jobs from this object: `false` once ``close()`` or
    /// ``cancel()`` was called, or when it was found closed by ``RuntimeService/session(id:)``.
    /// (The service may have closed it meanwhile; ``details()`` asks it.)
    public var acceptsJobs: Bool { machine.acceptsJobs }

    /// Submits a program to the session's backend as a job of the session (`session_id`). See
    /// ``RuntimeService/run(program:backend:inputs:options:)``; `options.sessionID` is replaced
    /// by this session's id.
    ///
    /// Throws `RuntimeError.Code.invalidState` after ``close()`` or ``cancel()``, without a request.
    public func run(
        program: String, inputs: RuntimeValue = [:], options: RunOptions = RunOptions()
    ) async throws -> RuntimeJob {
        guard machine.runAction == .submit else {
            throw RuntimeError(.invalidState, "The \(mode == .batch ? "batch" : "session") \(id) is closed.")
        }
        var options = options
        options.sessionID = id
        return try await service.run(program: program, backend: backend, inputs: inputs, options: options)
    }

    /// What the service says about the session now (`GET /sessions/{id}`).
    public func details() async throws -> SessionDetails {
        let json = try await client.performJSON(
            ServiceRequest("GET", path: ["sessions", id], context: "Failed to get session \(id)"))
        return try SessionDetails(json: json)
    }

    /// Stops the session taking new jobs (`PATCH /sessions/{id}` with `{"accepting_jobs": false}`):
    /// the jobs already queued or running finish, then the service closes the session.
    ///
    /// The request is retried like a `GET` (it only sets a flag). Calling it again after it went
    /// through sends nothing; after a failure it is sent again. A session the service no longer
    /// knows (404) counts as closed.
    public func close() async throws {
        guard machine.requestClose() == .send else { return }
        var request = ServiceRequest(
            "PATCH", path: ["sessions", id], body: WireJSON.body([JSONMember("accepting_jobs", .bool(false))]),
            context: "Failed to close session \(id)")
        request.repetition = .always   // setting the flag twice is harmless
        do {
            _ = try await client.perform(request, accepting: [404])
            machine.closeSucceeded()
            client.logger.log(.info, "closed \(mode) \(id): its queued and running jobs finish")
        } catch {
            machine.closeFailed()
            throw error
        }
    }

    /// Ends the session now (`DELETE /sessions/{id}/close`): the jobs it still has queued are
    /// cancelled. Unlike ``close()``, which lets them finish. Calling it again after it went
    /// through sends nothing.
    public func cancel() async throws {
        guard machine.requestCancel() == .send else { return }
        do {
            _ = try await client.perform(
                ServiceRequest("DELETE", path: ["sessions", id, "close"], context: "Failed to cancel session \(id)"))
            machine.cancelSucceeded()
            client.logger.log(.info, "cancelled \(mode) \(id): its queued jobs are cancelled")
        } catch {
            machine.cancelFailed()
            throw error
        }
    }
}

extension RuntimeSession: CustomStringConvertible {
    /// `RuntimeSession(<id>, dedicated on <backend>)`.
    public nonisolated var description: String { "RuntimeSession(\(id), \(mode) on \(backend))" }
}
