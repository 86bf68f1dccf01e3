/// Sampler V2: runs circuits on a backend and returns their measured bits, per classical
/// register (qiskit-ibm-runtime's `SamplerV2`).
///
/// ```swift
/// let configuration = try await service.backend("ibm_torino").configuration()
/// var bell = QuantumCircuit(qubits: 2, bits: 2)
/// bell.h(0)
/// bell.cx(0, 1)
/// bell.measure([0, 1], into: [0, 1])
/// let sampler = Sampler(mode: service.backend("ibm_torino"))
/// let job = try await sampler.run([SamplerPub(circuit: try bell.translated(for: configuration))], shots: 1000)
/// print(try await job.result()[0].data["c"]?.counts() ?? [:])   // ["00": 507, "11": 493]
/// ```
///
/// ``run(_:shots:options:checkISA:)`` checks everything it can before a request to `/jobs`:
/// the pubs (shots, parameter values against the circuit's parameters), then — unless
/// `checkISA: false` — each circuit against the backend's instruction set (its configuration is
/// read once per service), and only then submits the job through
/// ``RuntimeService/run(program:backend:inputs:options:)`` (its retry rules and warnings), in the
/// mode's session or batch if it has one.
public struct Sampler: Sendable {
    /// Where the jobs run: a backend, a session or a batch.
    public let mode: PrimitiveMode
    /// The options of every job (`run(…, options:)` replaces them for one job).
    public var options: SamplerOptions
    /// Whether to ask for the tagged result form (`support_qiskit: true`: packed bit arrays, about
    /// four times smaller) rather than the plain form (hex strings). Both read to the same
    /// ``SamplerResult``. `true` by default.
    public var taggedResults = true

    /// A sampler on `mode`.
    public init(mode: PrimitiveMode, options: SamplerOptions = SamplerOptions()) {
        self.mode = mode
        self.options = options
    }

    /// A sampler whose jobs run on `backend`, each on its own (``RuntimeService/backend(_:)``
    /// makes one from a name without a request).
    public init(mode backend: RuntimeBackend, options: SamplerOptions = SamplerOptions()) {
        self.init(mode: .backend(backend), options: options)
    }

    /// A sampler whose jobs run in `session` (a session or a batch) and carry its `session_id`.
    public init(mode session: RuntimeSession, options: SamplerOptions = SamplerOptions()) {
        self.init(mode: .session(session), options: options)
    }

    /// Checks and submits a Sampler job.
    ///
    /// - Parameters:
    ///   - pubs: the pubs, at least one; circuits must fit the backend (translate textbook
    ///     circuits with `QuantumCircuit.translated(for:layout:)` (with a `BackendConfiguration`)).
    ///   - shots: shots for the pubs that give none (nil: ``SamplerOptions/defaultShots``, then
    ///     the service's default, 4096).
    ///   - options: this job's options instead of ``options``.
    ///   - checkISA: whether to check the circuits against the backend before submitting (`true`);
    ///     `false` sends them as they are, and the service fails a circuit that does not fit
    ///     with reason code 1517.
    /// - Returns: the job; its ``PrimitiveJob/result(timeout:pollInterval:)`` is a ``SamplerResult``.
    /// - Throws: before any request to `/jobs`: `RuntimeError(.invalidArgument)` for a malformed
    ///   pub, `RuntimeError(.isaViolation)` for a circuit that does not fit the backend (naming
    ///   the pub, the gate, its qubits and line), `RuntimeError(.invalidCircuit)` for text the
    ///   parser cannot read, `RuntimeError(.invalidState)` for a closed session; then what
    ///   ``RuntimeService/run(program:backend:inputs:options:)`` throws.
    public func run(_ pubs: [SamplerPub], shots: Int? = nil, options: SamplerOptions? = nil, checkISA: Bool = true) async throws -> SamplerJob {
        let request = try PrimitiveRequest.sampler(pubs, shots: shots, options: options ?? self.options, taggedResults: taggedResults)
        if checkISA {
            try ISACheck.check(pubs.map(\.circuit), kind: "sampler", against: try await mode.backend.configuration())
        }
        return SamplerJob(try await mode.submit(request))
    }
}
