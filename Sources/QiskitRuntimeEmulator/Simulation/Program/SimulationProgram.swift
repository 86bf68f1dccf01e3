/// The engine's input: a list of operations over dense qubit indices `0..<qubitCount`, with
/// classical bits `0..<clbitCount`, starting from |0…0⟩.
///
/// A lowering (``init(circuit:)``) builds it from a `QuantumCircuit` with its parameters bound:
/// only the qubits the circuit touches become program qubits, and ``circuitQubits`` remembers
/// which circuit (physical) qubit each one is, so that observables over physical qubits can be
/// mapped. Programs built directly (tests) use the identity map.
package struct SimulationProgram: Sendable, Hashable {
    /// The number of qubits (dense indices `0..<qubitCount`).
    package var qubitCount: Int
    /// The number of classical bits a shot records.
    package var clbitCount: Int
    /// The operations in program order.
    package var operations: [SimulationOperation]
    /// The global phase γ (the state carries e^{iγ}; it changes no probability).
    package var globalPhase: Double
    /// The circuit qubit of each program qubit (`circuitQubits[i]` is program qubit `i`).
    package var circuitQubits: [Int]

    /// Creates a program; `circuitQubits` defaults to the identity.
    package init(
        qubitCount: Int, clbitCount: Int = 0, operations: [SimulationOperation] = [], globalPhase: Double = 0,
        circuitQubits: [Int]? = nil
    ) {
        self.qubitCount = qubitCount
        self.clbitCount = clbitCount
        self.operations = operations
        self.globalPhase = globalPhase
        self.circuitQubits = circuitQubits ?? Array(0..<max(0, qubitCount))
    }

    /// Appends an operation.
    package mutating func append(_ operation: SimulationOperation) {
        operations.append(operation)
    }
}
