/// Writes a ``QuantumCircuit`` as OpenQASM 3 that ``QuantumCircuit/init(qasm:)`` reads back to an
/// equal circuit.
struct QASM3Writer {
    private let circuit: QuantumCircuit
    private var text = ""
    private var qubitNames: [String] = []
    private var clbitNames: [String] = []
    /// Parameter names that are not OpenQASM identifiers, and what they are written as.
    private var renamed: [String: ParameterExpression] = [:]
    private var gateNames: [CustomGate: String] = [:]
    /// Names in use: registers, inputs, gates.
    private var taken = Set<String>()
    /// Whether the registers are written by their names (else one register per kind).
    private var quantumByName = false
    private var classicalByName = false
    /// How the standard `cx` is written: `CX` when a custom gate is named `cx`.
    private var cxSpelling = "cx"

    init(_ circuit: QuantumCircuit) {
        self.circuit = circuit
    }

    static func write(_ circuit: QuantumCircuit) -> String {
        var writer = QASM3Writer(circuit)
        return writer.run()
    }

    private mutating func run() -> String {
        text.reserveCapacity(64 + circuit.instructions.count * 24)
        text += "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n"
        // Registers keep their names when those read back as the same registers.
        var registerNames = Set<String>()
        func writable(_ registers: [CircuitRegister], _ count: Int) -> Bool {
            guard Self.tiles(registers, count) else { return false }
            for register in registers {
                guard QASMNames.isIdentifier(register.name), registerNames.insert(register.name).inserted else { return false }
            }
            return true
        }
        classicalByName = writable(circuit.classicalRegisters, circuit.clbitCount)
        if !classicalByName { registerNames = [] }
        let classicalNames = registerNames
        quantumByName = !circuit.usesPhysicalQubits && writable(circuit.quantumRegisters, circuit.qubitCount)
        if !quantumByName { registerNames = classicalNames }
        taken = registerNames
        for input in circuit.inputs {
            var name = input.name
            if !QASMNames.isIdentifier(name) || taken.contains(name) {
                name = Self.mangle(name, avoiding: &taken)
                renamed[input.name] = .parameter(name)
            }
            taken.insert(name)
            let type: String
            switch input.kind {
            case .float(let bits): type = bits.map { "float[\($0)]" } ?? "float"
            case .angle(let bits): type = bits.map { "angle[\($0)]" } ?? "angle"
            }
            text += "input \(type) \(name);\n"
        }
        for instruction in circuit.instructions {
            if case .custom(let gate, _) = instruction.operation { define(gate) }
        }
        declareBits()
        if circuit.globalPhase.constantValue != 0 {
            text += "gphase(\(expression(circuit.globalPhase)));\n"
        }
        let qubits = qubitNames
        let clbits = clbitNames
        for instruction in circuit.instructions {
            // A barrier over no qubits does nothing, and `barrier;` would mean every qubit.
            if case .barrier = instruction.operation, instruction.qubits.isEmpty { continue }
            write(instruction, qubit: { qubits[$0] }, clbit: { clbits[$0] })
        }
        return text
    }

    private static func mangle(_ name: String, avoiding taken: inout Set<String>) -> String {
        var base = String(name.unicodeScalars.map { scalar -> Character in
            let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
            return ok ? Character(scalar) : "_"
        })
        if base.isEmpty || base.first?.isNumber == true { base = "_" + base }
        var candidate = base
        var suffix = 1
        while taken.contains(candidate) || QASMNames.reserved.contains(candidate) || StandardGate(qasmName: candidate) != nil {
            candidate = "\(base)_\(suffix)"
            suffix += 1
        }
        taken.insert(candidate)
        return candidate
    }

    /// Writes `gate` (after the gates its body calls), once per distinct definition.
    private mutating func define(_ gate: CustomGate) {
        if gateNames[gate] != nil { return }
        for inner in gate.body {
            if case .custom(let nested, _) = inner.operation { define(nested) }
        }
        var name = gate.name
        if !QASMNames.isIdentifier(name) || taken.contains(name) {
            name = Self.mangle(name, avoiding: &taken)
        }
        taken.insert(name)
        gateNames[gate] = name
        var formal: [String: ParameterExpression] = [:]
        var formalNames: [String] = []
        for (k, parameter) in gate.parameterNames.enumerated() {
            let written = QASMNames.isIdentifier(parameter) && !formalNames.contains(parameter) ? parameter : "_p\(k)"
            formalNames.append(written)
            if written != parameter { formal[parameter] = .parameter(written) }
        }
        text += "gate \(name)"
        if !formalNames.isEmpty { text += "(" + formalNames.joined(separator: ", ") + ")" }
        text += " " + (0..<gate.qubitCount).map { "_q\($0)" }.joined(separator: ", ") + " {\n"
        let saved = renamed
        renamed = formal
        for inner in gate.body {
            text += "  "
            write(inner, qubit: { "_q\($0)" }, clbit: { "\($0)" })
        }
        renamed = saved
        text += "}\n"
        // From here on a call of `cx` is this gate: the standard one is written by its builtin name.
        if name == "cx" { cxSpelling = "CX" }
    }

    /// Whether the registers are contiguous, in order, and cover all `count` bits.
    private static func tiles(_ registers: [CircuitRegister], _ count: Int) -> Bool {
        var next = 0
        for register in registers {
            for bit in register.bits {
                guard bit == next else { return false }
                next += 1
            }
        }
        return next == count
    }

    private mutating func declareBits() {
        if classicalByName {
            for register in circuit.classicalRegisters {
                text += "bit[\(register.size)] \(register.name);\n"
                clbitNames += (0..<register.size).map { "\(register.name)[\($0)]" }
            }
        } else if circuit.clbitCount > 0 {
            let name = Self.mangle("c", avoiding: &taken)
            text += "bit[\(circuit.clbitCount)] \(name);\n"
            clbitNames = (0..<circuit.clbitCount).map { "\(name)[\($0)]" }
        }
        if circuit.usesPhysicalQubits {
            qubitNames = (0..<circuit.qubitCount).map { "$\($0)" }
        } else if quantumByName {
            for register in circuit.quantumRegisters {
                text += "qubit[\(register.size)] \(register.name);\n"
                qubitNames += (0..<register.size).map { "\(register.name)[\($0)]" }
            }
        } else if circuit.qubitCount > 0 {
            let name = Self.mangle("q", avoiding: &taken)
            text += "qubit[\(circuit.qubitCount)] \(name);\n"
            qubitNames = (0..<circuit.qubitCount).map { "\(name)[\($0)]" }
        }
    }

    private func expression(_ value: ParameterExpression) -> String {
        renamed.isEmpty ? value.description : value.substituting(renamed).description
    }

    private mutating func write(_ instruction: CircuitInstruction, qubit: (Int) -> String, clbit: (Int) -> String) {
        let operands = instruction.qubits.map(qubit).joined(separator: ", ")
        switch instruction.operation {
        case .gate(let gate, let parameters):
            text += gate == .u ? "U" : (gate == .cx ? cxSpelling : gate.rawValue)
            if !parameters.isEmpty { text += "(" + parameters.map { expression($0) }.joined(separator: ", ") + ")" }
            if !operands.isEmpty { text += " " + operands }
        case .custom(let gate, let parameters):
            text += gateNames[gate] ?? gate.name
            if !parameters.isEmpty { text += "(" + parameters.map { expression($0) }.joined(separator: ", ") + ")" }
            text += " " + operands
        case .measure:
            text += "\(clbit(instruction.clbits[0])) = measure \(operands)"
        case .reset:
            text += "reset \(operands)"
        case .barrier:
            text += operands.isEmpty ? "barrier" : "barrier \(operands)"
        case .delay(let duration, let unit):
            text += "delay[\(ParameterExpression.Node.format(duration))\(unit)] \(operands)"
        }
        text += ";\n"
    }
}

extension QuantumCircuit {
    /// The circuit as an OpenQASM 3 program (`OPENQASM 3.0;`, `include "stdgates.inc";`), which
    /// ``init(qasm:)`` reads back to an equal circuit.
    ///
    /// Inputs become `input float[64] name;` (or their declared type), custom gates become `gate`
    /// definitions, registers keep their names (a circuit whose registers do not cover its bits in
    /// order is written with one register per kind), physical-qubit circuits use `$i`, and a
    /// non-zero global phase is written as `gphase(γ);`. Standard gates outside `stdgates.inc`
    /// (`ecr`, `rzz`, `sxdg`, …) are written by name, as IBM backends expect for ISA circuits.
    public var qasm3: String {
        QASM3Writer.write(self)
    }
}
