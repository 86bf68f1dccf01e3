/// The calibrated properties of one gate on one qubit tuple (an entry of
/// ``BackendProperties/gates``).
public struct GateProperties: Sendable, Hashable {
    /// The gate, such as `cz` or `sx` (the entry's `gate`).
    public var name: String
    /// The physical qubits it acts on, in order.
    public var qubits: [Int]
    /// Its error rate (`gate_error`), if calibrated.
    public var error: Double?
    /// How long it takes, in seconds (`gate_length`), if calibrated.
    public var length: Double?

    /// Creates gate properties.
    public init(name: String, qubits: [Int], error: Double? = nil, length: Double? = nil) {
        self.name = name
        self.qubits = qubits
        self.error = error
        self.length = length
    }
}
