import RuntimeWire
import Testing

@testable import QuantumCircuits

@Suite struct BasisTranslationTests {
    typealias Amplitude = ReferenceSimulator.Amplitude

    /// `cz` on every pair, both directions.
    static let czAllToAll = InstructionSetArchitecture(
        qubitCount: 3, basisGates: ["cz", "id", "rz", "sx", "x"],
        couplingMap: [[0, 1], [1, 0], [0, 2], [2, 0], [1, 2], [2, 1]])
    /// `ecr` on every pair, one direction only (0→1, 2→1, 0→2).
    static let ecrDirected = InstructionSetArchitecture(
        qubitCount: 3, basisGates: ["ecr", "id", "rz", "sx", "x"], gateQubits: ["ecr": [[0, 1], [2, 1], [0, 2]]])
    /// `cx` one way, no `x` gate.
    static let cxNoX = InstructionSetArchitecture(
        qubitCount: 3, basisGates: ["cx", "rz", "sx"], couplingMap: [[1, 0], [2, 1], [2, 0]])

    static let translatable = StandardGate.allCases.filter { ![.c3x, .c3sx, .rcccx, .c4x, .gphase].contains($0) }

    /// `state` of the circuit's qubits placed on physical qubits `layout` of `total` (others |0⟩).
    static func embed(_ state: [Amplitude], layout: [Int], total: Int) -> [Amplitude] {
        var result = [Amplitude](repeating: Amplitude(re: 0, im: 0), count: 1 << total)
        for (index, amplitude) in state.enumerated() {
            var physical = 0
            for (k, target) in layout.enumerated() where index & (1 << k) != 0 { physical |= 1 << target }
            result[physical] = amplitude
        }
        return result
    }

    /// Checks that `translated` acts like `original` on random states through `layout`.
    static func expectSameAction(
        _ original: QuantumCircuit, _ translated: QuantumCircuit, layout: [Int], seed: UInt64,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<2 {
            let input = ReferenceSimulator.randomState(qubits: original.qubitCount, using: &generator)
            let expected = try ReferenceSimulator.run(original, initial: input)
            let actual = try ReferenceSimulator.run(
                translated, initial: embed(input, layout: layout, total: translated.qubitCount))
            let distance = ReferenceSimulator.distance(actual, embed(expected, layout: layout, total: translated.qubitCount))
            #expect(distance < 1e-9, "\(original.instructions.first?.description ?? "") distance \(distance)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [czAllToAll, ecrDirected, cxNoX])
    func everyGateTranslatesExactlyIncludingGlobalPhase(_ isa: InstructionSetArchitecture) throws {
        var generator = SplitMix64(seed: 11)
        for gate in Self.translatable {
            for operands in [Array(0..<gate.qubitCount), Array((0..<gate.qubitCount).reversed())] {
                var circuit = QuantumCircuit(qubits: 3)
                let parameters = (0..<gate.parameterCount).map { _ in ParameterExpression(Double.random(in: -4...4, using: &generator)) }
                circuit.apply(gate, parameters, on: operands)
                let translated = try circuit.translated(for: isa, layout: [0, 1, 2])
                #expect(translated.isaViolations(against: isa).isEmpty, "\(gate)")
                try Self.expectSameAction(circuit, translated, layout: [0, 1, 2], seed: generator.next())
            }
        }
    }

    @Test func specialAnglesUseShortForms() throws {
        var circuit = QuantumCircuit(qubits: 1)
        circuit.h(0)
        circuit.x(0)
        circuit.u1(2 * .pi, 0)
        circuit.p(0, 0)
        let translated = try circuit.translated(for: Self.czAllToAll, layout: [0, 1, 2])
        #expect(translated.instructions.map(\.operation.name) == ["rz", "sx", "rz", "x"])
        try Self.expectSameAction(circuit, translated, layout: [0], seed: 3)
    }

    @Test func symbolicParametersTranslateAndBindLater() throws {
        var circuit = QuantumCircuit(qubits: 2)
        let theta = ParameterExpression.parameter("theta")
        let phi = ParameterExpression.parameter("phi")
        circuit.rx(theta, 0)
        circuit.ry(phi * 2, 1)
        circuit.u(theta, phi, -theta, 0)
        circuit.u2(phi, theta, 1)
        circuit.p(theta, 1)
        circuit.r(theta, phi, 0)
        circuit.crz(theta - phi, 0, 1)
        circuit.cp(phi, 1, 0)
        circuit.rzz(theta, 0, 1)
        let translated = try circuit.translated(for: Self.ecrDirected, layout: [0, 1])
        #expect(translated.parameterNames == ["phi", "theta"])
        #expect(translated.isaViolations(against: Self.ecrDirected).isEmpty)
        for values in [[0.3, -1.2], [2.0, 0.7]] {
            try Self.expectSameAction(
                circuit.bindingParameters(values), translated.bindingParameters(values), layout: [0, 1], seed: 5)
        }
    }

    @Test func customGatesAndMeasurementsFollowTheLayout() throws {
        let circuit = try QuantumCircuit(qasm: """
            OPENQASM 3.0;
            include "stdgates.inc";
            gate bell a, b { h a; cx a, b; }
            qubit[2] q;
            bit[2] c;
            bell q[0], q[1];
            barrier q;
            c[1] = measure q[0];
            c[0] = measure q[1];
            """)
        let eagle = try TestBackends.eagle
        let translated = try circuit.translated(for: eagle, layout: [2, 1])
        #expect(translated.usesPhysicalQubits)
        #expect(translated.qubitCount == 4)
        #expect(translated.classicalRegisters == circuit.classicalRegisters)
        let tail = translated.instructions.suffix(3).map { "\($0)" }
        #expect(tail == ["barrier 2, 1", "measure 2 -> 1", "measure 1 -> 0"])
        #expect(translated.instructions.contains { $0.operation.name == "ecr" && $0.qubits == [2, 1] })
        try translated.validate(against: eagle)
        try Self.expectSameAction(circuit, translated, layout: [2, 1], seed: 9)
    }

    @Test func uncoupledPairThrowsNamingTheQubits() throws {
        var circuit = QuantumCircuit(qubits: 3)
        circuit.h(0)
        circuit.cx(0, 1)
        circuit.cx(1, 2)
        circuit.cx(0, 2)
        do {
            _ = try circuit.translated(for: TestBackends.heron)
            Issue.record("expected uncoupledQubits")
        } catch let error as CircuitError {
            #expect(error.code == .uncoupledQubits)
            #expect(error.gate == "cx")
            #expect(error.qubits == [0, 2])
            #expect(error.message.contains("0 and 2"))
        }
        #expect(throws: CircuitError.self) { try circuit.translated(for: Self.czAllToAll, layout: [0, 0, 1]) }
        #expect(throws: CircuitError.self) { try circuit.translated(for: Self.czAllToAll, layout: [0, 1]) }
    }

    @Test func linearCircuitsLandOnACoupledChain() throws {
        // A 6-qubit "heavy-hex"-like graph where 0–1–2–3 is a line but 3 is not coupled to 4:
        // 0-1, 1-2, 2-3, 1-5, 5-4.
        let isa = InstructionSetArchitecture(
            qubitCount: 6, basisGates: ["cz", "rz", "sx", "x"],
            couplingMap: [[0, 1], [1, 0], [1, 2], [2, 1], [2, 3], [3, 2], [1, 5], [5, 1], [5, 4], [4, 5]])
        var ghz = QuantumCircuit(qubits: 5, bits: 5)
        ghz.h(0)
        for k in 0..<4 { ghz.cx(k, k + 1) }
        ghz.measure(Array(0..<5), into: Array(0..<5))
        let layout = try ghz.defaultLayout(for: isa)
        for k in 0..<4 {
            #expect(isa.couplingMap?.contains([layout[k], layout[k + 1]]) == true, "\(layout)")
        }
        let translated = try ghz.translated(for: isa)
        try translated.validate(against: isa)
        try Self.expectSameAction(ghz, translated, layout: layout, seed: 21)
    }

    @Test func publicLayoutIsTheOneTranslationUses() throws {
        let isa = InstructionSetArchitecture(
            qubitCount: 6, basisGates: ["cz", "rz", "sx", "x"],
            couplingMap: [[0, 1], [1, 0], [1, 2], [2, 1], [2, 3], [3, 2], [1, 5], [5, 1], [5, 4], [4, 5]])
        // A custom gate coupling 0 and 1 joins the line only once expanded.
        let pairGate = CustomGate(name: "pair", parameterNames: [], qubitCount: 2, body: [
            CircuitInstruction(.gate(.cx, []), qubits: [0, 1]),
        ])
        var circuit = QuantumCircuit(qubits: 4)
        circuit.apply(pairGate, on: [3, 2])
        circuit.cx(2, 1)
        circuit.cx(1, 0)
        let layout = try circuit.layout(for: isa)
        #expect(layout == (try circuit.expandingCustomGates().defaultLayout(for: isa)))
        #expect(Set(layout).count == 4)
        for (a, b) in [(3, 2), (2, 1), (1, 0)] {
            #expect(isa.couplingMap?.contains([layout[a], layout[b]]) == true, "\(layout)")
        }
        #expect(try circuit.translated(for: isa) == circuit.translated(for: isa, layout: layout))
        var physical = QuantumCircuit(physicalQubits: 3)
        physical.x(2)
        #expect(try physical.layout(for: isa) == [0, 1, 2])
        var tooWide = QuantumCircuit(physicalQubits: 0)
        tooWide.x(7)
        #expect(throws: CircuitError.self) { _ = try tooWide.layout(for: isa) }
    }

    @Test func benchGHZTranslatesOntoALine() throws {
        let directory = TestFiles.benchCircuits
        let circuit = try QuantumCircuit(qasm: String(contentsOf: directory.appending(path: "ghz_12_std.qasm"), encoding: .utf8))
        let line = InstructionSetArchitecture(
            qubitCount: 12, basisGates: ["ecr", "rz", "sx", "x"],
            gateQubits: ["ecr": (0..<11).map { $0 % 2 == 0 ? [$0, $0 + 1] : [$0 + 1, $0] }])
        let translated = try circuit.translated(for: line)
        try translated.validate(against: line)
        let layout = try circuit.defaultLayout(for: line)
        try Self.expectSameAction(circuit, translated, layout: layout, seed: 4)
    }
}
