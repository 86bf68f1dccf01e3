/// One instruction of a circuit that its target backend cannot run.
public struct ISAViolation: Sendable, Hashable, CustomStringConvertible {
    /// Why the instruction cannot run.
    public enum Reason: Sendable, Hashable {
        /// The gate is not one of the backend's basis gates.
        case notInBasis
        /// A non-gate instruction (`measure`, `reset`, `delay`) the backend does not support.
        case unsupportedInstruction
        /// The qubit index is outside the device.
        case qubitOutOfRange(Int)
        /// A two-qubit gate on a pair that is not coupled in that direction.
        case uncoupled
        /// A gate the backend lists only on other qubits.
        case notOnTheseQubits
    }

    /// The operation's name (`cx`, `measure`).
    public var gate: String
    /// The qubits it acts on (physical indices).
    public var qubits: [Int]
    /// Why it cannot run.
    public var reason: Reason
    /// Its position in the circuit's instruction list.
    public var instructionIndex: Int
    /// Its position in the OpenQASM source, if parsed.
    public var location: SourcePosition?

    /// A message like the service's, naming the gate, the qubits and the line.
    public var description: String {
        let qubitList = qubits.map(String.init).joined(separator: ", ")
        var text: String
        switch reason {
        case .notInBasis: text = "'\(gate)' on qubits [\(qubitList)] is not in the backend's basis gates"
        case .unsupportedInstruction: text = "'\(gate)' on qubits [\(qubitList)] is not a supported instruction"
        case .qubitOutOfRange(let qubit): text = "'\(gate)' on qubits [\(qubitList)]: qubit \(qubit) is not on the device"
        case .uncoupled: text = "'\(gate)' on qubits [\(qubitList)]: the qubits are not coupled in this direction"
        case .notOnTheseQubits: text = "'\(gate)' is not available on qubits [\(qubitList)]"
        }
        if let location { text += " (line \(location.line))" }
        return text
    }
}

extension QuantumCircuit {
    /// Every instruction that `isa` cannot run, in program order: operations outside the basis gates
    /// and supported instructions, qubits outside the device, two-qubit gates on uncoupled pairs
    /// (directed). Qubit indices are taken as physical (a register circuit's flat index `k` is
    /// physical qubit `k`, as the service reads a transpiled circuit). Custom gates are judged by
    /// name, as the service does.
    public func isaViolations(against isa: InstructionSetArchitecture) -> [ISAViolation] {
        var violations: [ISAViolation] = []
        for (index, instruction) in instructions.enumerated() {
            let name = instruction.operation.name
            if let reason = isa.check(name, on: instruction.qubits) {
                violations.append(ISAViolation(
                    gate: name, qubits: instruction.qubits, reason: reason, instructionIndex: index,
                    location: instruction.location))
            }
        }
        return violations
    }

    /// Checks that `isa` can run the circuit (see ``isaViolations(against:)``).
    /// - Throws: ``CircuitError/Code/isaViolation`` for the first violation, naming the gate, the
    ///   qubits and the source line, and counting the others.
    public func validate(against isa: InstructionSetArchitecture) throws(CircuitError) {
        let violations = isaViolations(against: isa)
        guard let first = violations.first else { return }
        var message = "the circuit does not fit the backend: \(first)"
        if violations.count > 1 { message += " (and \(violations.count - 1) more violations)" }
        throw CircuitError(
            .isaViolation, message, line: first.location?.line, column: first.location?.column, gate: first.gate,
            qubits: first.qubits)
    }
}
