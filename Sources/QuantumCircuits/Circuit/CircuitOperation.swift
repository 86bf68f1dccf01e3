/// What one instruction of a circuit does.
public enum CircuitOperation: Sendable, Hashable, CustomStringConvertible {
    /// A standard gate with its parameters (``StandardGate/parameterCount`` of them).
    case gate(StandardGate, [ParameterExpression])
    /// A custom gate (its definition travels with it) with its actual parameters.
    case custom(CustomGate, [ParameterExpression])
    /// Measure one qubit into one clbit (Z basis).
    case measure
    /// Reset one qubit to |0⟩.
    case reset
    /// A barrier over the instruction's qubits (no effect on the state).
    case barrier
    /// A delay on the instruction's qubits (no effect on the state in simulation). `duration` is in
    /// `unit` (`dt`, `ns`, `us`, `ms`, `s`).
    case delay(duration: Double, unit: String)

    /// The operation's name as OpenQASM and backends spell it: the gate's name, `measure`,
    /// `reset`, `barrier` or `delay`.
    public var name: String {
        switch self {
        case .gate(let gate, _): return gate.rawValue
        case .custom(let gate, _): return gate.name
        case .measure: return "measure"
        case .reset: return "reset"
        case .barrier: return "barrier"
        case .delay: return "delay"
        }
    }

    /// The gate parameters (empty for non-gates).
    public var parameters: [ParameterExpression] {
        switch self {
        case .gate(_, let parameters), .custom(_, let parameters): return parameters
        default: return []
        }
    }

    /// Whether this is a unitary gate (standard or custom).
    public var isGate: Bool {
        switch self {
        case .gate, .custom: return true
        default: return false
        }
    }

    /// The operation's name.
    public var description: String { name }
}
