import RuntimeWire
import Testing

@testable import QuantumCircuits

@Suite struct QASM3WriterTests {
    @Test func builderCircuitRoundTripsWithParametersAndRegisters() throws {
        var circuit = QuantumCircuit()
        let q = try circuit.addQuantumRegister("q", size: 3)
        let anc = try circuit.addQuantumRegister("anc", size: 1)
        let c = try circuit.addClassicalRegister("c", size: 2)
        let flags = try circuit.addClassicalRegister("flags", size: 2)
        let theta = ParameterExpression.parameter("theta")
        let phi = ParameterExpression.parameter("phi")
        circuit.h(q[0])
        circuit.rx(theta, q[1])
        circuit.ry(-theta / 2 + .pi, q[2])
        circuit.rz(.power(phi, 2) * .sin(theta), anc[0])
        circuit.u(theta, phi - 1, -(theta - phi), q[0])
        circuit.cx(q[0], q[1])
        circuit.cu(1, 2, 3, phi, q[1], q[2])
        circuit.ecr(q[2], anc[0])
        circuit.rzz(theta * 2, q[0], anc[0])
        circuit.xxPlusYY(0.25, theta, q[0], q[2])
        circuit.ccx(q[0], q[1], q[2])
        circuit.gphase(theta / 4)
        circuit.barrier()
        circuit.delay(160, q[1])
        circuit.reset(anc[0])
        circuit.measure([q[0], q[1]], into: c)
        circuit.measure(q[2], into: flags[1])
        circuit.measure(anc[0], into: flags[0])
        let text = circuit.qasm3
        let parsed = try QuantumCircuit(qasm: text)
        #expect(parsed == circuit, "\(text)")
        #expect(parsed.parameterNames == ["phi", "theta"])
        #expect(text.contains("input float[64] theta;"))
        #expect(text.contains("qubit[1] anc;"))
        #expect(text.contains("flags[1] = measure q[2];"))
    }

    @Test func customGatesPhysicalQubitsAndAwkwardNamesRoundTrip() throws {
        let inner = CustomGate(
            name: "inner", parameterNames: ["a"], qubitCount: 1,
            body: [CircuitInstruction(.gate(.rz, [.parameter("a") * 2]), qubits: [0])])
        let outer = CustomGate(
            name: "my gate", parameterNames: ["t", "u"], qubitCount: 2,
            body: [
                CircuitInstruction(.custom(inner, [.parameter("t")]), qubits: [1]),
                CircuitInstruction(.gate(.cx, []), qubits: [1, 0]),
                CircuitInstruction(.gate(.gphase, [.parameter("u")]), qubits: []),
            ])
        var circuit = QuantumCircuit(physicalQubits: 4, bits: 1)
        circuit.apply(outer, [0.5, .parameter("beta")], on: [3, 1])
        circuit.sx(2)
        circuit.measure(3, into: 0)
        let parsed = try QuantumCircuit(qasm: circuit.qasm3)
        #expect(parsed.usesPhysicalQubits)
        // The writer renames 'my gate' to an identifier, so compare the expansions.
        #expect(parsed.instructions.count == circuit.instructions.count)
        #expect(parsed.qasm3.contains("gate my_gate(t, u) _q0, _q1 {"))
        #expect(try parsed.expandingCustomGates().instructions == circuit.expandingCustomGates().instructions)
        #expect(try parsed.expandingCustomGates().globalPhase == circuit.expandingCustomGates().globalPhase)
    }

    @Test func expressionsPrintWithMinimalCorrectParentheses() throws {
        let a = ParameterExpression.parameter("a")
        let b = ParameterExpression.parameter("b")
        #expect((a - (b - 1)).description == "a - (b - 1.0)")
        #expect(((a - b) - 1).description == "a - b - 1.0")
        #expect((a / (b * 2)).description == "a/(b*2.0)")
        #expect((-(a + b)).description == "-(a + b)")
        #expect(ParameterExpression.power(ParameterExpression.power(a, b), 2).description == "(a**b)**2.0")
        #expect(ParameterExpression.power(a, .power(b, 2)).description == "a**b**2.0")
        #expect((a * -0.5).description == "a*-0.5")
        #expect(ParameterExpression.power(-2.0, a).description == "(-2.0)**a")
        #expect((a * ParameterExpression(Double.infinity)).description == "a*(1.0/0.0)")
        var expressions: [ParameterExpression] = [a - (b - 1), (a - b) - 1, a / (b * 2), -(a + b)]
        expressions += [.power(.power(a, b), 2), a * -0.5, .power(-2.0, a), .cos(a) + .ln(b)]
        for expression in expressions {
            var circuit = QuantumCircuit(qubits: 1)
            circuit.rz(expression, 0)
            #expect(try QuantumCircuit(qasm: circuit.qasm3) == circuit, "\(expression)")
        }
        // A non-finite constant is written as a quotient that evaluates to it, which the parser
        // rejects: angles read from text are finite.
        var infinite = QuantumCircuit(qubits: 1)
        infinite.rz(a * ParameterExpression(Double.infinity), 0)
        #expect(infinite.qasm3.contains("rz(a*(1.0/0.0)) q[0];"))
        #expect(throws: CircuitError.self) { try QuantumCircuit(qasm: infinite.qasm3) }
    }

    @Test func benchCircuitsRoundTrip() throws {
        let directory = TestFiles.benchCircuits
        for file in ["ghz_12_std.qasm", "qft_16_std.qasm", "random_16_d20.qasm"] {
            let text = try String(contentsOf: directory.appending(path: file), encoding: .utf8)
            let circuit = try QuantumCircuit(qasm: text)
            #expect(try QuantumCircuit(qasm: circuit.qasm3) == circuit, "\(file)")
        }
    }
}

@Suite struct QuantumCircuitTests {
    @Test func sortedParameterOrderIsQiskits() throws {
        var circuit = QuantumCircuit(qubits: 1)
        for name in ["b", "a", "theta", "Z", "_x", "a1", "a10", "a2", "é", "theta[5]x", "thetA"] {
            circuit.rx(.parameter(name), 0)
        }
        for k in [11, 0, 10, 2, 1, 3, 4, 5, 6, 7, 8, 9] {
            try circuit.declareInput(CircuitParameter(name: "theta[\(k)]", vectorElement: .init(vectorName: "theta", index: k)))
        }
        for k in 0..<3 {
            try circuit.declareInput(CircuitParameter(name: "a[\(k)]", vectorElement: .init(vectorName: "a", index: k)))
        }
        // The order qiskit 2.6.2 prints for the same parameters (QuantumCircuit.parameters).
        #expect(circuit.parameterNames == [
            "Z", "_x", "a", "a[0]", "a[1]", "a[2]", "a1", "a10", "a2", "b", "thetA", "theta", "theta[0]", "theta[1]",
            "theta[2]", "theta[3]", "theta[4]", "theta[5]", "theta[6]", "theta[7]", "theta[8]", "theta[9]", "theta[10]",
            "theta[11]", "theta[5]x", "é",
        ])
    }

    @Test func bindingByNameAndBySortedOrder() throws {
        var circuit = QuantumCircuit(qubits: 2)
        circuit.rx(.parameter("b"), 0)
        circuit.ry(.parameter("a") * 2, 1)
        circuit.gphase(.parameter("a"))
        let byOrder = try circuit.bindingParameters([0.25, 0.5])
        #expect(byOrder.inputs.isEmpty)
        #expect(byOrder.instructions[0].operation == .gate(.rx, [0.5]))
        #expect(byOrder.instructions[1].operation == .gate(.ry, [0.5]))
        #expect(byOrder.globalPhase == 0.25)
        let partial = try circuit.bindingParameters(["b": 1])
        #expect(partial.parameterNames == ["a"])
        #expect(throws: CircuitError.self) { try circuit.bindingParameters(["c": 1]) }
        #expect(throws: CircuitError.self) { try circuit.bindingParameters([1]) }
        #expect(throws: CircuitError.self) { try circuit.instructions[0].matrix() }
    }

    @Test func appendChecksOperands() {
        var circuit = QuantumCircuit(qubits: 2, bits: 1)
        #expect(throws: CircuitError.self) { try circuit.append(CircuitInstruction(.gate(.cx, []), qubits: [0, 2])) }
        #expect(throws: CircuitError.self) { try circuit.append(CircuitInstruction(.gate(.cx, []), qubits: [1, 1])) }
        #expect(throws: CircuitError.self) { try circuit.append(CircuitInstruction(.gate(.rx, []), qubits: [1])) }
        #expect(throws: CircuitError.self) { try circuit.append(CircuitInstruction(.measure, qubits: [1], clbits: [1])) }
        #expect(throws: CircuitError.self) { try circuit.addQuantumRegister("q", size: 1) }
        #expect(circuit.instructions.isEmpty)
    }

    @Test func measureAllAddsRegisterAndBarrier() {
        var circuit = QuantumCircuit(qubits: 3)
        circuit.h(0)
        circuit.measureAll()
        #expect(circuit.classicalRegisters.map(\.name) == ["meas"])
        #expect(circuit.instructions.map(\.operation.name) == ["h", "barrier", "measure", "measure", "measure"])
    }

    @Test func bellStateFromTheReferenceSimulator() throws {
        var circuit = QuantumCircuit(qubits: 2)
        circuit.h(0)
        circuit.cx(0, 1)
        let state = try ReferenceSimulator.run(circuit)
        let half = 0.5.squareRoot()
        #expect(ReferenceSimulator.distance(state, [.init(re: half, im: 0), .init(re: 0, im: 0), .init(re: 0, im: 0), .init(re: half, im: 0)]) < 1e-12)
    }
}
