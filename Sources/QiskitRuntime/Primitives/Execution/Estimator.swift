/// Estimator V2: runs circuits on a backend and returns expectation values of observables
/// (qiskit-ibm-runtime's `EstimatorV2`).
///
/// ```swift
/// let configuration = try await service.backend("ibm_torino").configuration()
/// var bell = QuantumCircuit(qubits: 2)
/// bell.h(0)
/// bell.cx(0, 1)
/// let layout = try bell.layout(for: configuration)
/// let isa = try bell.translated(for: configuration, layout: layout)
/// let zz: PauliSum = "ZZ"
/// let estimator = Estimator(mode: service.backend("ibm_torino"))
/// let job = try await estimator.run([EstimatorPub(circuit: isa, observables: ObservableArray(try zz.applyingLayout(layout, qubitCount: configuration.qubitCount)))])
/// print(try await job.result()[0].evs.scalar ?? .nan)   // ≈ 1
/// ```
///
/// Observables are Pauli sums over the circuit's qubits or over the backend's (the service reads
/// labels over its physical qubits; a translated circuit has the backend's qubit count). The
/// Estimator reads the backend's configuration (once per service) to know its qubit count, then
/// checks the pubs and — unless `checkISA: false` — the circuits against the backend's
/// instruction set before submitting, as ``Sampler`` does.
public struct Estimator: Sendable {
    /// Where the jobs run: a backend, a session or a batch.
    public let mode: PrimitiveMode
    /// The options of every job (`run(…, options:)` replaces them for one job).
    public var options: EstimatorOptions
    /// Whether to ask for the tagged result form (`support_qiskit: true`) rather than the plain
    /// form. Both read to the same ``EstimatorResult``. `true` by default.
    public var taggedResults = true

    /// An estimator on `mode`.
    public init(mode: PrimitiveMode, options: EstimatorOptions = EstimatorOptions()) {
        self.mode = mode
        self.options = options
    }

    /// An estimator whose jobs run on `backend`, each on its own.
    public init(mode backend: RuntimeBackend, options: EstimatorOptions = EstimatorOptions()) {
        self.init(mode: .backend(backend), options: options)
    }

    /// An estimator whose jobs run in `session` (a session or a batch) and carry its `session_id`.
    public init(mode session: RuntimeSession, options: EstimatorOptions = EstimatorOptions()) {
        self.init(mode: .session(session), options: options)
    }

    /// Checks and submits an Estimator job.
    ///
    /// - Parameters:
    ///   - pubs: the pubs, at least one.
    ///   - precision: the target precision for pubs that give none (nil:
    ///     ``EstimatorOptions/defaultPrecision``, then the service's default, 0.015625).
    ///   - options: this job's options instead of ``options``.
    ///   - checkISA: whether to check the circuits against the backend before submitting.
    /// - Returns: the job; its ``PrimitiveJob/result(timeout:pollInterval:)`` is an ``EstimatorResult``.
    /// - Throws: as ``Sampler/run(_:shots:options:checkISA:)``; `.invalidArgument` also for
    ///   observables and parameter values that do not broadcast, and Pauli labels of another
    ///   width than the circuit's or the backend's qubits.
    public func run(_ pubs: [EstimatorPub], precision: Double? = nil, options: EstimatorOptions? = nil, checkISA: Bool = true) async throws -> EstimatorJob {
        let configuration = try await mode.backend.configuration()
        let request = try PrimitiveRequest.estimator(
            pubs, precision: precision, options: options ?? self.options, taggedResults: taggedResults,
            backendQubitCount: configuration.qubitCount)
        if checkISA {
            try ISACheck.check(pubs.map(\.circuit), kind: "estimator", against: configuration)
        }
        return EstimatorJob(try await mode.submit(request))
    }
}
