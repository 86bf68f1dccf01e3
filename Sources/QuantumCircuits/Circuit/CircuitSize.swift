/// What a circuit (or a custom gate, or one instruction) costs as if its custom gates were
/// expanded: the instructions an expansion visits, their qubit and clbit operands, and the nodes of
/// their parameter expressions. Sums saturate at ``cap``, so counts that grow exponentially through
/// nested gates (2^60 calls) cannot overflow. See ``QuantumCircuit/Limits``.
struct CircuitSize: Sendable, Hashable {
    var instructions = 0
    var operands = 0
    var expressionNodes = 0

    /// Where the counts saturate (far above any limit, far below overflow).
    static let cap = 1 << 50

    init() {}

    /// One instruction on its own: 1, its operands and its parameters' nodes (a custom gate's body
    /// is not included; add the gate's own size for that).
    init(of instruction: CircuitInstruction) {
        instructions = 1
        operands = instruction.qubits.count + instruction.clbits.count
        var nodes = 0
        for parameter in instruction.operation.parameters { nodes = min(nodes + parameter.nodeCount, Self.cap) }
        expressionNodes = nodes
    }

    /// Adds `other`, saturating.
    mutating func add(_ other: CircuitSize) {
        instructions = min(instructions + other.instructions, Self.cap)
        operands = min(operands + other.operands, Self.cap)
        expressionNodes = min(expressionNodes + other.expressionNodes, Self.cap)
    }

    /// `count` copies of this size, saturating.
    func times(_ count: Int) -> CircuitSize {
        var result = CircuitSize()
        guard count > 0 else { return result }
        func product(_ value: Int) -> Int {
            value > 0 && count > Self.cap / value ? Self.cap : min(value * count, Self.cap)
        }
        result.instructions = product(instructions)
        result.operands = product(operands)
        result.expressionNodes = product(expressionNodes)
        return result
    }

    /// Throws ``CircuitError/Code/limitExceeded`` naming the first limit this size goes over.
    /// - Parameters:
    ///   - subject: what is measured, for the message ("the circuit", "expanding custom gate 'g'").
    func check(
        _ limits: QuantumCircuit.Limits, _ subject: @autoclosure () -> String, at location: SourcePosition? = nil,
        gate: String? = nil
    ) throws(CircuitError) {
        if instructions > limits.maxInstructions {
            throw CircuitError(
                .limitExceeded, "\(subject()) has more than \(limits.maxInstructions) instructions (limit maxInstructions)",
                at: location, gate: gate)
        }
        if operands > limits.maxOperands {
            throw CircuitError(
                .limitExceeded, "\(subject()) has more than \(limits.maxOperands) qubit and clbit operands (limit maxOperands)",
                at: location, gate: gate)
        }
        if expressionNodes > limits.maxExpressionNodes {
            throw CircuitError(
                .limitExceeded,
                "\(subject()) has more than \(limits.maxExpressionNodes) expression nodes in its parameters (limit maxExpressionNodes)",
                at: location, gate: gate)
        }
    }
}
