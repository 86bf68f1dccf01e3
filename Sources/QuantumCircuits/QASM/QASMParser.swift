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
/// ``CircuitError`` naming its line, column and construct.
///
/// Hostile input is bounded by ``QuantumCircuit/Limits``: the text's size, identifiers, declared
/// bits, expression nesting and height (so recursion cannot exhaust the stack), and the program's
/// size counted as if custom gates were expanded (instructions, operands, expression nodes), each
/// checked before the memory is taken. Tokens are read one at a time. Expressions that fold to NaN
/// or an infinity are errors.
///
/// Every name has one meaning in a program (so that ``QASM3Writer`` output reads back to an equal
/// circuit): a gate definition cannot reuse a register's or input's name, and a gate named like a
/// standard gate cannot be defined after that standard gate was called, nor hide it from a later
/// call through an alias, except inside its own body (`gate cx c, t { CX c, t; }`).
struct QASMParser {
    private let limits: QuantumCircuit.Limits
    private var lexer: QASMLexer
    /// The token being looked at.
    private var current: QASMToken
    /// The token after ``current``, once something peeked at it.
    private var lookahead: QASMToken?
    private var circuit = QuantumCircuit()
    private var version = 3
    private var sawPhysicalQubit = false
    private var gates: [String: DefinedGate] = [:]
    /// How the writer spells the standard gates called so far (see ``standardSpelling(_:)``),
    /// outside the body of a gate of that name.
    private var standardSpellingsUsed: Set<String> = []
    private var includedStdgates = false
    /// The current expression nesting.
    private var depth = 0
    /// Inside a gate definition: its name, formal parameters and qubit names.
    private var gateScope: (name: String, parameters: Set<String>, qubits: [String: Int])?
    /// What the program costs so far, as if custom gates were expanded.
    private var size = CircuitSize()
    /// The global phase from top-level `gphase` statements.
    private var phase = PhaseSum()

    /// A gate defined in the program, with what one call of it costs when expanded (its body,
    /// recursively; not the call itself) and how many definitions deep it nests.
    private struct DefinedGate {
        var gate: CustomGate
        var size: CircuitSize
        var nesting: Int
    }

    private static let unsupportedKeywords: Set<String> = [
        "if", "else", "for", "while", "def", "defcal", "cal", "defcalgrammar", "return", "let", "const", "box",
        "switch", "break", "continue", "end", "extern", "int", "uint", "float", "angle", "bool", "duration",
        "stretch", "complex", "array", "output", "pragma", "durationof", "sizeof", "case", "default",
    ]

    private static let modifiers: Set<String> = ["ctrl", "negctrl", "inv", "pow"]

    /// The widest `float[n]` / `angle[n]` accepted.
    private static let maxTypeWidth = 1 << 20

    init(_ text: String, limits: QuantumCircuit.Limits) throws(CircuitError) {
        if text.utf8.count > limits.maxInputBytes {
            throw CircuitError(
                .limitExceeded, "the program is larger than \(limits.maxInputBytes) bytes (limit maxInputBytes)")
        }
        self.limits = limits
        lexer = QASMLexer(text, maxIdentifierLength: limits.maxIdentifierLength)
        current = try lexer.next()
    }

    static func parse(_ text: String, limits: QuantumCircuit.Limits = .default) throws(CircuitError) -> QuantumCircuit {
        var parser = try QASMParser(text, limits: limits)
        return try parser.program()
    }

    // MARK: Token helpers

    private var atEnd: Bool {
        if case .endOfInput = current.kind { return true }
        return false
    }

    /// Moves to the next token (staying at the end of the input).
    private mutating func advance() throws(CircuitError) {
        if let next = lookahead {
            current = next
            lookahead = nil
        } else if !atEnd {
            current = try lexer.next()
        }
    }

    /// The token after ``current``.
    private mutating func peekNext() throws(CircuitError) -> QASMToken {
        if let lookahead { return lookahead }
        if atEnd { return current }
        let next = try lexer.next()
        lookahead = next
        return next
    }

    /// The current token, moving past it.
    private mutating func take() throws(CircuitError) -> QASMToken {
        let token = current
        try advance()
        return token
    }

    private mutating func expectSymbol(_ symbol: String, _ context: String) throws(CircuitError) {
        guard current.isSymbol(symbol) else {
            throw CircuitError(.syntax, "expected '\(symbol)' \(context), found \(current.display)", at: current.location)
        }
        try advance()
    }

    private mutating func acceptSymbol(_ symbol: String) throws(CircuitError) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        try advance()
        return true
    }

    private mutating func identifier(_ context: String) throws(CircuitError) -> String {
        guard case .identifier(let name) = current.kind else {
            throw CircuitError(.syntax, "expected \(context), found \(current.display)", at: current.location)
        }
        try advance()
        return name
    }

    /// A name being declared: an identifier that the writer can write back as it is.
    private mutating func declaredName(_ context: String) throws(CircuitError) -> String {
        let token = current
        let name = try identifier(context)
        guard QASMNames.isIdentifier(name) else {
            throw CircuitError(.invalidArgument, "'\(name)' is reserved and cannot be \(context)", at: token.location)
        }
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
            try advance()
            switch current.kind {
            case .integer(let major):
                version = major
            case .real(let value):
                guard value.isFinite, Swift.abs(value) < 1_000 else {
                    throw CircuitError(.unsupported, "unsupported OpenQASM version \(current.display)", at: current.location)
                }
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
            try advance()
            try expectSymbol(";", "after the OPENQASM version")
        }
        while !atEnd {
            try statement()
        }
        guard phase.isFinite else {
            throw CircuitError(.invalidArgument, "the global phase is not a finite number")
        }
        circuit.globalPhase = phase.value
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
                let next = try peekNext()
                if Self.modifiers.contains(word), next.isSymbol("@") || next.isSymbol("(") && word != "pow" {
                    throw unsupported("\(word) @", token, "gate modifiers are not supported")
                }
                if word == "pow", next.isSymbol("(") {
                    throw unsupported("pow @", token, "gate modifiers are not supported")
                }
                if Self.unsupportedKeywords.contains(word) {
                    throw unsupported(word, token)
                }
                if next.isSymbol("=") || next.isSymbol("[") {
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
        let token = try take()
        guard case .string(let file) = current.kind else {
            throw CircuitError(.syntax, "expected a file name after 'include'", at: current.location)
        }
        try advance()
        try expectSymbol(";", "after include")
        switch file {
        case "stdgates.inc", "qelib1.inc": includedStdgates = true
        default:
            throw unsupported(
                "include", token,
                "only \"stdgates.inc\" and \"qelib1.inc\" can be included, not \"\(QASMToken.shortened(file))\"")
        }
    }

    /// A non-negative integer constant of at most `limit`; above it, ``CircuitError/Code/limitExceeded``
    /// naming `limitName` (or ``CircuitError/Code/invalidArgument`` without one).
    private mutating func sizeExpression(_ context: String, limit: Int, limitName: String?) throws(CircuitError) -> Int {
        let token = current
        let value = try constantExpression(context)
        guard value.rounded() == value, value >= 0 else {
            throw CircuitError(.invalidArgument, "\(context) must be a non-negative integer, not \(value)", at: token.location)
        }
        guard value <= Double(limit) else {
            guard let limitName else {
                throw CircuitError(.invalidArgument, "\(context) \(value) is larger than \(limit)", at: token.location)
            }
            throw CircuitError(.limitExceeded, "\(context) \(value) is larger than \(limit) (limit \(limitName))", at: token.location)
        }
        return Int(value)
    }

    private mutating func declareRegister(quantum: Bool, name: String, size: Int, at token: QASMToken) throws(CircuitError) {
        if quantum {
            if sawPhysicalQubit {
                throw CircuitError(.invalidArgument, "a program cannot declare qubits and use physical qubits", at: token.location)
            }
            if circuit.qubitCount + size > limits.maxQubits {
                throw CircuitError(
                    .limitExceeded, "the program declares more than \(limits.maxQubits) qubits (limit maxQubits)", at: token.location)
            }
        } else if circuit.clbitCount + size > limits.maxClbits {
            throw CircuitError(
                .limitExceeded, "the program declares more than \(limits.maxClbits) clbits (limit maxClbits)", at: token.location)
        }
        if gates[name] != nil || circuit.hasInput(named: name) {
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

    private func registerSizeLimit(quantum: Bool) -> (Int, String) {
        quantum ? (limits.maxQubits, "maxQubits") : (limits.maxClbits, "maxClbits")
    }

    /// `qubit[n] name;`, `qubit name;`, `bit[n] name;` or `bit name;`
    private mutating func typedDeclaration(quantum: Bool) throws(CircuitError) {
        try advance()
        var size = 1
        if try acceptSymbol("[") {
            let (limit, limitName) = registerSizeLimit(quantum: quantum)
            size = try sizeExpression("register size", limit: limit, limitName: limitName)
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
        try advance()
        let nameToken = current
        let name = try identifier("a register name")
        var size = 1
        if try acceptSymbol("[") {
            let (limit, limitName) = registerSizeLimit(quantum: quantum)
            size = try sizeExpression("register size", limit: limit, limitName: limitName)
            try expectSymbol("]", "after the register size")
        }
        try expectSymbol(";", "after the declaration")
        try declareRegister(quantum: quantum, name: name, size: size, at: nameToken)
    }

    /// `input float[64] name;`, `input float name;`, `input angle[32] name;`, `input angle name;`
    private mutating func inputDeclaration() throws(CircuitError) {
        try advance()
        let typeToken = current
        let typeName = try identifier("a type after 'input'")
        var bits: Int?
        if try acceptSymbol("[") {
            bits = try sizeExpression("type width", limit: Self.maxTypeWidth, limitName: nil)
            try expectSymbol("]", "after the type width")
        }
        let kind: CircuitParameter.Kind
        switch typeName {
        case "float": kind = .float(bits: bits)
        case "angle": kind = .angle(bits: bits)
        default: throw unsupported("input \(typeName)", typeToken, "only float and angle inputs are supported")
        }
        let nameToken = current
        let name = try declaredName("a parameter name")
        try expectSymbol(";", "after the declaration")
        if circuit.quantumRegister(named: name) != nil || circuit.classicalRegister(named: name) != nil
            || circuit.hasInput(named: name) || gates[name] != nil
        {
            throw CircuitError(.invalidArgument, "'\(name)' is already declared", at: nameToken.location)
        }
        do {
            try circuit.declareInput(CircuitParameter(name: name, kind: kind))
        } catch {
            throw CircuitError(error.code, error.message, at: nameToken.location)
        }
    }

    // MARK: Gate definitions

    private mutating func gateDefinition() throws(CircuitError) {
        let token = try take()
        let nameToken = current
        let name = try identifier("a gate name")
        if gates[name] != nil {
            throw CircuitError(.invalidArgument, "gate '\(name)' is already defined", at: nameToken.location)
        }
        if name == "U" || name == "CX" || name == "gphase" {
            throw CircuitError(.invalidArgument, "'\(name)' is a builtin and cannot be redefined", at: nameToken.location)
        }
        guard QASMNames.isIdentifier(name) else {
            throw CircuitError(.invalidArgument, "'\(name)' is reserved and cannot name a gate", at: nameToken.location)
        }
        if circuit.quantumRegister(named: name) != nil || circuit.classicalRegister(named: name) != nil
            || circuit.hasInput(named: name)
        {
            throw CircuitError(.invalidArgument, "'\(name)' is already declared", at: nameToken.location)
        }
        if standardSpellingsUsed.contains(name) {
            throw CircuitError(
                .invalidArgument, "gate '\(name)' is defined after the standard gate '\(name)' was called",
                at: nameToken.location, gate: name)
        }
        var parameterNames: [String] = []
        if try acceptSymbol("(") {
            if !current.isSymbol(")") {
                repeat {
                    let parameterToken = current
                    let parameter = try declaredName("a parameter name")
                    if parameterNames.contains(parameter) {
                        throw CircuitError(.invalidArgument, "parameter '\(parameter)' repeated", at: parameterToken.location)
                    }
                    parameterNames.append(parameter)
                } while try acceptSymbol(",")
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
            } while try acceptSymbol(",")
        }
        try expectSymbol("{", "to open the gate body")
        gateScope = (name, Set(parameterNames), qubitNames)
        defer { gateScope = nil }
        var body: [CircuitInstruction] = []
        var bodySize = CircuitSize()
        var nesting = 1
        while !current.isSymbol("}") {
            let statementToken = current
            guard case .identifier(let word) = statementToken.kind else {
                if case .endOfInput = statementToken.kind {
                    throw CircuitError(.syntax, "gate '\(name)' body is not closed with '}'", at: token.location)
                }
                throw CircuitError(.syntax, "expected a gate call in the body of '\(name)', found \(statementToken.display)", at: statementToken.location)
            }
            let instruction: CircuitInstruction
            if word == "barrier" {
                try advance()
                var qubits: [Int] = []
                if !current.isSymbol(";") {
                    repeat { qubits.append(contentsOf: try operand(quantum: true).indices) } while try acceptSymbol(",")
                } else {
                    qubits = Array(0..<qubitNames.count)
                }
                try expectSymbol(";", "after barrier")
                instruction = CircuitInstruction(.barrier, qubits: qubits, location: statementToken.location)
            } else {
                let next = try peekNext()
                if Self.modifiers.contains(word) && (next.isSymbol("@") || next.isSymbol("(")) {
                    throw unsupported("\(word) @", statementToken, "gate modifiers are not supported")
                }
                if ["measure", "reset", "delay", "if", "for", "while", "gate", "qubit", "bit", "input"].contains(word) {
                    throw unsupported(word, statementToken, "only gate calls and barriers are allowed in a gate body")
                }
                let call = try gateCall()
                let qubits = call.operands.map { $0.indices[0] }
                if Set(qubits).count != qubits.count {
                    throw CircuitError(
                        .invalidArgument, "gate '\(call.name)' uses a qubit argument more than once in the body of '\(name)'",
                        at: call.location, gate: call.name)
                }
                instruction = CircuitInstruction(call.operation, qubits: qubits, location: call.location)
            }
            bodySize.add(CircuitSize(of: instruction))
            if case .custom(let nested, _) = instruction.operation, let defined = gates[nested.name] {
                bodySize.add(defined.size)
                nesting = max(nesting, defined.nesting + 1)
            }
            body.append(instruction)
        }
        try advance()
        if nesting > limits.maxGateNesting {
            throw CircuitError(
                .limitExceeded, "gate '\(name)' nests custom gates more than \(limits.maxGateNesting) levels deep (limit maxGateNesting)",
                at: nameToken.location, gate: name)
        }
        let gate = CustomGate(name: name, parameterNames: parameterNames, qubitCount: qubitNames.count, body: body)
        gates[name] = DefinedGate(gate: gate, size: bodySize, nesting: nesting)
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
            guard number < limits.maxQubits else {
                throw CircuitError(
                    .limitExceeded, "physical qubit $\(number) is not below \(limits.maxQubits) (limit maxQubits)", at: token.location)
            }
            if !sawPhysicalQubit {
                sawPhysicalQubit = true
                circuit.switchToPhysicalQubits()
            }
            circuit.coverPhysicalQubits(number + 1)
            try advance()
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
        guard try acceptSymbol("[") else {
            return Operand(indices: register.bits, isSingle: false, location: token.location)
        }
        if try acceptSymbol("{") {
            var indices: [Int] = []
            repeat { indices.append(try registerIndex(register)) } while try acceptSymbol(",")
            try expectSymbol("}", "after the index set")
            try expectSymbol("]", "after the index")
            return Operand(indices: indices, isSingle: false, location: token.location)
        }
        let firstToken = current
        let first = try rawIndex()
        if try acceptSymbol(":") {
            let second = try rawIndex()
            var step = 1
            var last = second
            if try acceptSymbol(":") {
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

    /// How many instructions operands broadcast to (single bits repeat; registers and slices must
    /// agree in length), or nil when every operand is a single bit (one instruction).
    private func broadcastLength(_ operands: [Operand], _ what: String) throws(CircuitError) -> Int? {
        var length: Int?
        for operand in operands where !operand.isSingle {
            if let length, length != operand.indices.count {
                throw CircuitError(.invalidArgument, "\(what): registers of different sizes (\(length) and \(operand.indices.count))", at: operand.location)
            }
            length = operand.indices.count
        }
        return length
    }

    // MARK: Size accounting

    /// What `instruction` costs, a custom gate's expansion included.
    private func cost(of instruction: CircuitInstruction) -> CircuitSize {
        var cost = CircuitSize(of: instruction)
        if case .custom(let gate, _) = instruction.operation, let defined = gates[gate.name] { cost.add(defined.size) }
        return cost
    }

    /// Throws if the program, grown by `extra`, would go over a limit (checked before building
    /// what `extra` stands for).
    private func reserve(_ extra: CircuitSize, at location: SourcePosition, gate: String? = nil) throws(CircuitError) {
        var total = size
        total.add(extra)
        try total.check(limits, "the program", at: location, gate: gate)
    }

    /// Throws if `count` more operands would go over ``QuantumCircuit/Limits/maxOperands``.
    private func reserveOperands(_ count: Int, at location: SourcePosition) throws(CircuitError) {
        var extra = CircuitSize()
        extra.operands = count
        try reserve(extra, at: location)
    }

    // MARK: Statements

    private mutating func appendChecked(_ instruction: CircuitInstruction) throws(CircuitError) {
        let location = instruction.location ?? current.location
        let cost = cost(of: instruction)
        try reserve(cost, at: location, gate: instruction.operation.isGate ? instruction.operation.name : nil)
        size.add(cost)
        if case .gate(.gphase, let parameters) = instruction.operation, let gamma = parameters.first {
            phase.add(gamma)
            return
        }
        do {
            try circuit.append(instruction)
        } catch {
            throw CircuitError(error.code, error.message, at: instruction.location, gate: error.gate, qubits: error.qubits)
        }
    }

    private mutating func gateCallStatement() throws(CircuitError) {
        let call = try gateCall()
        let arity = call.operands.count
        guard arity > 0, let length = try broadcastLength(call.operands, "gate '\(call.name)'") else {
            try appendChecked(CircuitInstruction(call.operation, qubits: call.operands.map { $0.indices[0] }, location: call.location))
            return
        }
        // Check the whole broadcast before building it.
        var one = CircuitSize()
        one.instructions = 1
        one.operands = arity
        for parameter in call.operation.parameters { one.expressionNodes = min(one.expressionNodes + parameter.nodeCount, CircuitSize.cap) }
        if case .custom(let gate, _) = call.operation, let defined = gates[gate.name] { one.add(defined.size) }
        try reserve(one.times(length), at: call.location, gate: call.name)
        for k in 0..<length {
            let qubits = call.operands.map { $0.isSingle ? $0.indices[0] : $0.indices[k] }
            try appendChecked(CircuitInstruction(call.operation, qubits: qubits, location: call.location))
        }
    }

    /// A parsed gate call, before broadcasting.
    private struct GateCall {
        var name: String
        var operation: CircuitOperation
        var operands: [Operand]
        var location: SourcePosition
    }

    /// How ``QASM3Writer`` writes a standard gate's name: `U` and `CX` cannot be redefined, so
    /// they are nil (no clash); others by their name.
    private static func standardSpelling(_ gate: StandardGate) -> String? {
        gate == .u || gate == .cx ? nil : gate.rawValue
    }

    /// `name(params) operands;` in the program or in a gate body.
    private mutating func gateCall() throws(CircuitError) -> GateCall {
        let token = current
        let name = try identifier("a gate name")
        if current.isSymbol("@") { throw unsupported("\(name) @", token, "gate modifiers are not supported") }
        var parameters: [ParameterExpression] = []
        if try acceptSymbol("(") {
            if !current.isSymbol(")") {
                repeat { parameters.append(try expression()) } while try acceptSymbol(",")
            }
            try expectSymbol(")", "after the gate's parameters")
        }
        var operands: [Operand] = []
        if !current.isSymbol(";") {
            repeat { operands.append(try operand(quantum: true)) } while try acceptSymbol(",")
        }
        try expectSymbol(";", "after the gate call")
        let operation: CircuitOperation
        let arity: Int
        if let custom = gates[name]?.gate {
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
            if let spelling = Self.standardSpelling(standard), spelling != gateScope?.name {
                if gates[spelling] != nil {
                    throw CircuitError(
                        .invalidArgument, "'\(name)' is the standard gate '\(spelling)', which the custom gate '\(spelling)' hides",
                        at: token.location, gate: name)
                }
                standardSpellingsUsed.insert(spelling)
            }
            operation = .gate(standard, values)
            arity = standard.qubitCount
        } else {
            throw CircuitError(.undefined, "undefined gate '\(name)'", at: token.location, gate: name)
        }
        guard operands.count == arity else {
            throw CircuitError(.invalidArgument, "gate '\(name)' acts on \(arity) qubits, not \(operands.count)", at: token.location, gate: name)
        }
        return GateCall(name: name, operation: operation, operands: operands, location: token.location)
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
        try advance()
        let source = try operand(quantum: true)
        try expectSymbol(";", "after measure")
        try appendMeasure(source, target, at: token.location)
    }

    /// `measure q -> c;`
    private mutating func measureArrow() throws(CircuitError) {
        let token = try take()
        let source = try operand(quantum: true)
        guard try acceptSymbol("->") else {
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
        let token = try take()
        var operands: [Operand] = []
        repeat { operands.append(try operand(quantum: true)) } while try acceptSymbol(",")
        try expectSymbol(";", "after reset")
        for operand in operands {
            for qubit in operand.indices {
                try appendChecked(CircuitInstruction(.reset, qubits: [qubit], location: token.location))
            }
        }
    }

    /// The qubits of a `barrier` or `delay`: the listed operands, or every qubit.
    private mutating func qubitList(at location: SourcePosition) throws(CircuitError) -> [Int] {
        if current.isSymbol(";") {
            try reserveOperands(circuit.qubitCount, at: location)
            return Array(0..<circuit.qubitCount)
        }
        var qubits: [Int] = []
        repeat {
            let indices = try operand(quantum: true).indices
            try reserveOperands(qubits.count + indices.count, at: location)
            qubits.append(contentsOf: indices)
        } while try acceptSymbol(",")
        return qubits
    }

    private mutating func barrier() throws(CircuitError) {
        let token = try take()
        let qubits = try qubitList(at: token.location)
        try expectSymbol(";", "after barrier")
        // A barrier over no qubits does nothing (and `barrier;` would mean every qubit).
        if qubits.isEmpty { return }
        try appendChecked(CircuitInstruction(.barrier, qubits: qubits, location: token.location))
    }

    private mutating func delay() throws(CircuitError) {
        let token = try take()
        try expectSymbol("[", "after delay")
        guard case .duration(let value, let unit) = current.kind else {
            throw unsupported("delay", token, "the duration must be a literal such as 100ns or 160dt, not \(current.display)")
        }
        guard value.isFinite else {
            throw CircuitError(.invalidArgument, "the duration \(current.display) is not a finite number", at: current.location)
        }
        try advance()
        try expectSymbol("]", "after the duration")
        let qubits = try qubitList(at: token.location)
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
        if depth > limits.maxExpressionDepth {
            throw CircuitError(
                .limitExceeded, "an expression is nested more than \(limits.maxExpressionDepth) levels deep (limit maxExpressionDepth)",
                at: current.location)
        }
    }

    /// `value`, after checking its height and that it is not a NaN or infinite constant.
    private func checked(_ value: ParameterExpression, _ location: SourcePosition) throws(CircuitError) -> ParameterExpression {
        try limits.checkExpression(value, at: location)
        return value
    }

    mutating func expression() throws(CircuitError) -> ParameterExpression {
        try enter()
        defer { depth -= 1 }
        var value = try term()
        while true {
            let location = current.location
            if try acceptSymbol("+") {
                value = try checked(value + (try term()), location)
            } else if try acceptSymbol("-") {
                value = try checked(value - (try term()), location)
            } else {
                return value
            }
        }
    }

    private mutating func term() throws(CircuitError) -> ParameterExpression {
        var value = try unary()
        while true {
            let location = current.location
            if try acceptSymbol("*") {
                value = try checked(value * (try unary()), location)
            } else if try acceptSymbol("/") {
                value = try checked(value / (try unary()), location)
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
        let location = current.location
        if try acceptSymbol("-") { return try checked(-(try unary()), location) }
        if try acceptSymbol("+") { return try unary() }
        let base = try primary()
        let operatorLocation = current.location
        if try acceptSymbol("**") {
            return try checked(.power(base, try unary()), operatorLocation)
        }
        if version == 2, try acceptSymbol("^") {
            return try checked(.power(base, try unary()), operatorLocation)
        }
        return base
    }

    private mutating func primary() throws(CircuitError) -> ParameterExpression {
        let token = try take()
        switch token.kind {
        case .integer(let value): return ParameterExpression(Double(value))
        case .real(let value): return try checked(ParameterExpression(value), token.location)
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
                return try checked(.unary(function, argument), token.location)
            }
            if let scope = gateScope {
                guard scope.parameters.contains(name) else {
                    throw CircuitError(.undefined, "undefined identifier '\(name)' in a gate body", at: token.location)
                }
                return .parameter(name)
            }
            guard circuit.hasInput(named: name) else {
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
