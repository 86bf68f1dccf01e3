import RuntimeWire

/// One entry of a backend configuration's `gates`: a native gate, its parameters, its
/// definition, and the qubit tuples it acts on.
public struct BackendGate: Sendable, Hashable {
    /// The gate's name, such as `cz` or `rz`.
    public var name: String
    /// The names of its parameters, such as `["theta"]`.
    public var parameters: [String]
    /// Its OpenQASM definition (`qasm_def`), if any.
    public var qasmDefinition: String?
    /// The physical qubit tuples it is available on (the gate's own `coupling_map`), or `nil`
    /// when the entry does not say (then it is available on every qubit or pair of the backend).
    public var qubits: [[Int]]?

    /// Creates a gate.
    public init(name: String, parameters: [String] = [], qasmDefinition: String? = nil, qubits: [[Int]]? = nil) {
        self.name = name
        self.parameters = parameters
        self.qasmDefinition = qasmDefinition
        self.qubits = qubits
    }

    /// Reads `{"name", "parameters", "qasm_def", "coupling_map"}`; `nil` without a name.
    init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue else { return nil }
        let qubits = json["coupling_map"]?.arrayValue?.compactMap { tuple -> [Int]? in
            guard let items = tuple.arrayValue else { return nil }
            let indices = items.compactMap(\.wholeNumber)
            return indices.count == items.count ? indices : nil
        }
        self.init(
            name: name, parameters: json["parameters"]?.strings ?? [], qasmDefinition: json["qasm_def"]?.stringValue,
            qubits: qubits)
    }
}
