extension QuantumCircuit {
    /// Bounds on the size of what parsing, expanding and translating may produce, so that input from
    /// anyone (a job submitted over the network) costs time and memory in proportion to these
    /// numbers and never crashes, hangs or exhausts memory.
    ///
    /// Every entry point that reads or grows a circuit from data takes a `Limits` (or uses
    /// ``default``): ``QuantumCircuit/init(qasm:limits:)``, ``QuantumCircuit/init(qpy:limits:)``,
    /// ``QuantumCircuit/init(encodedQPY:limits:)``, ``QuantumCircuit/expandingCustomGates(limits:)``
    /// and ``QuantumCircuit/translated(for:layout:limits:)``. Going over a limit throws
    /// ``CircuitError`` with code ``CircuitError/Code/limitExceeded`` and a message that names the
    /// limit (for example `maxInstructions`).
    ///
    /// Instructions, operands and expression nodes are counted **as if custom gates were expanded**:
    /// a parsed circuit whose custom gates would expand beyond ``maxInstructions`` is rejected when
    /// it is parsed, so that expanding, comparing, hashing and writing it stay within the limits.
    ///
    /// ```swift
    /// var limits = QuantumCircuit.Limits.default
    /// limits.maxQubits = 156
    /// let circuit = try QuantumCircuit(qasm: text, limits: limits)
    /// ```
    public struct Limits: Sendable, Hashable {
        /// The largest input accepted: OpenQASM text in UTF-8 bytes, or QPY bytes (for
        /// ``QuantumCircuit/init(encodedQPY:limits:)``, the inflated bytes). Default 64 MiB.
        public var maxInputBytes: Int
        /// The largest number of qubits a circuit may declare (registers in OpenQASM, the circuit
        /// header in QPY); a physical qubit `$n` needs `n < maxQubits`. Default 100,000.
        public var maxQubits: Int
        /// The largest number of classical bits a circuit may declare. Default 100,000.
        public var maxClbits: Int
        /// The largest number of instructions, counting every instruction that expanding custom
        /// gates visits (each call, each instruction of its body, recursively), and the largest
        /// number of instructions a translation may produce. Default 1,000,000.
        public var maxInstructions: Int
        /// The largest total number of qubit and clbit operands over all instructions, counted like
        /// ``maxInstructions`` (a barrier over 100 qubits counts 100). Default 10,000,000.
        public var maxOperands: Int
        /// The deepest nesting of an expression: parentheses, unary operators and function calls
        /// in OpenQASM text, and the height of every expression tree (`x + x + x` has height 3).
        /// Default 256.
        public var maxExpressionDepth: Int
        /// The largest total number of expression nodes over the parameters of all instructions
        /// (constants, parameters and operators; counted like ``maxInstructions``). Default
        /// 4,000,000.
        public var maxExpressionNodes: Int
        /// The deepest nesting of custom gate definitions (a gate whose body calls a gate whose body
        /// calls …). Default 64.
        public var maxGateNesting: Int
        /// The longest OpenQASM identifier, in UTF-8 bytes. Default 1,024.
        public var maxIdentifierLength: Int

        /// Limits with the given values; each defaults to the value documented on its property.
        public init(
            maxInputBytes: Int = 64 << 20, maxQubits: Int = 100_000, maxClbits: Int = 100_000,
            maxInstructions: Int = 1_000_000, maxOperands: Int = 10_000_000, maxExpressionDepth: Int = 256,
            maxExpressionNodes: Int = 4_000_000, maxGateNesting: Int = 64, maxIdentifierLength: Int = 1_024
        ) {
            self.maxInputBytes = maxInputBytes
            self.maxQubits = maxQubits
            self.maxClbits = maxClbits
            self.maxInstructions = maxInstructions
            self.maxOperands = maxOperands
            self.maxExpressionDepth = maxExpressionDepth
            self.maxExpressionNodes = maxExpressionNodes
            self.maxGateNesting = maxGateNesting
            self.maxIdentifierLength = maxIdentifierLength
        }

        /// The default limits: generous for real jobs (a 156-qubit device, a million instructions)
        /// while bounding the memory one circuit can take to a few hundred MiB.
        public static let `default` = Limits()
    }
}

extension QuantumCircuit.Limits {
    /// Checks an expression read from input: its height, and that it holds no NaN or infinite
    /// constant (a literal such as `1e999` or a fold such as `0/0`).
    /// - Throws: ``CircuitError/Code/limitExceeded`` (`maxExpressionDepth`) or
    ///   ``CircuitError/Code/invalidArgument``.
    func checkExpression(_ expression: ParameterExpression, at location: SourcePosition?) throws(CircuitError) {
        if expression.depth > maxExpressionDepth {
            throw CircuitError(
                .limitExceeded, "an expression is nested more than \(maxExpressionDepth) levels deep (limit maxExpressionDepth)",
                at: location)
        }
        if expression.isNonFiniteConstant {
            throw CircuitError(.invalidArgument, "an expression evaluates to \(expression.constantValue ?? 0), not a finite number", at: location)
        }
    }
}
