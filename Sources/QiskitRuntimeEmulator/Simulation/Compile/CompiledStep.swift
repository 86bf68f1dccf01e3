/// One step of a compiled program, on state positions.
enum CompiledStep: Sendable, Hashable {
    /// A unitary kernel.
    case kernel(KernelOperation)
    /// Measures `position` into `clbit`; a nil position is a qubit known to be |0⟩ (the outcome is 0).
    case measure(position: Int?, clbit: Int)
    /// Resets `position` to |0⟩.
    case reset(position: Int)
}
