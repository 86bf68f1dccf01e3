/// A gate after ``GateClassifier`` found its structure, on program qubits.
enum ClassifiedGate: Sendable, Hashable {
    /// A one-qubit gate (fused with its neighbours on the same qubit before it becomes a kernel).
    case oneQubit(qubit: Int, Matrix2)
    /// A kernel on program qubits (positions = qubit indices).
    case kernel(KernelOperation)
    /// A SWAP of two qubits (a relabelling when fusing, three flips otherwise).
    case swap(Int, Int)
}
