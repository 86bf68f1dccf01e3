#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A recursive-descent parser for the OpenQASM 3 subset real jobs use, and for OpenQASM 2.
///
/// Supported: the version header, `include "stdgates.inc"` / `"qelib1.inc"`, `qubit`/`qreg`,
/// physical qubits `$i`, `bit`/`creg`, `input float[64]`/`input angle[n]`, gate calls with
/// broadcasting over registers and slices, `U`, `CX`, `gphase`, `gate` definitions, `measure` (all
/// three forms), `reset`, `barrier`, `delay[…]`, and real-valued expressions. Everything else is a
/// ``CircuitError`` naming its line, column and construct. Recursion is bounded (expressions nest at
/// most ``maxExpressionDepth`` deep), so hostile input cannot exhaust the stack.
struct QASMParser {
    /// The deepest expression nesting accepted.
    static let maxExpressionDepth = 100
    /// The largest number of qubits (or clbits) a circuit may declare, and the largest physical
    /// qubit number.
    static let maxBits = 100_000

    private let tokens: [QASMToken]
    private var index = 0
    private var circuit = QuantumCircuit()
    private var version = 3
    private var sawPhysicalQubit = false
    private var gates: [String: CustomGate] = [:]
    private var includedStdgates = false
    private var depth = 0
    /// Inside a gate definition: its formal parameters and qubit names.
    private var gateScope: (parameters: Set<String>, qubits: [String: Int])?

    private static let unsupportedKeywords: Set<String> = [
        "if", "else", "for", "while", "def", "defcal", "cal", "defcalgrammar", "return", "let", "const", "box",
        "switch", "break", "continue", "end", "extern", "int", "uint", "float", "angle", "bool", "duration",
        "stretch", "complex", "array", "output", "pragma", "durationof", "sizeof", "case", "default",
    ]

    private static let modifiers: Set<String> = ["ctrl", "negctrl", "inv", "pow"]

    init(_ text: String) throws(CircuitError) {
        tokens = try QASMLexer.tokenize(text)
    }

    static func parse(_ text: String) throws(CircuitError) -> QuantumCircuit {
        var parser = try QASMParser(text)
        return try parser.program()
    }

    // MARK: Token helpers

    private var current: QASMToken { tokens[index] }

    private var nextToken: QASMToken { tokens[min(index + 1, tokens.count - 1)] }

    private mutating func take() -> QASMToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func expectSymbol(_ symbol: String, _ context: String) throws(CircuitError) {
        guard current.isSymbol(symbol) else {
            throw CircuitError(.syntax, "expected '\(symbol)' \(context), found \(current.display)", at: current.location)
        }
        index += 1
    }

    private mutating func acceptSymbol(_ symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        index += 1
        return true
    }

    private mutating func identifier(_ context: String) throws(CircuitError) -> String {
        guard case .identifier(let name) = current.kind else {
            throw CircuitError(.syntax, "expected \(context), found \(current.display)", at: current.location)
        }
        index += 1
        return name
    }

    private func unsupported(_ construct: String, _ token: QASMToken, _ detail: String = "") -> CircuitError {
        CircuitError(
            .unsupported, "unsupported construct '\(construct)'" + (detail.isEmpty ? "" : ": \(detail)"),
            at: token.location)
    }

    // MARK: Program

    private mutating func program() throws(CircuitError) -> QuantumCircuit {
        if current.isIdentifier("OPENQASM") {
            let header = take()
            switch current.kind {
            case .integer(let major):
                version = major
            case .real(let value):
                version = Int(value)
                if Double(version) != value && value != 2.0 && value != 3.0 {
                    version = value < 3 ? 2 : 3
                }
            default:
                throw CircuitError(.syntax, "expected a version number after 'OPENQASM', found \(current.display)", at: current.location)
            }
            guard version == 2 || version == 3 else {
                throw CircuitError(.unsupported, "unsupported OpenQASM version \(current.display)", at: current.location)
            }
            index += 1
            try expectSymbol(";", "after the OPENQASM version")
            _ = header
        }
        while true {
            if case .endOfInput = current.kind { break }
            try statement()
        }
        return circuit
    }

    private mutating func statement() throws(CircuitError) {
        let token = current
        switch token.kind {
        case .identifier(let word):
            switch word {
            case "OPENQASM":
                throw CircuitError(.syntax, "'OPENQASM' must be the first statement", at: token.location)
            case "include": try include()
            case "qubit": try typedDeclaration(quantum: true)
            case "qreg": try registerDeclaration(quantum: true)
            case "bit": try typedDeclaration(quantum: false)
            case "creg": try registerDeclaration(quantum: false)
            case "input": try inputDeclaration()
            case "gate": try gateDefinition()
            case "opaque": throw unsupported("opaque", token, "opaque gates have no definition to simulate")
            case "measure": try measureArrow()
            case "reset": try reset()
            case "barrier": try barrier()
            case "delay": try delay()
            default:
                if Self.modifiers.contains(word), nextToken.isSymbol("@") || nextToken.isSymbol("(") && word != "pow" {
                    throw unsupported("\(word) @", token, "gate modifiers are not supported")
                }
                if word == "pow", nextToken.isSymbol("(") {
                    throw unsupported("pow @", token, "gate modifiers are not supported")
                }
                if Self.unsupportedKeywords.contains(word) {
                    throw unsupported(word, token)
                }
                if nextToken.isSymbol("=") || nextToken.isSymbol("[") {
                    try assignment()
                } else {
                    try gateCallStatement()
                }
            }
        case .symbol("#"), .symbol("@"):
            throw unsupported(token.isSymbol("#") ? "#pragma" : "annotation", token)
        case .symbol("{"):
            throw unsupported("block", token, "scoped blocks are not supported")
        default:
            throw CircuitError(.syntax, "expected a statement, found \(token.display)", at: token.location)
        }
    }

    // MARK: Declarations

    private mutating func include() throws(CircuitError) {
        let token = take()
        guard case .string(let file) = current.kind else {
            throw CircuitError(.syntax, "expected a file name after 'include'", at: current.location)
        }
        index += 1
        try expectSymbol(";", "after include")
        switch file {
        case "stdgates.inc", "qelib1.inc": includedStdgates = true
        default: throw unsupported("include", token, "only \"stdgates.inc\" and \"qelib1.inc\" can be included, not \"\(file)\"")
        }
    }

    private mutating func sizeExpression(_ context: String) throws(CircuitError) -> Int {
        let token = current
        let value = try constantExpression(context)
        guard value.rounded() == value, value >= 0, value <= Double(Self.maxBits) else {
            if value > Double(Self.maxBits) {
                throw CircuitError(.limitExceeded, "\(context) \(value) is larger than \(Self.maxBits)", at: token.location)
            }
            throw CircuitError(.invalidArgument, "\(context) must be a non-negative integer, not \(value)", at: token.location)
        }
        return Int(value)
    }

    private mutating func checkTotal(_ count: Int, _ token: QASMToken) throws(CircuitError) {
        if count > Self.maxBits {
            throw CircuitError(.limitExceeded, "more than \(Self.maxBits) qubits or bits declared", at: token.location)
        }
    }

    private mutating func declareRegister(quantum: Bool, name: String, size: Int, at token: QASMToken) throws(CircuitError) {
        if quantum {
            if sawPhysicalQubit {
                throw CircuitError(.invalidArgument, "a program cannot declare qubits and use physical qubits", at: token.location)
            }
            try checkTotal(circuit.qubitCount + size, token)
        } else {
            try checkTotal(circuit.clbitCount + size, token)
        }
        if gates[name] != nil || circuit.inputs.contains(where: { $0.name == name }) {
            throw CircuitError(.invalidArgument, "'\(name)' is already declared", at: token.location)
        }
        do {
            if quantum {
                try circuit.addQuantumRegister(name, size: size)
            } else {
                try circuit.addClassicalRegister(name, size: size)
            }
        } catch {
            throw CircuitError(error.code, error.message, at: token.location)
        }
    }

    /// `qubit[n] name;`, `qubit name;`, `bit[n] name;` or `bit name;`
    private mutating func typedDeclaration(quantum: Bool) throws(CircuitError) {
        index += 1
        var size = 1
        if acceptSymbol("[") {
            size = try sizeExpression("register size")
            try expectSymbol("]", "after the register size")
        }
        let nameToken = current
        let name = try identifier("a register name")
        if current.isSymbol("=") {
            throw unsupported(quantum ? "qubit initializer" : "bit initializer", current, "classical values are not supported")
        }
        try expectSymbol(";", "after the declaration")
        try declareRegister(quantum: quantum, name: name, size: size, at: nameToken)
    }

    /// `qreg name[n];` or `creg name[n];`
    private mutating func registerDeclaration(quantum: Bool) throws(CircuitError) {
        index += 1
        let nameToken = current
        let name = try identifier("a register name")
        var size = 1
        if acceptSymbol("[") {
            size = try sizeExpression("register size")
            try expectSymbol("]", "after the register size")
        }
        try expectSymbol(";", "after the declaration")
        try declareRegister(quantum: quantum, name: name, size: size, at: nameToken)
    }

    /// `input float[64] name;`, `input float name;`, `input angle[32] name;`, `input angle name;`
    private mutating func inputDeclaration() throws(CircuitError) {
        let token = take()
        let typeToken = current
        let typeName = try identifier("a type after 'input'")
        var bits: Int?
        if acceptSymbol("[") {
            bits = try sizeExpression("type width")
            try expectSymbol("]", "after the type width")
        }
        let kind: CircuitParameter.Kind
        switch typeName {
        case "float": kind = .float(bits: bits)
        case "angle": kind = .angle(bits: bits)
        default: throw unsupported("input \(typeName)", typeToken, "only float and angle inputs are supported")
        }
        let nameToken = current
        let name = try identifier("a parameter name")
        try expectSymbol(";", "after the declaration")
        if circuit.quantumRegister(named: name) != nil || circuit.classicalRegister(named: name) != nil
            || circuit.inputs.contains(where: { $0.name == name }) || gates[name] != nil
        {
            throw CircuitError(.invalidArgument, "'\(name)' is already declared", at: nameToken.location)
        }
        do {
            try circuit.declareInput(CircuitParameter(name: name, kind: kind))
        } catch {
            throw CircuitError(error.code, error.message, at: nameToken.location)
        }
        _ = token
    }

    // MARK: Gate definitions

    private mutating func gateDefinition() throws(CircuitError) {
        let token = take()
        let nameToken = current
        let name = try identifier("a gate name")
        if gates[name] != nil {
            throw CircuitError(.invalidArgument, "gate '\(name)' is already defined", at: nameToken.location)
        }
        if name == "U" || name == "CX" || name == "gphase" {
            throw CircuitError(.invalidArgument, "'\(name)' is a builtin and cannot be redefined", at: nameToken.location)
        }
        var parameterNames: [String] = []
        if acceptSymbol("(") {
            if !current.isSymbol(")") {
                repeat {
                    let parameterToken = current
                    let parameter = try identifier("a parameter name")
                    if parameterNames.contains(parameter) {
                        throw CircuitError(.invalidArgument, "parameter '\(parameter)' repeated", at: parameterToken.location)
                    }
                    parameterNames.append(parameter)
                } while acceptSymbol(",")
            }
            try expectSymbol(")", "after the gate's parameters")
        }
        var qubitNames: [String: Int] = [:]
        // qiskit's exporter writes zero-qubit definitions (`gate global_phase(p0) { }`).
        if !current.isSymbol("{") {
            repeat {
                let qubitToken = current
                let qubit = try identifier("a qubit argument")
                if qubitNames[qubit] != nil {
                    throw CircuitError(.invalidArgument, "qubit argument '\(qubit)' repeated", at: qubitToken.location)
                }
                qubitNames[qubit] = qubitNames.count
            } while acceptSymbol(",")
        }
        try expectSymbol("{", "to open the gate body")
        gateScope = (Set(parameterNames), qubitNames)
        defer { gateScope = nil }
        var body: [CircuitInstruction] = []
        while !current.isSymbol("}") {
            let statementToken = current
            guard case .identifier(let word) = statementToken.kind else {
                if case .endOfInput = statementToken.kind {
                    throw CircuitError(.syntax, "gate '\(name)' body is not closed with '}'", at: token.location)
                }
                throw CircuitError(.syntax, "expected a gate call in the body of '\(name)', found \(statementToken.display)", at: statementToken.location)
            }
            if word == "barrier" {
                index += 1
                var qubits: [Int] = []
                if !current.isSymbol(";") {
                    repeat { qubits.append(contentsOf: try operand(quantum: true).indices) } while acceptSymbol(",")
                } else {
                    qubits = Array(0..<qubitNames.count)
                }
                try expectSymbol(";", "after barrier")
                body.append(CircuitInstruction(.barrier, qubits: qubits, location: statementToken.location))
                continue
            }
            if Self.modifiers.contains(word) && (nextToken.isSymbol("@") || nextToken.isSymbol("(")) {
                throw unsupported("\(word) @", statementToken, "gate modifiers are not supported")
            }
            if ["measure", "reset", "delay", "if", "for", "while", "gate", "qubit", "bit", "input"].contains(word) {
                throw unsupported(word, statementToken, "only gate calls and barriers are allowed in a gate body")
            }
            let calls = try gateCall()
            body.append(contentsOf: calls)
        }
        index += 1
        gates[name] = CustomGate(name: name, parameterNames: parameterNames, qubitCount: qubitNames.count, body: body)
    }

    // MARK: Operands

    /// A resolved operand: its flat indices and whether it was a single indexed bit (`q[0]`, `$3`).
    private struct Operand {
        var indices: [Int]
        var isSingle: Bool
        var location: SourcePosition
    }

    private mutating func operand(quantum: Bool) throws(CircuitError) -> Operand {
        let token = current
        if case .hardwareQubit(let number) = token.kind {
            guard quantum, gateScope == nil else {
                throw CircuitError(.invalidArgument, "physical qubit $\(number) is not allowed here", at: token.location)
            }
            guard circuit.quantumRegisters.isEmpty else {
                throw CircuitError(.invalidArgument, "a program cannot declare qubits and use physical qubits", at: token.location)
            }
            guard number < Self.maxBits else {
                throw CircuitError(.limitExceeded, "physical qubit $\(number) is beyond \(Self.maxBits)", at: token.location)
            }
            if !sawPhysicalQubit {
                sawPhysicalQubit = true
                circuit.switchToPhysicalQubits()
            }
            circuit.coverPhysicalQubits(number + 1)
            index += 1
            return Operand(indices: [number], isSingle: true, location: token.location)
        }
        let name = try identifier(quantum ? "a qubit operand" : "a bit operand")
        if let scope = gateScope {
            guard quantum, let local = scope.qubits[name] else {
                throw CircuitError(.undefined, "'\(name)' is not a qubit argument of the gate", at: token.location)
            }
            if current.isSymbol("[") {
                throw CircuitError(.syntax, "gate arguments cannot be indexed", at: current.location)
            }
            return Operand(indices: [local], isSingle: true, location: token.location)
        }
        let register = quantum ? circuit.quantumRegister(named: name) : circuit.classicalRegister(named: name)
        guard let register else {
            let other = quantum ? circuit.classicalRegister(named: name) : circuit.quantumRegister(named: name)
            if other != nil {
                throw CircuitError(.invalidArgument, "'\(name)' is a \(quantum ? "classical" : "quantum") register, expected a \(quantum ? "qubit" : "bit") operand", at: token.location)
            }
            throw CircuitError(.undefined, "undefined \(quantum ? "qubit" : "bit") register '\(name)'", at: token.location)
        }
        guard acceptSymbol("[") else {
            return Operand(indices: register.bits, isSingle: false, location: token.location)
        }
        if acceptSymbol("{") {
            var indices: [Int] = []
            repeat { indices.append(try registerIndex(register)) } while acceptSymbol(",")
            try expectSymbol("}", "after the index set")
            try expectSymbol("]", "after the index")
            return Operand(indices: indices, isSingle: false, location: token.location)
        }
        let firstToken = current
        let first = try rawIndex()
        if acceptSymbol(":") {
            let second = try rawIndex()
            var step = 1
            var last = second
            if acceptSymbol(":") {
                step = second
                last = try rawIndex()
            }
            try expectSymbol("]", "after the range")
            guard step != 0 else { throw CircuitError(.invalidArgument, "a range step cannot be 0", at: token.location) }
            let start = try normalise(first, register, at: firstToken.location)
            let end = try normalise(last, register, at: firstToken.location)
            var indices: [Int] = []
            var k = start
            while step > 0 ? k <= end : k >= end {
                indices.append(register.bits[k])
                k += step
            }
            return Operand(indices: indices, isSingle: false, location: token.location)
        }
        try expectSymbol("]", "after the index")
        let single = try normalise(first, register, at: firstToken.location)
        return Operand(indices: [register.bits[single]], isSingle: true, location: token.location)
    }

    /// An integer index expression (not yet checked against a register).
    private mutating func rawIndex() throws(CircuitError) -> Int {
        let token = current
        let value = try constantExpression("an index")
        guard value.rounded() == value, Swift.abs(value) < 1e15 else {
            throw CircuitError(.invalidArgument, "an index must be an integer, not \(value)", at: token.location)
        }
        return Int(value)
    }

    /// `raw` as an index into `register`; negative indices count from the end.
    private func normalise(_ raw: Int, _ register: CircuitRegister, at location: SourcePosition) throws(CircuitError) -> Int {
        let normalised = raw < 0 ? raw + register.size : raw
        guard normalised >= 0, normalised < register.size else {
            throw CircuitError(.invalidArgument, "index \(raw) is out of range for register '\(register.name)' of size \(register.size)", at: location)
        }
        return normalised
    }

    /// An index into `register` (in an index set).
    private mutating func registerIndex(_ register: CircuitRegister) throws(CircuitError) -> Int {
        let location = current.location
        return try normalise(try rawIndex(), register, at: location)
    }

    /// Operands broadcast like OpenQASM: single bits repeat, registers and slices must agree in length.
    private func broadcast(_ operands: [Operand], _ what: String, at location: SourcePosition) throws(CircuitError) -> [[Int]] {
        var length: Int?
        for operand in operands where !operand.isSingle {
            if let length, length != operand.indices.count {
                throw CircuitError(.invalidArgument, "\(what): registers of different sizes (\(length) and \(operand.indices.count))", at: operand.location)
            }
            length = operand.indices.count
        }
        guard let length else { return [operands.map { $0.indices[0] }] }
        return (0..<length).map { k in operands.map { $0.isSingle ? $0.indices[0] : $0.indices[k] } }
    }

    // MARK: Statements

    private mutating func appendChecked(_ instruction: CircuitInstruction) throws(CircuitError) {
        do {
            try circuit.append(instruction)
        } catch {
            throw CircuitError(error.code, error.message, at: instruction.location, gate: error.gate, qubits: error.qubits)
        }
    }

    private mutating func gateCallStatement() throws(CircuitError) {
        for instruction in try gateCall() { try appendChecked(instruction) }
    }

    /// `name(params) operands;` in the program or in a gate body.
    private mutating func gateCall() throws(CircuitError) -> [CircuitInstruction] {
        let token = current
        let name = try identifier("a gate name")
        if current.isSymbol("@") { throw unsupported("\(name) @", token, "gate modifiers are not supported") }
        var parameters: [ParameterExpression] = []
        if acceptSymbol("(") {
            if !current.isSymbol(")") {
                repeat { parameters.append(try expression()) } while acceptSymbol(",")
            }
            try expectSymbol(")", "after the gate's parameters")
        }
        var operands: [Operand] = []
        if !current.isSymbol(";") {
            repeat { operands.append(try operand(quantum: true)) } while acceptSymbol(",")
        }
        try expectSymbol(";", "after the gate call")
        let operation: CircuitOperation
        let arity: Int
        if let custom = gates[name] {
            guard parameters.count == custom.parameterNames.count else {
                throw CircuitError(.invalidArgument, "gate '\(name)' takes \(custom.parameterNames.count) parameters, not \(parameters.count)", at: token.location, gate: name)
            }
            operation = .custom(custom, parameters)
            arity = custom.qubitCount
        } else if let standard = standardGate(named: name) {
            var values = parameters
            if name == "u0" { values = [] }
            guard values.count == standard.parameterCount || name == "u0" else {
                throw CircuitError(.invalidArgument, "gate '\(name)' takes \(standard.parameterCount) parameters, not \(parameters.count)", at: token.location, gate: name)
            }
            if name == "u0", parameters.count != 1 {
                throw CircuitError(.invalidArgument, "gate 'u0' takes 1 parameter, not \(parameters.count)", at: token.location, gate: name)
            }
            operation = .gate(standard, values)
            arity = standard.qubitCount
        } else {
            throw CircuitError(.undefined, "undefined gate '\(name)'", at: token.location, gate: name)
        }
        guard operands.count == arity else {
            throw CircuitError(.invalidArgument, "gate '\(name)' acts on \(arity) qubits, not \(operands.count)", at: token.location, gate: name)
        }
        if arity == 0 {
            return [CircuitInstruction(operation, qubits: [], location: token.location)]
        }
        return try broadcast(operands, "gate '\(name)'", at: token.location).map {
            CircuitInstruction(operation, qubits: $0, location: token.location)
        }
    }

    private func standardGate(named name: String) -> StandardGate? {
        if name == "u0" { return .id }
        return StandardGate(qasmName: name)
    }

    /// `c[0] = measure q[0];` or `c = measure q;`
    private mutating func assignment() throws(CircuitError) {
        let token = current
        let target = try operand(quantum: false)
        try expectSymbol("=", "in the assignment")
        guard current.isIdentifier("measure") else {
            throw unsupported("classical assignment", token, "only '= measure' assignments are supported")
        }
        index += 1
        let source = try operand(quantum: true)
        try expectSymbol(";", "after measure")
        try appendMeasure(source, target, at: token.location)
    }

    /// `measure q -> c;`
    private mutating func measureArrow() throws(CircuitError) {
        let token = take()
        let source = try operand(quantum: true)
        guard acceptSymbol("->") else {
            if current.isSymbol(";") {
                throw unsupported("measure without a target", token, "write 'c[0] = measure q[0];'")
            }
            throw CircuitError(.syntax, "expected '->' after the measured qubits, found \(current.display)", at: current.location)
        }
        let target = try operand(quantum: false)
        try expectSymbol(";", "after measure")
        try appendMeasure(source, target, at: token.location)
    }

    private mutating func appendMeasure(_ source: Operand, _ target: Operand, at location: SourcePosition) throws(CircuitError) {
        guard source.indices.count == target.indices.count else {
            throw CircuitError(.invalidArgument, "measure: \(source.indices.count) qubits into \(target.indices.count) bits", at: location, gate: "measure", qubits: source.indices)
        }
        for (qubit, clbit) in zip(source.indices, target.indices) {
            try appendChecked(CircuitInstruction(.measure, qubits: [qubit], clbits: [clbit], location: location))
        }
    }

    private mutating func reset() throws(CircuitError) {
        let token = take()
        var operands: [Operand] = []
        repeat { operands.append(try operand(quantum: true)) } while acceptSymbol(",")
        try expectSymbol(";", "after reset")
        for operand in operands {
            for qubit in operand.indices {
                try appendChecked(CircuitInstruction(.reset, qubits: [qubit], location: token.location))
            }
        }
    }

    private mutating func barrier() throws(CircuitError) {
        let token = take()
        var qubits: [Int] = []
        if current.isSymbol(";") {
            qubits = Array(0..<circuit.qubitCount)
        } else {
            repeat { qubits.append(contentsOf: try operand(quantum: true).indices) } while acceptSymbol(",")
        }
        try expectSymbol(";", "after barrier")
        try appendChecked(CircuitInstruction(.barrier, qubits: qubits, location: token.location))
    }

    private mutating func delay() throws(CircuitError) {
        let token = take()
        try expectSymbol("[", "after delay")
        guard case .duration(let value, let unit) = current.kind else {
            throw unsupported("delay", token, "the duration must be a literal such as 100ns or 160dt, not \(current.display)")
        }
        index += 1
        try expectSymbol("]", "after the duration")
        var qubits: [Int] = []
        if current.isSymbol(";") {
            qubits = Array(0..<circuit.qubitCount)
        } else {
            repeat { qubits.append(contentsOf: try operand(quantum: true).indices) } while acceptSymbol(",")
        }
        try expectSymbol(";", "after delay")
        for qubit in qubits {
            try appendChecked(CircuitInstruction(.delay(duration: value, unit: unit), qubits: [qubit], location: token.location))
        }
    }

    // MARK: Expressions

    private mutating func constantExpression(_ context: String) throws(CircuitError) -> Double {
        let token = current
        let value = try expression()
        guard let constant = value.constantValue else {
            throw CircuitError(.invalidArgument, "\(context) must be a constant", at: token.location)
        }
        return constant
    }

    private mutating func enter() throws(CircuitError) {
        depth += 1
        if depth > Self.maxExpressionDepth {
            throw CircuitError(.limitExceeded, "expression nested more than \(Self.maxExpressionDepth) levels deep", at: current.location)
        }
    }

    mutating func expression() throws(CircuitError) -> ParameterExpression {
        try enter()
        defer { depth -= 1 }
        var value = try term()
        while true {
            if acceptSymbol("+") {
                value = value + (try term())
            } else if acceptSymbol("-") {
                value = value - (try term())
            } else {
                return value
            }
        }
    }

    private mutating func term() throws(CircuitError) -> ParameterExpression {
        var value = try unary()
        while true {
            if acceptSymbol("*") {
                value = value * (try unary())
            } else if acceptSymbol("/") {
                value = value / (try unary())
            } else if current.isSymbol("%") {
                throw unsupported("%", current)
            } else {
                return value
            }
        }
    }

    private mutating func unary() throws(CircuitError) -> ParameterExpression {
        try enter()
        defer { depth -= 1 }
        if acceptSymbol("-") { return -(try unary()) }
        if acceptSymbol("+") { return try unary() }
        let base = try primary()
        if acceptSymbol("**") || (version == 2 && acceptSymbol("^")) {
            return .power(base, try unary())
        }
        return base
    }

    private mutating func primary() throws(CircuitError) -> ParameterExpression {
        let token = take()
        switch token.kind {
        case .integer(let value): return ParameterExpression(Double(value))
        case .real(let value): return ParameterExpression(value)
        case .imaginary: throw unsupported("imaginary literal", token)
        case .duration: throw unsupported("duration", token, "durations are only allowed in delay[…]")
        case .symbol("("):
            let value = try expression()
            try expectSymbol(")", "to close the parenthesis")
            return value
        case .identifier(let name):
            switch name {
            case "pi", "π": return ParameterExpression(Double.pi)
            case "tau", "τ": return ParameterExpression(2 * Double.pi)
            case "euler", "ℇ": return ParameterExpression(M_E)
            default: break
            }
            if let function = Self.functions[name] {
                try expectSymbol("(", "after '\(name)'")
                let argument = try expression()
                try expectSymbol(")", "after the argument of '\(name)'")
                return .unary(function, argument)
            }
            if let scope = gateScope {
                guard scope.parameters.contains(name) else {
                    throw CircuitError(.undefined, "undefined identifier '\(name)' in a gate body", at: token.location)
                }
                return .parameter(name)
            }
            guard circuit.inputs.contains(where: { $0.name == name }) else {
                throw CircuitError(.undefined, "undefined identifier '\(name)'", at: token.location)
            }
            return .parameter(name)
        default:
            throw CircuitError(.syntax, "expected an expression, found \(token.display)", at: token.location)
        }
    }

    private static let functions: [String: ParameterExpression.UnaryOperator] = [
        "sin": .sin, "cos": .cos, "tan": .tan, "exp": .exp, "ln": .ln, "sqrt": .sqrt,
        "arcsin": .asin, "arccos": .acos, "arctan": .atan, "asin": .asin, "acos": .acos, "atan": .atan,
    ]
}
