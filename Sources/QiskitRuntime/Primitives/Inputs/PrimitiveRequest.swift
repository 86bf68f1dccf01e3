/// Everything a Sampler or Estimator job sends: the program, its `params`
/// (`{"pubs": […], "options": {…}, "version": 2, "support_qiskit": …}`) and the job-level fields
/// that options carry (tags, log level, maximum execution time).
///
/// Building a request validates every pub first (`RuntimeError(.invalidArgument)` names the pub
/// and the mismatch), so nothing malformed is submitted.
///
/// ```swift
/// let request = try PrimitiveRequest.sampler([SamplerPub(circuit: qasm)], shots: 1000)
/// let job = try await service.run(program: request.programID, backend: "ibm_fez", inputs: request.params,
///                                 options: RunOptions(logLevel: request.logLevel, tags: request.tags))
/// ```
public struct PrimitiveRequest: Sendable, Hashable {
    /// `sampler` or `estimator`.
    public let programID: String
    /// The job's `params`.
    public let params: RuntimeValue
    /// Job tags (from `environment.jobTags`), sent with the job.
    public let tags: [String]?
    /// The job's log level (from `environment.logLevel`), sent with the job.
    public let logLevel: String?
    /// The most time the job may run (from `maxExecutionTime`), sent with the job as `cost`.
    public let maxExecutionTime: Duration?

    /// The request of a Sampler job.
    ///
    /// - Parameters:
    ///   - pubs: the pubs, at least one.
    ///   - shots: shots for pubs that give none (nil: `options.defaultShots`, then the service's
    ///     default).
    ///   - options: the sampler's options.
    ///   - taggedResults: whether to ask for the tagged result form (`support_qiskit: true`, packed
    ///     bit arrays: compact) rather than the plain form (hex strings). Both decode to the same
    ///     ``SamplerResult``.
    /// - Throws: `RuntimeError(.invalidArgument)` for no pubs, a non-positive shot count, a ragged
    ///   sweep, parameter values that do not match the circuit, or invalid options.
    public static func sampler(_ pubs: [SamplerPub], shots: Int? = nil, options: SamplerOptions = SamplerOptions(),
                               taggedResults: Bool = true) throws -> PrimitiveRequest {
        guard !pubs.isEmpty else { throw RuntimeError(.invalidArgument, "a sampler job needs at least one pub") }
        if let shots, shots <= 0 { throw RuntimeError(.invalidArgument, "shots must be positive, not \(shots)") }
        let wirePubs = try pubs.enumerated().map { try $1.wireValue(defaultShots: shots, index: $0) }
        let params: RuntimeValue = .object(RuntimeObject([
            ("pubs", .array(wirePubs)), ("options", .object(try options.wireObject())),
            ("version", 2), ("support_qiskit", .bool(taggedResults)),
        ]))
        return PrimitiveRequest(programID: "sampler", params: params, tags: options.environment.jobTags,
                                logLevel: options.environment.logLevel, maxExecutionTime: try checked(options.maxExecutionTime))
    }

    /// The request of an Estimator job.
    ///
    /// - Parameters:
    ///   - pubs: the pubs, at least one.
    ///   - precision: the target precision for pubs that give none (nil: `options.defaultPrecision`,
    ///     then the service's default).
    ///   - options: the estimator's options.
    ///   - taggedResults: whether to ask for the tagged result form (`support_qiskit: true`).
    /// - Throws: `RuntimeError(.invalidArgument)` for no pubs, shapes that do not broadcast,
    ///   malformed or mismatched observables, a non-positive precision, or invalid options.
    public static func estimator(_ pubs: [EstimatorPub], precision: Double? = nil, options: EstimatorOptions = EstimatorOptions(),
                                 taggedResults: Bool = true) throws -> PrimitiveRequest {
        try estimator(pubs, precision: precision, options: options, taggedResults: taggedResults, backendQubitCount: nil)
    }

    /// ``estimator(_:precision:options:taggedResults:)``, accepting observables over
    /// `backendQubitCount` qubits too.
    static func estimator(_ pubs: [EstimatorPub], precision: Double?, options: EstimatorOptions, taggedResults: Bool,
                          backendQubitCount: Int?) throws -> PrimitiveRequest {
        guard !pubs.isEmpty else { throw RuntimeError(.invalidArgument, "an estimator job needs at least one pub") }
        if let precision, !(precision > 0 && precision.isFinite) {
            throw RuntimeError(.invalidArgument, "precision must be positive, not \(precision)")
        }
        let wirePubs = try pubs.enumerated().map { try $1.wireValue(defaultPrecision: precision, index: $0, backendQubitCount: backendQubitCount) }
        var members: [(String, RuntimeValue)] = [
            ("pubs", .array(wirePubs)), ("options", .object(try options.wireObject())),
            ("version", 2), ("support_qiskit", .bool(taggedResults)),
        ]
        if let level = options.resilienceLevel { members.append(("resilience_level", .integer(Int64(level)))) }
        return PrimitiveRequest(programID: "estimator", params: .object(RuntimeObject(members)), tags: options.environment.jobTags,
                                logLevel: options.environment.logLevel, maxExecutionTime: try checked(options.maxExecutionTime))
    }

    private static func checked(_ time: Duration?) throws -> Duration? {
        if let time, time < .seconds(1) { throw RuntimeError(.invalidArgument, "maxExecutionTime must be at least one second, not \(time)") }
        return time
    }
}
