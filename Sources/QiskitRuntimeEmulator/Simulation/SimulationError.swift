/// Why the statevector engine refused a program or could not finish it.
///
/// The emulator turns it into a failed job whose reason is ``message`` (cancellation is not a
/// `SimulationError`: it surfaces as `CancellationError`).
package struct SimulationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    package enum Kind: Sendable, Hashable {
        /// More active qubits than ``SimulationOptions/maxQubits``.
        case tooManyQubits
        /// The program is malformed: a qubit or clbit out of range, a matrix of the wrong size, a
        /// permutation that is not one.
        case invalidProgram
        /// The program is valid but asks for something this entry point does not do (a mid-circuit
        /// measurement where only a final state exists, an unbound parameter in a circuit).
        case unsupported
        /// The statevector could not be allocated.
        case outOfMemory
    }

    /// The kind of failure.
    package var kind: Kind
    /// A message for the job's failure reason, naming the qubit count, operation or limit.
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }
}
