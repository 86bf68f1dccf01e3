/// A gate defined by a body of other gates (OpenQASM `gate name(a, b) q0, q1 { … }`, or a QPY
/// custom definition).
///
/// The body's instructions act on the gate's local qubits `0..<qubitCount` (in the order of the
/// definition's qubit arguments) and their parameters are expressions over ``parameterNames``.
/// Bodies contain only gates: standard gates (including `gphase`), and calls of other custom gates.
/// ``QuantumCircuit/expandingCustomGates()`` inlines them.
public struct CustomGate: Sendable, Hashable, CustomStringConvertible {
    /// The gate's name.
    public var name: String
    /// The formal parameter names, in call order.
    public var parameterNames: [String]
    /// The number of qubits the gate acts on.
    public var qubitCount: Int
    /// The definition: gates on local qubits `0..<qubitCount`.
    public var body: [CircuitInstruction]

    /// Creates a custom gate.
    public init(name: String, parameterNames: [String], qubitCount: Int, body: [CircuitInstruction]) {
        self.name = name
        self.parameterNames = parameterNames
        self.qubitCount = qubitCount
        self.body = body
    }

    /// The gate's name.
    public var description: String { name }
}
