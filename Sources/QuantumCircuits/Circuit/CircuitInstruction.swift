/// One instruction of a circuit: an operation, the qubits and clbits it acts on, and where it came
/// from in a source text.
///
/// Qubit and clbit indices are the circuit's flat indices (or physical qubit numbers when the
/// circuit uses physical qubits). Operand order is the gate's (controls first; see
/// ``StandardGate``). A measurement has one qubit and one clbit; reset and delay have qubits only; a
/// barrier has any number of qubits.
///
/// Equality and hashing ignore ``location``, so a parsed circuit equals the same circuit built in
/// code.
public struct CircuitInstruction: Sendable, Hashable, CustomStringConvertible {
    /// What the instruction does.
    public var operation: CircuitOperation
    /// The qubits, in operand order.
    public var qubits: [Int]
    /// The classical bits (the target of a measurement).
    public var clbits: [Int]
    /// The statement's position in the OpenQASM text it was parsed from, if any.
    public var location: SourcePosition?

    /// Creates an instruction.
    public init(_ operation: CircuitOperation, qubits: [Int], clbits: [Int] = [], location: SourcePosition? = nil) {
        self.operation = operation
        self.qubits = qubits
        self.clbits = clbits
        self.location = location
    }

    /// Equal operations on equal operands (the location is not compared).
    public static func == (lhs: CircuitInstruction, rhs: CircuitInstruction) -> Bool {
        lhs.operation == rhs.operation && lhs.qubits == rhs.qubits && lhs.clbits == rhs.clbits
    }

    /// Hashes the operation and operands (not the location).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(operation)
        hasher.combine(qubits)
        hasher.combine(clbits)
    }

    /// The gate's matrix when the operation is a standard gate whose parameters are all constants.
    /// - Throws: ``CircuitError/Code/unboundParameter`` for a parameter without a value, and
    ///   ``CircuitError/Code/invalidArgument`` for an operation that is not a standard gate.
    public func matrix() throws(CircuitError) -> GateMatrix {
        guard case .gate(let gate, let parameters) = operation else {
            throw CircuitError(.invalidArgument, "'\(operation.name)' has no standard matrix", at: location, gate: operation.name, qubits: qubits)
        }
        var values: [Double] = []
        values.reserveCapacity(parameters.count)
        for parameter in parameters {
            do {
                values.append(try parameter.value())
            } catch {
                throw CircuitError(.unboundParameter, "gate '\(gate.rawValue)': \(error.message)", at: location, gate: gate.rawValue, qubits: qubits)
            }
        }
        return try gate.matrix(values)
    }

    /// A short text form such as `cx q[0], q[1]` with flat indices (`cx 0, 1`).
    public var description: String {
        var text = operation.name
        let parameters = operation.parameters
        if !parameters.isEmpty { text += "(" + parameters.map(\.description).joined(separator: ", ") + ")" }
        if case .delay(let duration, let unit) = operation { text += "[\(duration)\(unit)]" }
        if !qubits.isEmpty { text += " " + qubits.map(String.init).joined(separator: ", ") }
        if !clbits.isEmpty { text += " -> " + clbits.map(String.init).joined(separator: ", ") }
        return text
    }
}
