/// Where a ``Sampler`` or ``Estimator`` runs its jobs, as qiskit-ibm-runtime's primitives take a
/// `mode`: a backend (each job on its own), or a ``RuntimeSession`` — a session or a batch — whose
/// jobs carry its `session_id`.
///
/// ```swift
/// let sampler = Sampler(mode: service.backend("ibm_torino"))   // each job on its own
/// let estimator = Estimator(mode: session)                      // jobs in a session or batch
/// ```
public enum PrimitiveMode: Sendable, CustomStringConvertible {
    /// Each job runs on its own on this backend.
    case backend(RuntimeBackend)
    /// Jobs run in this session or batch (``RuntimeSession/mode``), on its backend.
    case session(RuntimeSession)

    /// The name of the backend the jobs run on.
    public var backendName: String {
        switch self {
        case .backend(let backend): return backend.name
        case .session(let session): return session.backend
        }
    }

    /// The backend the jobs run on.
    public var backend: RuntimeBackend {
        switch self {
        case .backend(let backend): return backend
        case .session(let session): return session.service.backend(session.backend)
        }
    }

    /// `backend ibm_torino`, `dedicated session <id> on ibm_torino`, `batch <id> on ibm_torino`.
    public var description: String {
        switch self {
        case .backend(let backend): return "backend \(backend.name)"
        case .session(let session):
            return session.mode == .batch ? "batch \(session.id) on \(session.backend)" : "session \(session.id) on \(session.backend)"
        }
    }

    /// Submits a primitive's request through the service's one submission path
    /// (``RuntimeService/run(program:backend:inputs:options:)``, or the session's
    /// ``RuntimeSession/run(program:inputs:options:)``, which adds `session_id`).
    func submit(_ request: PrimitiveRequest) async throws -> RuntimeJob {
        let options = RunOptions(logLevel: request.logLevel, tags: request.tags, maxExecutionTime: request.maxExecutionTime)
        switch self {
        case .backend(let backend):
            return try await backend.service.run(program: request.programID, backend: backend.name, inputs: request.params, options: options)
        case .session(let session):
            return try await session.run(program: request.programID, inputs: request.params, options: options)
        }
    }
}
