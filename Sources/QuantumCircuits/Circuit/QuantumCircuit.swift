/// A quantum circuit: qubits and classical bits in named registers, named input parameters, a
/// list of instructions, and a global phase.
///
/// A circuit is a value: copy it, compare it, store it. Build one in code, parse it from OpenQASM
/// 3 or 2 (``init(qasm:)``), or read it from QPY (``init(qpy:)``); write it as OpenQASM 3 with
/// ``qasm3``.
///
/// ```swift
/// var bell = QuantumCircuit(qubits: 2, bits: 2)
/// bell.h(0)
/// bell.cx(0, 1)
/// bell.measure([0, 1], into: [0, 1])
/// print(bell.qasm3)
/// ```
///
/// **Indices.** Qubits are numbered `0..<qubitCount` across all quantum registers in declaration
/// order (``quantumRegisters`` map names to these flat indices); clbits likewise. A circuit that
/// uses physical qubits (OpenQASM 3 `$0`, `$5`; ``usesPhysicalQubits``) has no quantum registers,
/// and its qubit indices are the device's qubit numbers (``qubitCount`` is one more than the
/// highest used or declared).
///
/// **Invariants**, checked by ``append(_:)`` and every builder method: qubit and clbit indices
/// are in range, a gate has its gate's number of distinct qubits and parameters, a top-level
/// `gphase` is folded into ``globalPhase``, and every parameter used is an ``inputs`` entry
/// (undeclared ones are declared as `input float[64]` when first used).
///
/// Equality ignores source locations.
public struct QuantumCircuit: Sendable, Hashable {
    /// The number of qubits (flat indices `0..<qubitCount`).
    public private(set) var qubitCount: Int
    /// The number of classical bits (flat indices `0..<clbitCount`).
    public private(set) var clbitCount: Int
    /// The quantum registers in declaration order (empty when ``usesPhysicalQubits``).
    public private(set) var quantumRegisters: [CircuitRegister]
    /// The classical registers in declaration order.
    public private(set) var classicalRegisters: [CircuitRegister]
    /// The input parameters in declaration order (see ``parameters`` for qiskit's sorted order).
    public private(set) var inputs: [CircuitParameter]
    /// The instructions in program order.
    public private(set) var instructions: [CircuitInstruction]
    /// The circuit's global phase γ: the circuit's unitary carries the factor e^{iγ}.
    public var globalPhase: ParameterExpression
    /// Whether qubits are physical (`$i` in OpenQASM 3) rather than declared registers.
    public private(set) var usesPhysicalQubits: Bool
    /// Inputs and registers by name (derived; no part in equality).
    private var names = CircuitNameIndex()

    /// An empty circuit: no qubits, no bits. Add registers with ``addQuantumRegister(_:size:)`` and
    /// ``addClassicalRegister(_:size:)``.
    public init() {
        qubitCount = 0
        clbitCount = 0
        quantumRegisters = []
        classicalRegisters = []
        inputs = []
        instructions = []
        globalPhase = 0
        usesPhysicalQubits = false
    }

    /// A circuit with one quantum register `q` of `qubits` qubits and, if `bits > 0`, one classical
    /// register `c` of `bits` bits (as qiskit's `QuantumCircuit(qubits, bits)`).
    /// Negative counts are treated as 0.
    public init(qubits: Int, bits: Int = 0) {
        self.init()
        if qubits > 0 { quantumRegisters = [CircuitRegister(name: "q", bits: Array(0..<qubits))] }
        if bits > 0 { classicalRegisters = [CircuitRegister(name: "c", bits: Array(0..<bits))] }
        qubitCount = max(0, qubits)
        clbitCount = max(0, bits)
        names = CircuitNameIndex(inputs: inputs, quantum: quantumRegisters, classical: classicalRegisters)
    }

    /// A circuit on the device's physical qubits `0..<physicalQubits` (written `$i` in OpenQASM 3)
    /// and, if `bits > 0`, one classical register `c`. Instructions on higher qubit numbers raise
    /// ``qubitCount``.
    public init(physicalQubits: Int, bits: Int = 0) {
        self.init()
        usesPhysicalQubits = true
        qubitCount = max(0, physicalQubits)
        if bits > 0 { classicalRegisters = [CircuitRegister(name: "c", bits: Array(0..<bits))] }
        clbitCount = max(0, bits)
        names = CircuitNameIndex(inputs: inputs, quantum: quantumRegisters, classical: classicalRegisters)
    }

    /// Adds a quantum register of `size` new qubits and returns their flat indices.
    /// - Throws: ``CircuitError/Code/invalidArgument`` if the name is taken or not an identifier,
    ///   the size is negative, or the circuit uses physical qubits.
    @discardableResult
    public mutating func addQuantumRegister(_ name: String, size: Int) throws(CircuitError) -> [Int] {
        if usesPhysicalQubits {
            throw CircuitError(.invalidArgument, "a circuit on physical qubits has no quantum registers ('\(name)')")
        }
        try checkNewRegister(name, size: size, after: qubitCount)
        let bits = Array(qubitCount..<(qubitCount + size))
        names.addRegister(name, quantum: true, at: quantumRegisters.count)
        quantumRegisters.append(CircuitRegister(name: name, bits: bits))
        qubitCount += size
        return bits
    }

    /// Adds a classical register of `size` new bits and returns their flat indices.
    /// - Throws: ``CircuitError/Code/invalidArgument`` if the name is taken or not an identifier, or
    ///   the size is negative.
    @discardableResult
    public mutating func addClassicalRegister(_ name: String, size: Int) throws(CircuitError) -> [Int] {
        try checkNewRegister(name, size: size, after: clbitCount)
        let bits = Array(clbitCount..<(clbitCount + size))
        names.addRegister(name, quantum: false, at: classicalRegisters.count)
        classicalRegisters.append(CircuitRegister(name: name, bits: bits))
        clbitCount += size
        return bits
    }

    private func checkNewRegister(_ name: String, size: Int, after count: Int) throws(CircuitError) {
        guard size >= 0 else { throw CircuitError(.invalidArgument, "register '\(name)' has negative size \(size)") }
        guard size <= Int.max - count else { throw CircuitError(.invalidArgument, "register '\(name)' has size \(size)") }
        guard QASMNames.isIdentifier(name) else {
            throw CircuitError(.invalidArgument, "'\(name)' is not a valid register name")
        }
        if names.quantumRegisters[name] != nil || names.classicalRegisters[name] != nil {
            throw CircuitError(.invalidArgument, "a register named '\(name)' already exists")
        }
    }

    /// Adds registers read from QPY (any bits), growing the bit counts to cover them.
    package mutating func setRegisters(quantum: [CircuitRegister], classical: [CircuitRegister], qubits: Int, clbits: Int) {
        quantumRegisters = quantum
        classicalRegisters = classical
        qubitCount = qubits
        clbitCount = clbits
        names = CircuitNameIndex(inputs: inputs, quantum: quantumRegisters, classical: classicalRegisters)
    }

    /// Declares an input parameter (OpenQASM 3 `input float[64] name;`). Declaring a name that is
    /// already an input with the same kind does nothing.
    /// - Throws: ``CircuitError/Code/invalidArgument`` if the name is declared with another kind.
    public mutating func declareInput(_ parameter: CircuitParameter) throws(CircuitError) {
        if let existing = names.inputs[parameter.name] {
            if inputs[existing].kind != parameter.kind {
                throw CircuitError(.invalidArgument, "input '\(parameter.name)' is already declared with another type")
            }
            if inputs[existing].vectorElement == nil { inputs[existing].vectorElement = parameter.vectorElement }
            return
        }
        names.addInput(parameter.name, at: inputs.count)
        inputs.append(parameter)
    }

    /// Whether the circuit has an input named `name`.
    func hasInput(named name: String) -> Bool {
        names.inputs[name] != nil
    }

    /// The quantum register named `name`.
    public func quantumRegister(named name: String) -> CircuitRegister? {
        names.quantumRegisters[name].map { quantumRegisters[$0] }
    }

    /// The classical register named `name`.
    public func classicalRegister(named name: String) -> CircuitRegister? {
        names.classicalRegisters[name].map { classicalRegisters[$0] }
    }

    /// The circuit's parameters in qiskit's sorted-parameter order: the order of a pub's
    /// `parameter_values` (see ``CircuitParameter``).
    public var parameters: [CircuitParameter] {
        inputs.sorted { $0.sortsBefore($1) }
    }

    /// The names of ``parameters``, in sorted-parameter order.
    public var parameterNames: [String] { parameters.map(\.name) }

    /// The qubits that some instruction other than a barrier acts on, ascending. A simulator needs
    /// only these.
    public var activeQubits: [Int] {
        var used = [Bool](repeating: false, count: qubitCount)
        for instruction in instructions {
            if case .barrier = instruction.operation { continue }
            for qubit in instruction.qubits where qubit < used.count { used[qubit] = true }
        }
        return used.indices.filter { used[$0] }
    }

    /// Appends an instruction after checking it (see the type's invariants). A `gphase` gate is
    /// added to ``globalPhase`` instead; parameters not yet declared become `input float[64]`.
    /// On a circuit that uses physical qubits, a higher qubit number raises ``qubitCount``.
    /// - Throws: ``CircuitError/Code/invalidArgument`` naming the operation and operands.
    public mutating func append(_ instruction: CircuitInstruction) throws(CircuitError) {
        try check(instruction)
        if case .gate(.gphase, let parameters) = instruction.operation {
            globalPhase = globalPhase.constantValue == 0 ? parameters[0] : globalPhase + parameters[0]
            declareUsedParameters(parameters)
            return
        }
        if usesPhysicalQubits, let highest = instruction.qubits.max(), highest >= qubitCount {
            qubitCount = highest + 1
        }
        declareUsedParameters(instruction.operation.parameters)
        instructions.append(instruction)
    }

    /// Appends without the checks, for instructions built by the package's own code that has
    /// already checked them.
    package mutating func appendUnchecked(_ instruction: CircuitInstruction) {
        instructions.append(instruction)
    }

    /// Replaces the instruction list and inputs (package code that rewrites a whole circuit).
    package mutating func replaceContents(instructions: [CircuitInstruction], inputs: [CircuitParameter]) {
        self.instructions = instructions
        self.inputs = inputs
        names.reindexInputs(inputs)
    }

    /// Makes a circuit without quantum registers use physical qubits.
    package mutating func switchToPhysicalQubits() {
        if quantumRegisters.isEmpty { usesPhysicalQubits = true }
    }

    /// Raises the qubit count of a physical-qubit circuit.
    package mutating func coverPhysicalQubits(_ count: Int) {
        if usesPhysicalQubits, count > qubitCount { qubitCount = count }
    }

    private mutating func declareUsedParameters(_ parameters: [ParameterExpression]) {
        for parameter in parameters where parameter.constantValue == nil {
            for name in parameter.parameterNamesInOrder where names.inputs[name] == nil {
                names.addInput(name, at: inputs.count)
                inputs.append(CircuitParameter(name: name))
            }
        }
    }

    private func check(_ instruction: CircuitInstruction) throws(CircuitError) {
        let name = instruction.operation.name
        let location = instruction.location
        for qubit in instruction.qubits where qubit < 0 || (!usesPhysicalQubits && qubit >= qubitCount) {
            throw CircuitError(
                .invalidArgument, "'\(name)' on qubit \(qubit): the circuit has \(qubitCount) qubits", at: location,
                gate: name, qubits: instruction.qubits)
        }
        for clbit in instruction.clbits where clbit < 0 || clbit >= clbitCount {
            throw CircuitError(
                .invalidArgument, "'\(name)' on clbit \(clbit): the circuit has \(clbitCount) clbits", at: location,
                gate: name, qubits: instruction.qubits)
        }
        let expectedQubits: Int?
        var expectedClbits = 0
        switch instruction.operation {
        case .gate(let gate, let parameters):
            expectedQubits = gate.qubitCount
            if parameters.count != gate.parameterCount {
                throw CircuitError(
                    .invalidArgument, "'\(name)' takes \(gate.parameterCount) parameters, not \(parameters.count)",
                    at: location, gate: name, qubits: instruction.qubits)
            }
        case .custom(let gate, let parameters):
            expectedQubits = gate.qubitCount
            if parameters.count != gate.parameterNames.count {
                throw CircuitError(
                    .invalidArgument, "'\(name)' takes \(gate.parameterNames.count) parameters, not \(parameters.count)",
                    at: location, gate: name, qubits: instruction.qubits)
            }
        case .measure:
            expectedQubits = 1
            expectedClbits = 1
        case .reset:
            expectedQubits = 1
        case .delay, .barrier:
            expectedQubits = nil
        }
        if let expectedQubits, instruction.qubits.count != expectedQubits {
            throw CircuitError(
                .invalidArgument, "'\(name)' acts on \(expectedQubits) qubits, not \(instruction.qubits.count)",
                at: location, gate: name, qubits: instruction.qubits)
        }
        if instruction.clbits.count != expectedClbits {
            throw CircuitError(
                .invalidArgument, "'\(name)' takes \(expectedClbits) clbits, not \(instruction.clbits.count)",
                at: location, gate: name, qubits: instruction.qubits)
        }
        if instruction.operation.isGate, Set(instruction.qubits).count != instruction.qubits.count {
            throw CircuitError(
                .invalidArgument, "'\(name)' uses a qubit more than once: \(instruction.qubits)", at: location,
                gate: name, qubits: instruction.qubits)
        }
    }
}
