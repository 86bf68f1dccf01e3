import RuntimeWire
import Testing

@testable import QuantumCircuits

/// Input from anyone (a job submitted over the network) ends in a value or a typed
/// ``CircuitError``: never a trap, a hang, unbounded recursion or an allocation far beyond the
/// input. Limits are ``CircuitError/Code/limitExceeded`` naming the limit.
@Suite struct HostileInputTests {
    /// The error `body` throws, or nil (recorded as an issue) when it returns.
    static func error<T>(
        _ body: () throws -> T, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> CircuitError? {
        do {
            _ = try body()
            Issue.record("expected a CircuitError", sourceLocation: sourceLocation)
            return nil
        } catch let error as CircuitError {
            return error
        } catch {
            Issue.record("expected a CircuitError, not \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Checks that `body` throws `limitExceeded` naming `limit`.
    static func expectLimit<T>(
        _ limit: String, _ body: () throws -> T, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        guard let error = error(body, sourceLocation: sourceLocation) else { return }
        #expect(error.code == .limitExceeded, "\(error)", sourceLocation: sourceLocation)
        #expect(error.message.contains(limit), "\(error)", sourceLocation: sourceLocation)
    }

    static let header = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n"

    // MARK: OpenQASM

    @Test func versionNumbersOutOfRangeAreErrors() {
        for version in ["1e300", "1e999", "99999999999999999999", "0x7fffffffffffffff"] {
            let error = Self.error { try QuantumCircuit(qasm: "OPENQASM \(version);\nqubit q;") }
            #expect(error?.code == .unsupported, "\(version): \(String(describing: error))")
        }
    }

    @Test func hugeDeclaredSizesAreLimits() {
        Self.expectLimit("maxQubits") { try QuantumCircuit(qasm: Self.header + "qubit[4000000000] q;") }
        Self.expectLimit("maxClbits") { try QuantumCircuit(qasm: Self.header + "bit[1e9] c;") }
        Self.expectLimit("maxQubits") { try QuantumCircuit(qasm: "OPENQASM 2.0;\nqreg q[99999999999999999999];") }
        Self.expectLimit("maxQubits") { try QuantumCircuit(qasm: Self.header + "qubit[60000] a;\nqubit[60000] b;") }
        Self.expectLimit("maxQubits") { try QuantumCircuit(qasm: Self.header + "h $99999999999;") }
        Self.expectLimit("maxQubits") { try QuantumCircuit(qasm: Self.header + "h $99999999999999999999999;") }
        Self.expectLimit("maxQubits") { try QuantumCircuit(qasm: "qubit[5] q;", limits: .init(maxQubits: 4)) }
        Self.expectLimit("maxClbits") { try QuantumCircuit(qasm: "bit[3] c;\nbit d;", limits: .init(maxClbits: 3)) }
        #expect(throws: CircuitError.self) { try QuantumCircuit(qasm: "input float[1e300] x;") }
    }

    @Test func everyLimitIsConfigurableAndNamed() {
        Self.expectLimit("maxInputBytes") { try QuantumCircuit(qasm: "qubit q;\nh q;", limits: .init(maxInputBytes: 8)) }
        Self.expectLimit("maxIdentifierLength") {
            try QuantumCircuit(qasm: "qubit abcdefghi;", limits: .init(maxIdentifierLength: 8))
        }
        // `h q` broadcasts to 4 instructions.
        Self.expectLimit("maxInstructions") { try QuantumCircuit(qasm: "qubit[4] q;\nh q;", limits: .init(maxInstructions: 3)) }
        Self.expectLimit("maxOperands") {
            try QuantumCircuit(qasm: "qubit[4] q;\nbarrier;\nbarrier q, q;", limits: .init(maxOperands: 10))
        }
        Self.expectLimit("maxExpressionDepth") {
            try QuantumCircuit(qasm: "qubit q;\nrz((((((1))))))) q;", limits: .init(maxExpressionDepth: 5))
        }
        Self.expectLimit("maxExpressionNodes") {
            try QuantumCircuit(qasm: "input float x;\nqubit q;\nrz(x+x+x) q;\nrz(x+x+x) q;", limits: .init(maxExpressionNodes: 9))
        }
        Self.expectLimit("maxGateNesting") {
            try QuantumCircuit(
                qasm: "gate a q { x q; }\ngate b q { a q; }\ngate c q { b q; }", limits: .init(maxGateNesting: 2))
        }
        // Within the same limits, smaller programs parse.
        #expect(throws: Never.self) { try QuantumCircuit(qasm: "qubit[3] q;\nh q;", limits: .init(maxInstructions: 3)) }
        #expect(throws: Never.self) {
            try QuantumCircuit(qasm: "gate a q { x q; }\ngate b q { a q; }", limits: .init(maxGateNesting: 2))
        }
    }

    /// `gate g1 q { g0 q; g0 q; }` … nested `depth` deep: one call of the last is 2^depth calls.
    static func doublingGates(depth: Int, leaf: String) -> String {
        var text = header + "input float[64] t;\ngate g0(a) q { \(leaf) }\n"
        for k in 1...depth { text += "gate g\(k)(a) q { g\(k - 1)(a) q; g\(k - 1)(a) q; }\n" }
        return text + "qubit q;\ng\(depth)(t) q;\n"
    }

    @Test func exponentialGateExpansionIsRejectedWhenParsed() throws {
        // Counted through calls, so a leaf that emits nothing (or only a phase) is no way around.
        for leaf in ["x q;", "", "gphase(a);", "barrier q;"] {
            Self.expectLimit("maxInstructions") { try QuantumCircuit(qasm: Self.doublingGates(depth: 60, leaf: leaf)) }
        }
        // 2^10 calls are fine, and expand.
        let small = try? QuantumCircuit(qasm: Self.doublingGates(depth: 10, leaf: "x q;"))
        #expect(try small?.expandingCustomGates().instructions.count == 1 << 10)
    }

    @Test func expansionCountsEveryCallItVisits() throws {
        // Built in code (no parse-time check): gates whose bodies emit nothing, nested 40 deep.
        for leaf in [[], [CircuitInstruction(.barrier, qubits: [0])], [CircuitInstruction(.gate(.gphase, [.parameter("a")]), qubits: [])]] {
            var gate = CustomGate(name: "g0", parameterNames: ["a"], qubitCount: 1, body: leaf)
            for k in 1...40 {
                let call = CircuitInstruction(.custom(gate, [.parameter("a")]), qubits: [0])
                gate = CustomGate(name: "g\(k)", parameterNames: ["a"], qubitCount: 1, body: [call, call])
            }
            var circuit = QuantumCircuit(qubits: 1)
            circuit.apply(gate, [.parameter("t")], on: [0])
            Self.expectLimit("maxInstructions") { try circuit.expandingCustomGates(limits: .init(maxInstructions: 10_000)) }
            Self.expectLimit("maxInstructions") { try circuit.expandingCustomGates(maxInstructions: 10_000) }
            Self.expectLimit("maxInstructions") {
                try circuit.translated(for: InstructionSetArchitecture(qubitCount: 1, basisGates: ["rz", "sx", "x"]),
                    limits: .init(maxInstructions: 10_000))
            }
        }
    }

    @Test func expansionChecksBodiesBuiltInCode() throws {
        // Translation indexes a gate's operands and parameters by position: a body with a `cx` on
        // one qubit, or an `rz` without its angle, must stop at expansion.
        for inner in [
            CircuitInstruction(.gate(.cx, []), qubits: [0]), CircuitInstruction(.gate(.rz, []), qubits: [0]),
            CircuitInstruction(.gate(.cx, []), qubits: [0, 0]),
        ] {
            var circuit = QuantumCircuit(qubits: 2)
            circuit.apply(CustomGate(name: "bad", parameterNames: [], qubitCount: 1, body: [inner]), on: [0])
            #expect(Self.error { try circuit.expandingCustomGates() }?.code == .invalidArgument, "\(inner)")
            let isa = InstructionSetArchitecture(qubitCount: 2, basisGates: ["cz", "rz", "sx", "x"])
            #expect(Self.error { try circuit.translated(for: isa) }?.code == .invalidArgument, "\(inner)")
        }
    }

    @Test func symbolicPhasesStayShallow() throws {
        // 2^9 calls of a gate with a symbolic phase: summed as a balanced tree, not a chain.
        let circuit = try QuantumCircuit(qasm: Self.doublingGates(depth: 9, leaf: "gphase(a);"))
        let expanded = try circuit.expandingCustomGates()
        #expect(expanded.globalPhase.depth <= 12)
        #expect(try expanded.globalPhase.value(["t": 0.5]) == 256)
        // Top-level phases too.
        let statements = String(repeating: "gphase(t);\n", count: 2000)
        let parsed = try QuantumCircuit(qasm: Self.header + "input float t;\n" + statements)
        #expect(parsed.globalPhase.depth <= 13)
        #expect(try parsed.globalPhase.value(["t": 1]) == 2000)
        // And translation's: 1,000 phase gates on a symbol.
        var many = QuantumCircuit(qubits: 1)
        for _ in 0..<1000 { many.p(.parameter("t"), 0) }
        let translated = try many.translated(for: InstructionSetArchitecture(qubitCount: 1, basisGates: ["rz", "sx", "x"]))
        #expect(translated.globalPhase.depth <= 14)
    }

    @Test func expressionGrowthThroughGatesIsALimit() throws {
        // Each level squares its parameter: 2^40 nodes once expanded, from a few hundred bytes.
        var text = Self.header + "input float[64] t;\ngate g0(a) q { rz(a) q; }\n"
        for k in 1...40 { text += "gate g\(k)(a) q { g\(k - 1)(a*a) q; }\n" }
        text += "qubit q;\ng40(t) q;\n"
        let circuit = try QuantumCircuit(qasm: text)
        Self.expectLimit("maxExpressionNodes") { try circuit.expandingCustomGates() }
        // Twelve levels (4,096 nodes) expand.
        var small = Self.header + "input float[64] t;\ngate g0(a) q { rz(a) q; }\n"
        for k in 1...12 { small += "gate g\(k)(a) q { g\(k - 1)(a*a) q; }\n" }
        small += "qubit q;\ng12(t) q;\n"
        let expanded = try QuantumCircuit(qasm: small).expandingCustomGates()
        #expect(try expanded.instructions[0].operation.parameters[0].value(["t": 1]) == 1)
    }

    @Test func deepExpressionsAreLimitsNotCrashes() throws {
        // Left-leaning chains are as deep as they are long; a walk over 100,000 levels (printing,
        // hashing, freeing) would overflow the stack.
        let sum = Array(repeating: "x", count: 100_000).joined(separator: "+")
        Self.expectLimit("maxExpressionDepth") { try QuantumCircuit(qasm: "input float x;\nqubit q;\nrz(\(sum)) q;") }
        let product = Array(repeating: "x", count: 100_000).joined(separator: "*")
        Self.expectLimit("maxExpressionDepth") { try QuantumCircuit(qasm: "input float x;\nqubit q;\nrz(\(product)) q;") }
        let nested = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        Self.expectLimit("maxExpressionDepth") { try QuantumCircuit(qasm: "qubit q;\nrz(\(nested)) q;") }
        let power = Array(repeating: "2", count: 10_000).joined(separator: "**")
        Self.expectLimit("maxExpressionDepth") { try QuantumCircuit(qasm: "qubit q;\nrz(\(power)) q;") }
        // Constant chains fold as they are read, so they are as shallow as one number.
        let constant = Array(repeating: "1", count: 10_000).joined(separator: "+")
        #expect(try QuantumCircuit(qasm: "qubit q;\nrz(\(constant)) q;").instructions[0].operation.parameters == [10_000])
    }

    @Test func nonFiniteAnglesAreInvalidArguments() throws {
        for angle in ["0/0", "1/0", "1e999", "1e308*10", "ln(0)", "sqrt(-1)", "x + 0/0", "-1e999"] {
            let error = Self.error { try QuantumCircuit(qasm: "input float x;\nqubit q;\nrz(\(angle)) q;") }
            #expect(error?.code == .invalidArgument, "\(angle): \(String(describing: error))")
        }
        #expect(Self.error { try QuantumCircuit(qasm: "qubit q;\ndelay[1e999ns] q;") }?.code == .invalidArgument)
        #expect(Self.error { try QuantumCircuit(qasm: "qubit q;\nqubit[0/0] r;") }?.code == .invalidArgument)
        // Binding: values, and what they make of expressions.
        let circuit = try QuantumCircuit(qasm: "input float x;\nqubit q;\nrz(1/x) q;\ngphase(ln(x));")
        #expect(Self.error { try circuit.bindingParameters(["x": .nan]) }?.code == .invalidArgument)
        #expect(Self.error { try circuit.bindingParameters([.infinity]) }?.code == .invalidArgument)
        #expect(Self.error { try circuit.bindingParameters(["x": 0]) }?.code == .invalidArgument)
        #expect(try circuit.bindingParameters(["x": 2]).instructions[0].operation.parameters == [0.5])
        // Expansion: substitution can divide by zero.
        let gate = try QuantumCircuit(qasm: "gate g(a) q { rz(1/a) q; }\nqubit q;\ng(0) q;")
        #expect(Self.error { try gate.expandingCustomGates() }?.code == .invalidArgument)
        // Translation: finite angles whose sum overflows.
        let isa = InstructionSetArchitecture(qubitCount: 1, basisGates: ["rz", "sx", "x"])
        for theta: ParameterExpression in [1, .parameter("t")] {
            var huge = QuantumCircuit(qubits: 1)
            huge.u(theta, 1.7e308, 1.7e308, 0)
            #expect(Self.error { try huge.translated(for: isa) }?.code == .invalidArgument, "\(theta)")
            var fine = QuantumCircuit(qubits: 1)
            fine.u(theta, 1.7, 1.7, 0)
            #expect(throws: Never.self) { try fine.translated(for: isa) }
        }
    }

    @Test func broadcastsAndBarriersAreCheckedBeforeTheyAreBuilt() {
        // Each statement is a few bytes and builds operand lists as long as the register, many times
        // over: the limits stop them before the lists are built.
        let limits = QuantumCircuit.Limits(maxInstructions: 15_000, maxOperands: 50_000)
        let register = Self.header + "qubit[10000] q;\n"
        let barriers = String(repeating: "barrier q, q, q, q, q, q, q, q, q, q;\n", count: 20)
        Self.expectLimit("maxOperands") { try QuantumCircuit(qasm: register + barriers, limits: limits) }
        let allBarriers = String(repeating: "barrier;\n", count: 20)
        Self.expectLimit("maxOperands") { try QuantumCircuit(qasm: register + allBarriers, limits: limits) }
        let delays = String(repeating: "delay[1dt] q, q, q, q, q, q, q, q, q, q;\n", count: 20)
        Self.expectLimit("maxOperands") { try QuantumCircuit(qasm: register + delays, limits: limits) }
        let gate = "gate g a, b, c, d, e, f, h, i, j, k { }\n"
        Self.expectLimit("maxOperands") {
            try QuantumCircuit(qasm: Self.header + gate + "qubit[10000] q;\n" + String(repeating: "g q, q, q, q, q, q, q, q, q, q;\n", count: 20), limits: limits)
        }
        Self.expectLimit("maxInstructions") { try QuantumCircuit(qasm: register + String(repeating: "h q;\n", count: 20), limits: limits) }
        Self.expectLimit("maxInstructions") { try QuantumCircuit(qasm: register + "bit[10000] c;\nc = measure q;\nc = measure q;", limits: limits) }
    }

    @Test func longIdentifiersAndStringsAreBounded() {
        Self.expectLimit("maxIdentifierLength") {
            try QuantumCircuit(qasm: "qubit " + String(repeating: "a", count: 100_000) + ";")
        }
        let error = Self.error { try QuantumCircuit(qasm: "include \"" + String(repeating: "x", count: 100_000) + "\";") }
        #expect(error?.code == .unsupported)
        #expect((error?.message.count ?? .max) < 300)
    }

    @Test func gateBodiesUseEachQubitOnce() {
        #expect(Self.error { try QuantumCircuit(qasm: Self.header + "gate g a { cx a, a; }") }?.code == .invalidArgument)
    }

    @Test func everyNameHasOneMeaningSoWritingRoundTrips() throws {
        // Rejected: names that could not be written back with the same meaning.
        for text in [
            "qubit q;\nh q;\ngate h a { x a; }",  // defined after the standard gate was used
            "gate p(l) a { U(0, 0, l) a; }\nqubit q;\nphase(1) q;",  // an alias of a hidden standard gate
            "qubit a;\ngate a q { x q; }",  // a register's name
            "input float t;\ngate t q { x q; }",
            "gate g(pi) a { }", "gate sin a { }", "gate asin a { }", "input float π;", "input float[64] measure;",
            // A definition that calls the standard `h` is written before a custom `h` would be, but
            // the rule is kept simple: once a standard gate is called, its name is taken.
            "gate g a { h a; }\ngate h a { g a; }",
        ] {
            #expect(Self.error { try QuantumCircuit(qasm: Self.header + text) }?.code == .invalidArgument, "\(text)")
        }
        // Accepted, and they write back to an equal circuit.
        for text in [
            "input float[64] θ;\nqubit[2] é;\nrz(θ) é[1];",
            "gate cx c, t { CX c, t; }\nqubit[2] q;\ncx q[0], q[1];\nCX q[0], q[1];\ncnot q[1], q[0];",
            "qubit[0] z;\nqubit q;\nbarrier z;\nbarrier q;",
            "barrier;\nqubit q;\nh q;",
            "gate h a { U(pi/2, 0, pi) a; }\nqubit q;\nh q;",
        ] {
            let circuit = try QuantumCircuit(qasm: Self.header + text)
            #expect(try QuantumCircuit(qasm: circuit.qasm3) == circuit, "\(text)\n---\n\(circuit.qasm3)")
        }
    }

    @Test func parametersFirstUsedTogetherAreDeclaredInTheOrderTheyOccur() {
        // Found by the QPY fuzz target: two reads of the same bytes gave circuits that were not
        // equal, because the parameters of one expression were declared in a Set's order.
        let names = (0..<24).map { "p\($0)" }
        let sum = names.dropFirst().reduce(ParameterExpression.parameter(names[0])) { $0 + .parameter($1) }
        var circuit = QuantumCircuit(qubits: 1)
        circuit.rz(sum, 0)
        #expect(circuit.inputs.map(\.name) == names)
    }

    @Test func expansionDropsBarriersOnNoQubits() throws {
        // Found by fuzzing: a gate on no qubits whose body has `barrier;` expanded to a barrier on
        // no qubits, which the writer leaves out, so the expanded circuit did not read back.
        let circuit = try QuantumCircuit(qasm: "OPENQASM 2.0;\ncreg c[1];\ngate g(a) { barrier; gphase(a); }\ng(0.5);")
        let expanded = try circuit.expandingCustomGates()
        #expect(expanded.instructions.isEmpty)
        #expect(expanded.globalPhase == 0.5)
        #expect(try QuantumCircuit(qasm: expanded.qasm3) == expanded)
    }

    // MARK: Translation

    @Test func translationKeepsEveryInstructionOnTheDevice() throws {
        let isa = InstructionSetArchitecture(qubitCount: 3, basisGates: ["cz", "rz", "sx", "x"])
        for text in ["barrier $200;\nh $0;", "qubit[10] q;\nh q[0];\nbarrier q;", "h $1;\nbarrier $1, $7;"] {
            let translated = try QuantumCircuit(qasm: Self.header + text).translated(for: isa)
            for instruction in translated.instructions {
                #expect(instruction.qubits.allSatisfy { $0 < translated.qubitCount }, "\(text): \(instruction)")
            }
            #expect(try QuantumCircuit(qasm: translated.qasm3).instructions == translated.instructions, "\(text)")
        }
    }

    @Test func chainSearchDoesNotRecurseWithoutBound() {
        // The layout search recursed once per qubit of the chain: a 100,000-qubit line on a
        // 100,000-qubit device (a backend configuration is data too) overflowed the stack.
        let count = 100_000
        let line = (0..<count).map { k in Set([k - 1, k + 1].filter { $0 >= 0 && $0 < count }) }
        #expect(QuantumCircuit.simplePath(length: count, in: line) == nil)
        #expect(QuantumCircuit.simplePath(length: 100, in: line) == Array(0..<100))
    }

    @Test func translationOutputIsLimited() throws {
        let circuit = try QuantumCircuit(qasm: Self.header + "qubit[3] q;\n" + String(repeating: "ccx q[0], q[1], q[2];\n", count: 10))
        let isa = InstructionSetArchitecture(qubitCount: 3, basisGates: ["cz", "rz", "sx", "x"])
        Self.expectLimit("maxInstructions") { try circuit.translated(for: isa, limits: .init(maxInstructions: 100)) }
        #expect(throws: Never.self) { try circuit.translated(for: isa) }
    }

    // MARK: QPY

    @Test func handMadeQPYDecodes() throws {
        let circuit = QPYBytes.circuit(
            qubits: 2, clbits: 1, phase: 0.25,
            registers: [.init(type: "q", name: Array("q".utf8), bits: [0, 1]), .init(type: "c", name: Array("c".utf8), bits: [0])],
            instructions: [
                QPYBytes.instruction("HGate", qubits: [0]),
                QPYBytes.instruction("RZGate", qubits: [1], parameters: [QPYBytes.float(0.5)]),
                QPYBytes.instruction("RXGate", qubits: [1], parameters: [QPYBytes.parameter("t", id: 7)]),
                QPYBytes.instruction("RYGate", qubits: [0], parameters: [QPYBytes.chainExpression("t", id: 7, count: 3)]),
                QPYBytes.instruction("CXGate", qubits: [0, 1]),
                QPYBytes.instruction("Measure", qubits: [1], clbits: [0]),
            ])
        for version: UInt8 in [13, 16] {
            let bytes = QPYBytes.file(version == 13 ? circuit : QPYBytes.circuit(
                qubits: 1, instructions: [QPYBytes.instruction("HGate", qubits: [0])], version: version), version: version)
            let decoded = try QuantumCircuit(qpy: bytes)
            if version == 13 {
                #expect(decoded.instructions.map(\.description) == ["h 0", "rz(0.5) 1", "rx(t) 1", "ry(t + t + t + t) 0", "cx 0, 1", "measure 1 -> 0"])
                #expect(decoded.globalPhase == 0.25)
            } else {
                #expect(decoded.instructions.map(\.description) == ["h 0"])
            }
        }
    }

    @Test func qpyPhaseParametersAreTheCircuitsParameters() throws {
        // Found by fuzzing: a parameter used only by the global phase (in the header or in a
        // GlobalPhaseGate) was not one of the circuit's parameters, so binding all of them left the
        // phase symbolic (and a pub's values would not have matched qiskit's parameter count).
        let bytes = QPYBytes.file(QPYBytes.circuit(
            qubits: 1, phaseParameter: ("t", 1),
            instructions: [
                QPYBytes.instruction("HGate", qubits: [0]),
                QPYBytes.instruction("GlobalPhaseGate", qubits: [], parameters: [QPYBytes.parameter("u", id: 2)]),
            ]))
        let circuit = try QuantumCircuit(qpy: bytes)
        #expect(circuit.parameterNames == ["t", "u"])
        let bound = try circuit.bindingParameters([0.25, 0.5])
        #expect(bound.globalPhase == 0.75)
    }

    @Test func qpyDeepExpressionsAreLimitsNotCrashes() {
        let bytes = QPYBytes.file(QPYBytes.circuit(
            qubits: 1,
            instructions: [QPYBytes.instruction("RZGate", qubits: [0], parameters: [QPYBytes.chainExpression("t", id: 1, count: 200_000)])]))
        Self.expectLimit("maxExpressionDepth") { try QuantumCircuit(qpy: bytes) }
    }

    @Test func qpyHugeCountsFailBeforeAllocating() {
        // Two billion instructions claimed in a few bytes.
        Self.expectLimit("maxInstructions") {
            try QuantumCircuit(qpy: QPYBytes.file(QPYBytes.circuit(qubits: 1, instructions: [], instructionCount: 2_000_000_000)))
        }
        #expect(Self.error {
            try QuantumCircuit(qpy: QPYBytes.file(QPYBytes.circuit(qubits: 1, instructions: [], instructionCount: 900_000)))
        }?.code == .invalidQPY)
        Self.expectLimit("maxQubits") { try QuantumCircuit(qpy: QPYBytes.file(QPYBytes.circuit(qubits: 4_000_000_000, instructions: []))) }
        Self.expectLimit("maxClbits") {
            try QuantumCircuit(qpy: QPYBytes.file(QPYBytes.circuit(qubits: 1, clbits: 200_000, instructions: [])))
        }
        Self.expectLimit("maxInputBytes") {
            try QuantumCircuit(qpy: QPYBytes.file(QPYBytes.circuit(qubits: 1, instructions: [])), limits: .init(maxInputBytes: 16))
        }
        // Counts inside the data that claim more than is there.
        var register = QPYBytes.circuit(qubits: 1, registers: [.init(type: "q", name: [0x71], bits: [0])], instructions: [])
        register.replaceSubrange(47..<51, with: QPYBytes.u32(Int(UInt32.max)))  // the register's size
        #expect(Self.error { try QuantumCircuit(qpy: QPYBytes.file(register)) }?.code == .invalidQPY)
    }

    /// A definition `name` on one qubit whose body calls `inner` (a key of `customs`) `calls` times.
    static func definition(_ name: String, calling inner: String?, calls: Int, customs: [[UInt8]]) -> [UInt8] {
        let body = (0..<calls).map { _ in QPYBytes.instruction(inner ?? "XGate", qubits: [0]) }
        return QPYBytes.custom(name, qubits: 1, definition: QPYBytes.circuit(qubits: 1, customs: customs, instructions: body))
    }

    @Test func qpyDefinitionsAreBounded() throws {
        // A definition that calls itself: inside it, its own name means nothing.
        let selfCall = Self.definition("loop_1", calling: "loop_1", calls: 1, customs: [])
        let looping = QPYBytes.file(QPYBytes.circuit(qubits: 1, customs: [selfCall], instructions: [QPYBytes.instruction("loop_1", qubits: [0])]))
        #expect(Self.error { try QuantumCircuit(qpy: looping) }?.code == .unsupported)
        // Nested 70 deep.
        var deep = Self.definition("g0_0", calling: nil, calls: 1, customs: [])
        for k in 1..<70 { deep = Self.definition("g\(k)_0", calling: "g\(k - 1)_0", calls: 1, customs: [deep]) }
        let nested = QPYBytes.file(QPYBytes.circuit(qubits: 1, customs: [deep], instructions: [QPYBytes.instruction("g69_0", qubits: [0])]))
        Self.expectLimit("maxGateNesting") { try QuantumCircuit(qpy: nested) }
        // Each level calls the next four times: 4^12 calls from a few kilobytes.
        var wide = Self.definition("w0_0", calling: nil, calls: 4, customs: [])
        for k in 1..<12 { wide = Self.definition("w\(k)_0", calling: "w\(k - 1)_0", calls: 4, customs: [wide]) }
        let exponential = QPYBytes.file(QPYBytes.circuit(qubits: 1, customs: [wide], instructions: [QPYBytes.instruction("w11_0", qubits: [0])]))
        Self.expectLimit("maxInstructions") { try QuantumCircuit(qpy: exponential, limits: .init(maxInstructions: 100_000)) }
        // Five levels are fine and expand to 4^5 gates.
        var small = Self.definition("s0_0", calling: nil, calls: 4, customs: [])
        for k in 1..<5 { small = Self.definition("s\(k)_0", calling: "s\(k - 1)_0", calls: 4, customs: [small]) }
        let fine = QPYBytes.file(QPYBytes.circuit(qubits: 1, customs: [small], instructions: [QPYBytes.instruction("s4_0", qubits: [0])]))
        #expect(try QuantumCircuit(qpy: fine).expandingCustomGates().instructions.count == 1024)
    }

    @Test func qpyNonFiniteValuesAndOddUnitsAreErrors() {
        func decode(_ instruction: [UInt8], phase: Double = 0) -> CircuitError? {
            Self.error { try QuantumCircuit(qpy: QPYBytes.file(QPYBytes.circuit(qubits: 1, phase: phase, instructions: [instruction]))) }
        }
        #expect(decode(QPYBytes.instruction("RZGate", qubits: [0], parameters: [QPYBytes.float(.nan)]))?.code == .invalidArgument)
        #expect(decode(QPYBytes.instruction("RZGate", qubits: [0], parameters: [QPYBytes.float(-.infinity)]))?.code == .invalidArgument)
        #expect(decode(QPYBytes.instruction("HGate", qubits: [0]), phase: .infinity)?.code == .invalidArgument)
        #expect(decode(QPYBytes.instruction("Delay", qubits: [0], parameters: [QPYBytes.float(.nan)]))?.code == .invalidArgument)
        #expect(decode(QPYBytes.instruction("Delay", qubits: [0], parameters: [QPYBytes.float(-5)]))?.code == .invalidArgument)
        #expect(decode(QPYBytes.instruction("Delay", qubits: [0], parameters: [QPYBytes.float(5), QPYBytes.string("ns;\nh $0")]))?.code == .unsupported)
    }

    @Test func qpyNamesThatAreNotUTF8OrIdentifiersStillWriteValidText() throws {
        let bytes = QPYBytes.file(QPYBytes.circuit(
            qubits: 2, clbits: 1,
            registers: [
                .init(type: "q", name: [0xFF, 0xFE], bits: [0, 1]), .init(type: "c", name: Array("a; reset".utf8), bits: [0]),
            ],
            instructions: [
                QPYBytes.instruction("RXGate", qubits: [0], parameters: [QPYBytes.parameter("c", id: 3)]),
                QPYBytes.instruction("RYGate", qubits: [1], parameters: [QPYBytes.parameter("bad name", id: 4)]),
                QPYBytes.instruction("Measure", qubits: [1], clbits: [0]),
            ]))
        let circuit = try QuantumCircuit(qpy: bytes)
        #expect(circuit.quantumRegisters.map(\.name) == ["\u{FFFD}\u{FFFD}"])
        let reparsed = try QuantumCircuit(qasm: circuit.qasm3)
        #expect(reparsed.instructions == circuit.instructions.map { instruction in
            var renamed = instruction
            if case .gate(.ry, _) = instruction.operation { renamed.operation = .gate(.ry, [.parameter("bad_name")]) }
            return renamed
        })
    }

    @Test func zlibBombsAreLimits() throws {
        // 40,000 copies: 10 MB of zeros from about 70 kB.
        let bomb = ZlibZeros.stream(copies: 40_000)
        #expect(try Zlib.inflate(bomb, maxOutput: 20 << 20).count == 1 + 258 * 40_000)
        let encoded = Base64.encode(bomb)
        Self.expectLimit("maxInputBytes") { try QuantumCircuit(encodedQPY: encoded, maxBytes: 1 << 20) }
        Self.expectLimit("maxInputBytes") { try QuantumCircuit(encodedQPY: encoded, limits: .init(maxInputBytes: 1 << 20)) }
        // Within the limit, zeros are not QPY.
        #expect(Self.error { try QuantumCircuit(encodedQPY: encoded) }?.code == .invalidQPY)
        // Corrupt data stays invalidQPY (not a limit).
        let corrupt: [UInt8] = [0x78, 0x9C, 0x07, 0x00, 0x00]  // block type 3 does not exist
        #expect(Self.error { try QuantumCircuit(encodedQPY: Base64.encode(corrupt), maxBytes: 100) }?.code == .invalidQPY)
        // Text far larger than the limit allows is refused before decoding.
        Self.expectLimit("maxInputBytes") {
            try QuantumCircuit(encodedQPY: String(repeating: "AAAA", count: 10_000), limits: .init(maxInputBytes: 1_000))
        }
    }
}
