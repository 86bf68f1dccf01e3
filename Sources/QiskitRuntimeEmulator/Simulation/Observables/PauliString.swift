/// A tensor product of Pauli operators on circuit qubits (identity elsewhere).
///
/// ``init(label:)`` reads qiskit's label order: the rightmost character acts on qubit 0, so
/// `"XIZ"` is Z on qubit 0 and X on qubit 2. The qubits are the circuit's (physical) qubits; the
/// engine maps them to what it simulates, and a qubit it does not simulate is |0⟩.
package struct PauliString: Sendable, Hashable, CustomStringConvertible {
    /// One non-identity factor.
    package enum Pauli: Sendable, Hashable {
        case x, y, z
    }

    /// The non-identity factors, by qubit.
    package private(set) var factors: [Int: Pauli]

    /// A Pauli string from its non-identity factors.
    package init(_ factors: [Int: Pauli] = [:]) {
        self.factors = factors
    }

    /// Parses a qiskit label over `IXYZ` (rightmost character: qubit 0).
    /// - Throws: ``SimulationError/Kind/invalidProgram`` naming the first other character.
    package init(label: String) throws(SimulationError) {
        var factors: [Int: Pauli] = [:]
        for (offset, character) in label.reversed().enumerated() {
            switch character {
            case "I": continue
            case "X": factors[offset] = .x
            case "Y": factors[offset] = .y
            case "Z": factors[offset] = .z
            default:
                throw SimulationError(
                    .invalidProgram, "Pauli label '\(label)' has '\(character)' at qubit \(offset); only I, X, Y, Z are allowed")
            }
        }
        self.factors = factors
    }

    /// The label over `qubitCount` qubits (rightmost character: qubit 0).
    package func label(qubitCount: Int) -> String {
        String((0..<qubitCount).reversed().map { qubit -> Character in
            switch factors[qubit] {
            case .x?: return "X"
            case .y?: return "Y"
            case .z?: return "Z"
            case nil: return "I"
            }
        })
    }

    package var description: String {
        label(qubitCount: (factors.keys.max() ?? -1) + 1)
    }
}
