import QuantumCircuits

/// One operation of a ``SimulationProgram``, on the program's dense qubit indices.
///
/// Matrices follow ``GateMatrix``'s layout: operand `j` (the `j`-th entry of `qubits`) is bit `j`
/// of the row and column index, so `.unitary(cxMatrix, qubits: [control, target])` is a CNOT.
/// The engine finds the structure of every matrix itself (diagonal, X-like, controlled, dense),
/// so a lowering may pass every gate as `.unitary`; `.diagonal` and `.permutation` save it the
/// look.
package enum SimulationOperation: Sendable, Hashable {
    /// A unitary on `qubits` (one to twelve distinct qubits; 2^k × 2^k matrix).
    case unitary(GateMatrix, qubits: [Int])
    /// A diagonal unitary: basis state `v` of `qubits` (bit `j` of `v` = operand `j`) is
    /// multiplied by `phases[v]` (2^k entries of modulus 1).
    case diagonal([ComplexNumber], qubits: [Int])
    /// A permutation of the basis states of `qubits`: basis state `v` becomes `images[v]`
    /// (2^k distinct entries). `.permutation([0, 2, 1, 3], qubits: [a, b])` is a SWAP.
    case permutation([Int], qubits: [Int])
    /// Measures `qubit` in the Z basis into `clbit`.
    case measure(qubit: Int, clbit: Int)
    /// Resets `qubit` to |0⟩.
    case reset(qubit: Int)
    /// No effect on the state (kept so that a lowering can be one-to-one).
    case barrier

    /// The qubits the operation acts on.
    package var qubits: [Int] {
        switch self {
        case .unitary(_, let qubits), .diagonal(_, let qubits), .permutation(_, let qubits): return qubits
        case .measure(let qubit, _), .reset(let qubit): return [qubit]
        case .barrier: return []
        }
    }
}
