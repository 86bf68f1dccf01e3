import QuantumCircuits
import RuntimeWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The configuration of a backend (`GET /backends/{name}/configuration`): its qubits, native
/// gates and connectivity, the limits of a job, and the whole document as the service sent it.
///
/// ```swift
/// let configuration = try await service.backend("ibm_torino").configuration()
/// print(configuration.qubitCount, configuration.basisGates)     // 133 ["cz", "id", "rz", "sx", "x"]
/// ```
///
/// A configuration can be large (a 133-qubit device lists every gate on every qubit and pair), so
/// a ``RuntimeService`` keeps each one it reads for its lifetime: ``RuntimeBackend/configuration(calibrationID:)``
/// asks the service once per backend. The typed fields are read leniently: a field of an
/// unexpected type is absent (or empty), and only a missing `backend_name` or `n_qubits` is an
/// error. Everything else is in ``document`` and ``jsonText``.
public struct BackendConfiguration: Sendable {
    /// The backend's name (`backend_name`).
    public var backendName: String
    /// Its version (`backend_version`), if given.
    public var backendVersion: String?
    /// The number of qubits (`n_qubits`).
    public var qubitCount: Int
    /// The native gates (`basis_gates`), such as `["cz", "id", "rz", "sx", "x"]` on a Heron device.
    public var basisGates: [String]
    /// Every instruction a circuit may use (`supported_instructions`), gates and non-gates such as
    /// `measure`, `reset`, `delay`, `if_else`; `["measure", "reset", "delay"]` when the document
    /// has none (as the Python client assumes).
    public var supportedInstructions: [String]
    /// The native gates with their parameters, definitions and qubits (`gates`).
    public var gates: [BackendGate]
    /// The directed pairs two-qubit gates may act on: the union of the two-qubit gates' own
    /// `coupling_map`s, in document order, or the top-level `coupling_map` when no gate has one
    /// (the Python client reads connectivity the same way).
    public var couplingMap: [CouplingEdge]
    /// The most shots per job (`max_shots`), if given.
    public var maxShots: Int?
    /// The most circuits per job (`max_experiments`), if given.
    public var maxExperiments: Int?
    /// The backend's sample time in seconds (`dt`, which the document gives in nanoseconds), if given.
    public var dt: Double?
    /// The processor (`processor_type`), if given.
    public var processorType: BackendProcessorType?
    /// Whether it is a simulator (`simulator`).
    public var isSimulator: Bool
    /// When it went online (`online_date`), if given.
    public var onlineDate: Date?
    /// Features it supports (`supported_features`), such as `qasm3` or `dynamic_circuits`.
    public var supportedFeatures: [String]

    /// The document as parsed; the source of every typed field and of ``instructionSet``.
    package let json: JSONValue

    /// The instruction set read from the document when the configuration was read, or why it
    /// could not be.
    private let instructionSetResult: Result<InstructionSetArchitecture, CircuitError>

    /// What the backend can run, for checking circuits before submitting them and translating
    /// them (`QuantumCircuit.translated(for:layout:)` (with a `BackendConfiguration`)):
    /// its qubits, its basis gates and supported instructions, and the qubit pairs each two-qubit
    /// gate may act on.
    ///
    /// It is built once, from the document as the service sent it (``jsonText``), when the
    /// configuration is read; changing the typed fields of this value does not change it.
    /// - Throws: `RuntimeError(.invalidResponse)` when the document lacks what an instruction set
    ///   needs (`n_qubits`, a `basis_gates` list, well-formed coupling maps); its
    ///   ``RuntimeError/circuitError`` says which.
    public var instructionSet: InstructionSetArchitecture {
        get throws {
            switch instructionSetResult {
            case .success(let isa): return isa
            case .failure(let error):
                throw RuntimeError(
                    .invalidResponse, "the configuration of backend \(backendName) cannot be read as an instruction set: \(error.message)",
                    underlyingError: error)
            }
        }
    }

    /// The whole document as a ``RuntimeValue`` (built on each call: keep it if you use it often).
    /// - Throws: `RuntimeError(.invalidValue)` when a tagged value in it (`__type__`) cannot be
    ///   read: nothing of the document is dropped silently.
    public var document: RuntimeValue {
        get throws { try WireJSON.runtimeValue(json) }
    }

    /// The whole document as JSON text.
    public var jsonText: String {
        WireJSON.text(json)
    }

    /// The default of ``supportedInstructions``.
    static let defaultInstructions = ["measure", "reset", "delay"]

    /// Reads a configuration document; `.invalidResponse` when it is not an object or lacks
    /// `backend_name` or `n_qubits`.
    package init(json: JSONValue) throws {
        guard json.objectValue != nil else {
            throw RuntimeError(.invalidResponse, "the backend configuration is not a JSON object")
        }
        guard let name = json["backend_name"]?.stringValue, !name.isEmpty else {
            throw RuntimeError(.invalidResponse, "the backend configuration has no backend_name")
        }
        guard let qubits = json["n_qubits"]?.wholeNumber, qubits >= 0 else {
            throw RuntimeError(.invalidResponse, "the configuration of backend \(name) has no n_qubits")
        }
        self.json = json
        backendName = name
        backendVersion = json["backend_version"]?.stringValue
        qubitCount = qubits
        basisGates = json["basis_gates"]?.strings ?? []
        let instructions = json["supported_instructions"]?.arrayValue.map { $0.compactMap(\.stringValue) }
        supportedInstructions = instructions ?? Self.defaultInstructions
        gates = json["gates"]?.arrayValue?.compactMap(BackendGate.init(json:)) ?? []
        couplingMap = Self.couplingMap(gates: gates, topLevel: json["coupling_map"])
        maxShots = json["max_shots"]?.wholeNumber
        maxExperiments = json["max_experiments"]?.wholeNumber
        dt = json["dt"]?.finiteNumber.map { $0 * 1e-9 }
        processorType = BackendProcessorType(json: json["processor_type"])
        isSimulator = json["simulator"]?.looseBool ?? false
        onlineDate = json["online_date"]?.date
        supportedFeatures = json["supported_features"]?.strings ?? []
        do {
            instructionSetResult = .success(try InstructionSetArchitecture(configuration: json))
        } catch {
            instructionSetResult = .failure(error)
        }
    }

    /// The union of the two-qubit gates' pairs in document order, without repeats; the top-level
    /// map when no gate lists pairs.
    static func couplingMap(gates: [BackendGate], topLevel: JSONValue?) -> [CouplingEdge] {
        var seen = Set<CouplingEdge>()
        var edges: [CouplingEdge] = []
        func add(_ pair: [Int]) {
            guard pair.count == 2 else { return }
            let edge = CouplingEdge(pair[0], pair[1])
            if seen.insert(edge).inserted { edges.append(edge) }
        }
        for gate in gates {
            for tuple in gate.qubits ?? [] { add(tuple) }
        }
        if !edges.isEmpty { return edges }
        for pair in topLevel?.arrayValue ?? [] {
            add(pair.arrayValue?.compactMap(\.wholeNumber) ?? [])
        }
        return edges
    }
}
