/// Reads the first circuit of a QPY file (versions 13–17), as qiskit's `qpy.dump` writes it.
///
/// Supported: the file header (and v16+ circuit table), circuit headers with a float or
/// parametric global phase, registers, annotation headers (skipped), custom gate definitions
/// (expanded from their definition circuits), standard gates by qiskit class name, `Measure`,
/// `Reset`, `Barrier`, `Delay`, and instruction parameters that are floats, integers,
/// `Parameter`s, `ParameterVectorElement`s and `ParameterExpression`s (the v13 replay encoding).
/// Classical conditions, control flow, standalone variables, open controls, annotated operations,
/// Pauli evolution gates and other content are ``CircuitError/Code/unsupported``; malformed bytes
/// are ``CircuitError/Code/invalidQPY``. Sizes are checked against the bytes present before
/// anything is allocated, nesting is bounded, and the circuit is measured against
/// ``QuantumCircuit/Limits`` as if its custom gates were expanded (every definition's size is
/// known when it is read). Values that are NaN or infinite are ``CircuitError/Code/invalidArgument``.
struct QPYDecoder {
    let version: Int
    let limits: QuantumCircuit.Limits
    /// Parameter UUID → name, across the file (nested definitions share parameters).
    private var parameterNames: [[UInt8]: String] = [:]
    /// Vector elements seen: name → (vector name, index).
    private var vectorElements: [String: CircuitParameter.VectorElement] = [:]

    /// The deepest nesting of parameter expressions inside parameter expressions' symbol maps.
    static let maxExpressionNesting = 16

    /// A custom definition: the gate (nil when it is not a gate with a definition this reader can
    /// expand) and what one call of it costs when expanded.
    struct Definition {
        var gate: CustomGate?
        var size: CircuitSize
    }

    init(version: Int, limits: QuantumCircuit.Limits) {
        self.version = version
        self.limits = limits
    }

    static func decode(_ bytes: [UInt8], limits: QuantumCircuit.Limits = .default) throws(CircuitError) -> QuantumCircuit {
        if bytes.count > limits.maxInputBytes {
            throw CircuitError(.limitExceeded, "QPY: the data is larger than \(limits.maxInputBytes) bytes (limit maxInputBytes)")
        }
        var reader = QPYByteReader(bytes)
        let magic = try reader.bytes(6, "the file header")
        guard Array(magic) == Array("QISKIT".utf8) else {
            throw CircuitError(.invalidQPY, "QPY: the data does not start with 'QISKIT'")
        }
        let version = Int(try reader.u8("the QPY version"))
        guard (13...17).contains(version) else {
            throw CircuitError(.unsupported, "QPY version \(version) is not supported (13 to 17 are)")
        }
        _ = try reader.bytes(3, "the qiskit version")
        let count = try reader.u64("the number of circuits")
        _ = try reader.u8("the symbolic encoding")
        guard count >= 1 else { throw CircuitError(.invalidQPY, "QPY: the file holds no circuit") }
        let programType = try reader.character("the program type")
        guard programType == "q" else {
            throw CircuitError(.unsupported, "QPY: programs of type '\(programType)' are not supported (only circuits)")
        }
        if version >= 16 {
            guard count <= UInt64(reader.remaining / 8) else { throw CircuitError(.invalidQPY, "QPY: truncated circuit table") }
            var table = reader
            let first = try table.u64("the circuit table")
            try reader.skip(count * 8, "the circuit table")
            if first != UInt64(reader.offset) {
                guard first < UInt64(bytes.count) else { throw CircuitError(.invalidQPY, "QPY: circuit offset out of range") }
                reader = QPYByteReader(bytes, from: Int(first))
            }
        }
        var decoder = QPYDecoder(version: version, limits: limits)
        return try decoder.circuit(&reader, depth: 0).circuit
    }

    // MARK: Circuit

    /// A circuit (the file's, or a custom gate's definition `depth` levels down) and what it costs
    /// with its custom gates expanded.
    mutating func circuit(_ reader: inout QPYByteReader, depth: Int) throws(CircuitError) -> (circuit: QuantumCircuit, size: CircuitSize) {
        guard depth <= limits.maxGateNesting else {
            throw CircuitError(
                .limitExceeded, "QPY: custom gate definitions are nested more than \(limits.maxGateNesting) levels deep (limit maxGateNesting)")
        }
        let nameSize = try reader.u16("the circuit header")
        let phaseType = try reader.character("the circuit header")
        let phaseSize = try reader.u16("the circuit header")
        let qubitCount = try reader.u32("the circuit header")
        let clbitCount = try reader.u32("the circuit header")
        let metadataSize = try reader.u64("the circuit header")
        let registerCount = try reader.u32("the circuit header")
        let instructionCount = try reader.u64("the circuit header")
        let variableCount = try reader.u32("the circuit header")
        guard qubitCount <= limits.maxQubits else {
            throw CircuitError(.limitExceeded, "QPY: \(qubitCount) qubits are more than \(limits.maxQubits) (limit maxQubits)")
        }
        guard clbitCount <= limits.maxClbits else {
            throw CircuitError(.limitExceeded, "QPY: \(clbitCount) clbits are more than \(limits.maxClbits) (limit maxClbits)")
        }
        guard instructionCount <= UInt64(limits.maxInstructions) else {
            throw CircuitError(
                .limitExceeded, "QPY: \(instructionCount) instructions are more than \(limits.maxInstructions) (limit maxInstructions)")
        }
        _ = try reader.bytes(nameSize, "the circuit name")
        var phaseReader = try reader.subReader(UInt64(phaseSize), "the global phase")
        let globalPhase = try value(type: phaseType, &phaseReader, instructionParameter: false)
        try checkValue(globalPhase, "the global phase")
        try reader.skip(metadataSize, "the circuit metadata")

        var quantum: [CircuitRegister] = []
        var classical: [CircuitRegister] = []
        for _ in 0..<registerCount {
            let type = try reader.character("a register")
            _ = try reader.u8("a register")
            let size = try reader.u32("a register")
            let registerNameSize = try reader.u16("a register")
            let inCircuit = try reader.u8("a register") != 0
            let name = try reader.string(registerNameSize, "a register name")
            guard size <= reader.remaining / 8 else { throw CircuitError(.invalidQPY, "QPY: register '\(name)' is truncated") }
            var bits: [Int] = []
            bits.reserveCapacity(size)
            for _ in 0..<size {
                let index = try reader.i64("a register index")
                let limit = type == "q" ? qubitCount : clbitCount
                guard index < Int64(limit) else { throw CircuitError(.invalidQPY, "QPY: register '\(name)' index \(index) out of range") }
                if index >= 0 { bits.append(Int(index)) }
            }
            guard inCircuit else { continue }
            switch type {
            case "q": quantum.append(CircuitRegister(name: name, bits: bits))
            case "c": classical.append(CircuitRegister(name: name, bits: bits))
            default: throw CircuitError(.invalidQPY, "QPY: unknown register type '\(type)'")
            }
        }
        if variableCount > 0 {
            throw CircuitError(.unsupported, "QPY: circuits with classical variables (\(variableCount)) are not supported")
        }
        if version >= 15 {
            let namespaces = try reader.u32("the annotation header")
            for _ in 0..<namespaces {
                let namespaceSize = try reader.u32("an annotation namespace")
                let stateSize = try reader.u64("an annotation namespace")
                try reader.skip(UInt64(namespaceSize), "an annotation namespace")
                try reader.skip(stateSize, "an annotation state")
            }
        }
        let customs = try customDefinitions(&reader, depth: depth)

        var circuit = QuantumCircuit()
        circuit.setRegisters(quantum: quantum, classical: classical, qubits: qubitCount, clbits: clbitCount)
        var phase = PhaseSum(globalPhase)
        var size = CircuitSize()
        guard instructionCount <= UInt64(reader.remaining / 29) else {
            throw CircuitError(.invalidQPY, "QPY: \(instructionCount) instructions cannot fit in the remaining bytes")
        }
        for _ in 0..<instructionCount {
            guard let (instruction, expansion) = try self.instruction(&reader, customs: customs) else { continue }
            size.add(CircuitSize(of: instruction))
            size.add(expansion)
            try size.check(limits, "QPY: the circuit", gate: instruction.operation.isGate ? instruction.operation.name : nil)
            if case .gate(.gphase, let parameters) = instruction.operation, parameters.count == 1, instruction.qubits.isEmpty,
                instruction.clbits.isEmpty
            {
                phase.add(parameters[0])
                continue
            }
            do {
                try circuit.append(instruction)
            } catch {
                throw CircuitError(.invalidQPY, "QPY: \(error.message)", gate: error.gate, qubits: error.qubits)
            }
        }
        guard phase.isFinite else { throw CircuitError(.invalidArgument, "QPY: the global phase is not a finite number") }
        circuit.globalPhase = phase.value
        // Parameters of the phase are the circuit's too (qiskit lists them in `parameters`), even
        // when no instruction uses them.
        for name in circuit.globalPhase.parameterNamesInOrder where !circuit.hasInput(named: name) {
            try circuit.declareInput(CircuitParameter(name: name))
        }
        // (By the circuit's inputs: the file's vector elements may be many more, and this runs for
        // every definition.)
        for name in circuit.inputs.map(\.name) {
            if let element = vectorElements[name] {
                try circuit.declareInput(CircuitParameter(name: name, vectorElement: element))
            }
        }
        return (circuit, size)
    }

    /// Throws ``CircuitError/Code/invalidArgument`` for a value that is (or holds) a NaN or
    /// infinite constant, and ``CircuitError/Code/limitExceeded`` for one nested too deeply.
    private func checkValue(_ value: ParameterExpression, _ what: @autoclosure () -> String) throws(CircuitError) {
        do {
            try limits.checkExpression(value, at: nil)
        } catch {
            throw CircuitError(error.code, "QPY: \(what()): \(error.message)")
        }
    }

    // MARK: Custom definitions

    private mutating func customDefinitions(_ reader: inout QPYByteReader, depth: Int) throws(CircuitError) -> [String: Definition] {
        let count = try reader.u64("the custom definitions header")
        guard count <= UInt64(reader.remaining / 34) else { throw CircuitError(.invalidQPY, "QPY: truncated custom definitions") }
        var result: [String: Definition] = [:]
        for _ in 0..<count {
            let nameSize = try reader.u16("a custom definition")
            let type = try reader.character("a custom definition")
            let qubits = try reader.u32("a custom definition")
            _ = try reader.u32("a custom definition")
            let hasDefinition = try reader.u8("a custom definition") != 0
            let size = try reader.u64("a custom definition")
            _ = try reader.u32("a custom definition")
            _ = try reader.u32("a custom definition")
            let baseSize = try reader.u64("a custom definition")
            let key = try reader.string(nameSize, "a custom definition name")
            var definition: QuantumCircuit?
            var definitionSize = CircuitSize()
            if hasDefinition {
                var sub = try reader.subReader(size, "a custom definition body")
                if ["g", "c", "i"].contains(type) {
                    (definition, definitionSize) = try circuit(&sub, depth: depth + 1)
                }
            }
            try reader.skip(baseSize, "a controlled gate's base gate")
            var displayName = key
            if let underscore = key.lastIndex(of: "_") { displayName = String(key[..<underscore]) }
            guard let definition, definition.qubitCount == qubits else {
                result[key] = Definition(gate: nil, size: CircuitSize())
                continue
            }
            var body: [CircuitInstruction] = []
            for instruction in definition.instructions {
                switch instruction.operation {
                case .gate, .custom, .barrier: body.append(instruction)
                default:
                    throw CircuitError(.unsupported, "QPY: custom instruction '\(displayName)' contains '\(instruction.operation.name)'")
                }
            }
            if definition.globalPhase.constantValue != 0 {
                let gphase = CircuitInstruction(.gate(.gphase, [definition.globalPhase]), qubits: [])
                body.append(gphase)
                definitionSize.add(CircuitSize(of: gphase))
            }
            let formals = definition.parameters.map(\.name)
            result[key] = Definition(
                gate: CustomGate(name: displayName, parameterNames: formals, qubitCount: qubits, body: body), size: definitionSize)
        }
        return result
    }

    // MARK: Instructions

    /// qiskit class names of the standard gates.
    static let classNames: [String: StandardGate] = [
        "IGate": .id, "XGate": .x, "YGate": .y, "ZGate": .z, "HGate": .h, "SGate": .s, "SdgGate": .sdg,
        "TGate": .t, "TdgGate": .tdg, "SXGate": .sx, "SXdgGate": .sxdg, "RXGate": .rx, "RYGate": .ry,
        "RZGate": .rz, "PhaseGate": .p, "RGate": .r, "UGate": .u, "U1Gate": .u1, "U2Gate": .u2, "U3Gate": .u3,
        "CXGate": .cx, "CYGate": .cy, "CZGate": .cz, "CHGate": .ch, "CSGate": .cs, "CSdgGate": .csdg,
        "CSXGate": .csx, "CPhaseGate": .cp, "CRXGate": .crx, "CRYGate": .cry, "CRZGate": .crz, "CUGate": .cu,
        "CU1Gate": .cu1, "CU3Gate": .cu3, "SwapGate": .swap, "iSwapGate": .iswap, "DCXGate": .dcx,
        "ECRGate": .ecr, "RXXGate": .rxx, "RYYGate": .ryy, "RZZGate": .rzz, "RZXGate": .rzx,
        "XXMinusYYGate": .xxMinusYY, "XXPlusYYGate": .xxPlusYY, "CCXGate": .ccx, "CCZGate": .ccz,
        "CSwapGate": .cswap, "RCCXGate": .rccx, "C3XGate": .c3x, "C3SXGate": .c3sx, "RC3XGate": .rcccx,
        "C4XGate": .c4x, "GlobalPhaseGate": .gphase,
    ]

    /// The next instruction, and (for a custom gate) what expanding it costs.
    private mutating func instruction(
        _ reader: inout QPYByteReader, customs: [String: Definition]
    ) throws(CircuitError) -> (CircuitInstruction, CircuitSize)? {
        var expansion = CircuitSize()
        guard let instruction = try instruction(&reader, customs: customs, expansion: &expansion) else { return nil }
        return (instruction, expansion)
    }

    private mutating func instruction(
        _ reader: inout QPYByteReader, customs: [String: Definition], expansion: inout CircuitSize
    ) throws(CircuitError) -> CircuitInstruction? {
        let nameSize = try reader.u16("an instruction")
        let labelSize = try reader.u16("an instruction")
        let parameterCount = try reader.u16("an instruction")
        let qargCount = try reader.u32("an instruction")
        let cargCount = try reader.u32("an instruction")
        let extras = try reader.u8("an instruction")
        let conditionSize = try reader.u16("an instruction")
        _ = try reader.i64("an instruction")
        let controlCount = try reader.u32("an instruction")
        let controlState = try reader.u32("an instruction")
        let name = try reader.string(nameSize, "an instruction name")
        _ = try reader.bytes(labelSize, "an instruction label")
        _ = try reader.bytes(conditionSize, "an instruction condition")
        if extras & 0b11 != 0 {
            throw CircuitError(.unsupported, "QPY: instruction '\(name)' has a classical condition", gate: name)
        }
        guard qargCount + cargCount <= reader.remaining / 5 else { throw CircuitError(.invalidQPY, "QPY: truncated instruction '\(name)'") }
        var qubits: [Int] = []
        var clbits: [Int] = []
        for k in 0..<(qargCount + cargCount) {
            let type = try reader.character("an instruction argument")
            let index = try reader.u32("an instruction argument")
            guard type == (k < qargCount ? "q" : "c") else {
                throw CircuitError(.invalidQPY, "QPY: instruction '\(name)' has a malformed argument list", gate: name)
            }
            if k < qargCount { qubits.append(index) } else { clbits.append(index) }
        }
        var parameters: [QPYParameter] = []
        for _ in 0..<parameterCount {
            let type = try reader.character("an instruction parameter")
            let size = try reader.u64("an instruction parameter")
            var sub = try reader.subReader(size, "an instruction parameter")
            parameters.append(try instructionParameter(type: type, &sub, instruction: name))
        }
        if extras & 0x80 != 0 {
            let annotations = try reader.u32("instruction annotations")
            for _ in 0..<annotations {
                _ = try reader.u32("an instruction annotation")
                let payload = try reader.u64("an instruction annotation")
                try reader.skip(payload, "an instruction annotation")
            }
        }
        if controlCount > 0, controlCount < 32, controlState != (1 << controlCount) - 1 {
            throw CircuitError(.unsupported, "QPY: '\(name)' with open controls (state \(controlState)) is not supported", gate: name, qubits: qubits)
        }
        func expressions() throws(CircuitError) -> [ParameterExpression] {
            var result: [ParameterExpression] = []
            for parameter in parameters {
                guard case .expression(let value) = parameter else {
                    throw CircuitError(.unsupported, "QPY: '\(name)' has a non-numeric parameter", gate: name, qubits: qubits)
                }
                result.append(value)
            }
            return result
        }
        if let custom = customs[name] {
            guard let gate = custom.gate else {
                throw CircuitError(.unsupported, "QPY: custom instruction '\(name)' has no gate definition", gate: name, qubits: qubits)
            }
            let values = try expressions()
            var definition = gate
            if values.count != gate.parameterNames.count {
                if gate.parameterNames.isEmpty {
                    definition.parameterNames = (0..<values.count).map { "_unused\($0)" }
                } else {
                    throw CircuitError(.unsupported, "QPY: custom gate '\(gate.name)' has \(values.count) parameters but its definition \(gate.parameterNames.count)", gate: gate.name, qubits: qubits)
                }
            }
            expansion = custom.size
            return CircuitInstruction(.custom(definition, values), qubits: qubits, clbits: clbits)
        }
        switch name {
        case "Measure": return CircuitInstruction(.measure, qubits: qubits, clbits: clbits)
        case "Reset": return CircuitInstruction(.reset, qubits: qubits, clbits: clbits)
        case "Barrier": return CircuitInstruction(.barrier, qubits: qubits)
        case "Delay":
            // QPY stores the duration only (the unit is not part of the payload): keep it in `dt`.
            var duration = 0.0
            if case .expression(let value)? = parameters.first, let constant = value.constantValue { duration = constant }
            var unit = "dt"
            if parameters.count > 1, case .string(let text) = parameters[1] { unit = text }
            switch unit {
            case "dt", "ns", "us", "ms", "s": break
            case "µs": unit = "us"
            case "ps":
                duration /= 1000
                unit = "ns"
            default:
                throw CircuitError(.unsupported, "QPY: a delay in unit '\(QASMToken.shortened(unit))' is not supported", gate: name, qubits: qubits)
            }
            guard duration.isFinite, duration >= 0 else {
                throw CircuitError(.invalidArgument, "QPY: the delay \(duration)\(unit) is not a finite non-negative duration", gate: name, qubits: qubits)
            }
            return CircuitInstruction(.delay(duration: duration, unit: unit), qubits: qubits)
        case "MCXGate", "MCXGrayCode", "MCXRecursive", "MCXVChain":
            let gates: [Int: StandardGate] = [1: .cx, 2: .ccx, 3: .c3x, 4: .c4x]
            guard let gate = gates[controlCount], qubits.count == controlCount + 1 else {
                throw CircuitError(.unsupported, "QPY: '\(name)' with \(controlCount) controls is not supported", gate: name, qubits: qubits)
            }
            return CircuitInstruction(.gate(gate, []), qubits: qubits)
        default:
            guard let gate = Self.classNames[name] else {
                throw CircuitError(.unsupported, "QPY: instruction '\(name)' is not supported", gate: name, qubits: qubits)
            }
            return CircuitInstruction(.gate(gate, try expressions()), qubits: qubits, clbits: clbits)
        }
    }

    // MARK: Values

    enum QPYParameter {
        case expression(ParameterExpression)
        case string(String)
    }

    private mutating func instructionParameter(type: Character, _ reader: inout QPYByteReader, instruction: String) throws(CircuitError) -> QPYParameter {
        switch type {
        case "s": return .string(try reader.string(reader.remaining, "a string parameter"))
        case "f", "i", "p", "v", "e", "c":
            let parameter = try value(type: type, &reader, instructionParameter: true)
            try checkValue(parameter, "a parameter of '\(instruction)'")
            return .expression(parameter)
        default:
            throw CircuitError(.unsupported, "QPY: instruction '\(instruction)' has a parameter of type '\(type)'", gate: instruction)
        }
    }

    /// A real value of QPY type `type`: float, int, complex with zero imaginary part, parameter,
    /// vector element or expression. Instruction-parameter floats and ints are little-endian.
    private mutating func value(type: Character, _ reader: inout QPYByteReader, instructionParameter: Bool) throws(CircuitError) -> ParameterExpression {
        switch type {
        case "f":
            let bits = instructionParameter ? try reader.littleEndian64("a float") : try reader.u64("a float")
            return ParameterExpression(Double(bitPattern: bits))
        case "i":
            let bits = instructionParameter ? try reader.littleEndian64("an integer") : try reader.u64("an integer")
            return ParameterExpression(Double(Int64(bitPattern: bits)))
        case "c":
            let real = try reader.f64("a complex")
            let imaginary = try reader.f64("a complex")
            guard imaginary == 0 else { throw CircuitError(.unsupported, "QPY: complex parameter values are not supported") }
            return ParameterExpression(real)
        case "p": return .parameter(try parameter(&reader))
        case "v": return .parameter(try vectorElement(&reader))
        case "e":
            let expression = try expression(&reader, depth: 0)
            try checkValue(expression, "a parameter expression")
            return expression
        case "z": return 0
        default:
            throw CircuitError(.unsupported, "QPY: values of type '\(type)' are not supported")
        }
    }

    private mutating func parameter(_ reader: inout QPYByteReader) throws(CircuitError) -> String {
        let nameSize = try reader.u16("a parameter")
        let uuid = Array(try reader.bytes(16, "a parameter"))
        let name = try reader.string(nameSize, "a parameter name")
        parameterNames[uuid] = name
        return name
    }

    private mutating func vectorElement(_ reader: inout QPYByteReader) throws(CircuitError) -> String {
        let nameSize = try reader.u16("a parameter vector element")
        _ = try reader.u64("a parameter vector element")
        let uuid = Array(try reader.bytes(16, "a parameter vector element"))
        let index = try reader.u64("a parameter vector element")
        let vectorName = try reader.string(nameSize, "a parameter vector name")
        guard index < 1 << 40 else { throw CircuitError(.invalidQPY, "QPY: parameter vector index out of range") }
        let name = "\(vectorName)[\(index)]"
        parameterNames[uuid] = name
        vectorElements[name] = CircuitParameter.VectorElement(vectorName: vectorName, index: Int(index))
        return name
    }

    /// A PARAMETER_EXPR in the v13 replay encoding.
    private mutating func expression(_ reader: inout QPYByteReader, depth: Int) throws(CircuitError) -> ParameterExpression {
        guard depth <= Self.maxExpressionNesting else { throw CircuitError(.limitExceeded, "QPY: parameter expressions nested too deeply") }
        let mapCount = try reader.u64("a parameter expression")
        let payloadSize = try reader.u64("a parameter expression")
        var payload = try reader.subReader(payloadSize, "a parameter expression")
        guard mapCount <= UInt64(reader.remaining / 10) else { throw CircuitError(.invalidQPY, "QPY: truncated parameter expression map") }
        for _ in 0..<mapCount {
            let symbolType = try reader.character("a parameter expression symbol")
            _ = try reader.character("a parameter expression symbol")
            let size = try reader.u64("a parameter expression symbol")
            switch symbolType {
            case "p": _ = try parameter(&reader)
            case "v": _ = try vectorElement(&reader)
            case "e": _ = try expression(&reader, depth: depth + 1)
            default: throw CircuitError(.invalidQPY, "QPY: unknown parameter expression symbol type '\(symbolType)'")
            }
            try reader.skip(size, "a parameter expression symbol value")
        }
        var stack: [ParameterExpression] = []
        while payload.remaining > 0 {
            let opcode = try payload.u8("a parameter expression element")
            let lhsType = try payload.character("a parameter expression element")
            let lhs = try payload.subReader(16, "a parameter expression element")
            let rhsType = try payload.character("a parameter expression element")
            let rhs = try payload.subReader(16, "a parameter expression element")
            if lhsType == "s" || lhsType == "e" { continue }
            if let operand = try operand(lhsType, lhs) { stack.append(operand) }
            if rhsType == "s" || rhsType == "e" { continue }
            if let operand = try operand(rhsType, rhs) { stack.append(operand) }
            if opcode == 255 { continue }
            try apply(opcode, &stack)
            // Checked as it grows: a tree too deep to walk must never be built.
            if let top = stack.last { try checkValue(top, "a parameter expression") }
        }
        guard stack.count == 1, let result = stack.last else {
            throw CircuitError(.invalidQPY, "QPY: a parameter expression does not reduce to one value")
        }
        return result
    }

    private func operand(_ type: Character, _ data: QPYByteReader) throws(CircuitError) -> ParameterExpression? {
        var data = data
        switch type {
        case "n": return nil
        case "p":
            let uuid = Array(try data.bytes(16, "a parameter reference"))
            guard let name = parameterNames[uuid] else {
                throw CircuitError(.invalidQPY, "QPY: a parameter expression refers to an unknown parameter")
            }
            return .parameter(name)
        case "f":
            _ = try data.u64("a float operand")
            let value = try data.f64("a float operand")
            guard value.isFinite else {
                throw CircuitError(.invalidArgument, "QPY: a parameter expression holds \(value), not a finite number")
            }
            return ParameterExpression(value)
        case "i":
            _ = try data.u64("an integer operand")
            return ParameterExpression(Double(try data.i64("an integer operand")))
        case "c":
            let real = try data.f64("a complex operand")
            guard try data.f64("a complex operand") == 0 else {
                throw CircuitError(.unsupported, "QPY: complex values in parameter expressions are not supported")
            }
            guard real.isFinite else {
                throw CircuitError(.invalidArgument, "QPY: a parameter expression holds \(real), not a finite number")
            }
            return ParameterExpression(real)
        case "u": throw CircuitError(.unsupported, "QPY: parameter substitutions in expressions are not supported")
        default: throw CircuitError(.invalidQPY, "QPY: unknown parameter expression operand type '\(type)'")
        }
    }

    private func apply(_ opcode: UInt8, _ stack: inout [ParameterExpression]) throws(CircuitError) {
        let binary: Set<UInt8> = [0, 1, 2, 3, 4, 18, 19, 20]
        if binary.contains(opcode) {
            guard stack.count >= 2 else { throw CircuitError(.invalidQPY, "QPY: malformed parameter expression") }
            let rhs = stack.removeLast()
            let lhs = stack.removeLast()
            let result: ParameterExpression
            switch opcode {
            case 0: result = lhs + rhs
            case 1: result = lhs - rhs
            case 2: result = lhs * rhs
            case 3: result = lhs / rhs
            case 4: result = .power(lhs, rhs)
            case 18: result = rhs - lhs
            case 19: result = rhs / lhs
            default: result = .power(rhs, lhs)
            }
            stack.append(result)
            return
        }
        guard let operand = stack.popLast() else { throw CircuitError(.invalidQPY, "QPY: malformed parameter expression") }
        switch opcode {
        case 5: stack.append(.sin(operand))
        case 6: stack.append(.cos(operand))
        case 7: stack.append(.tan(operand))
        case 8: stack.append(.asin(operand))
        case 9: stack.append(.acos(operand))
        case 10: stack.append(.exp(operand))
        case 11: stack.append(.ln(operand))
        case 14: stack.append(operand)  // conjugate of a real expression
        case 16: stack.append(.abs(operand))
        case 17: stack.append(.atan(operand))
        default:
            throw CircuitError(.unsupported, "QPY: parameter expression operation \(opcode) is not supported")
        }
    }
}
