import RuntimeWire
import Testing

@testable import QuantumCircuits

/// Backend configurations shaped like the service's (PLATFORM.md §4), small.
enum TestBackends {
    /// A 5-qubit Heron-style line 0–1–2–3–4 with `cz` in both directions.
    static let heronJSON = """
        {"backend_name":"fake_heron","n_qubits":5,"basis_gates":["cz","id","rz","sx","x"],
         "supported_instructions":["cz","id","delay","measure","reset","rz","sx","x"],
         "coupling_map":[[0,1],[1,0],[1,2],[2,1],[2,3],[3,2],[3,4],[4,3]],
         "gates":[{"name":"cz","parameters":[],"qasm_def":"","coupling_map":[[0,1],[1,0],[1,2],[2,1],[2,3],[3,2],[3,4],[4,3]]},
                  {"name":"sx","parameters":[],"qasm_def":"","coupling_map":[[0],[1],[2],[3],[4]]},
                  {"name":"rz","parameters":["theta"],"qasm_def":"","coupling_map":[[0],[1],[2],[3],[4]]}]}
        """
    /// A 4-qubit Eagle-style ring with directed `ecr` (0→1, 2→1, 2→3, 0→3) and no `reset`.
    static let eagleJSON = """
        {"backend_name":"fake_eagle","n_qubits":4,"basis_gates":["ecr","id","rz","sx","x"],
         "supported_instructions":["measure","delay"],
         "coupling_map":[[0,1],[1,0],[2,1],[1,2],[2,3],[3,2],[0,3],[3,0]],
         "gates":[{"name":"ecr","parameters":[],"qasm_def":"","coupling_map":[[0,1],[2,1],[2,3],[0,3]]}]}
        """

    static var heron: InstructionSetArchitecture {
        get throws { try InstructionSetArchitecture(configuration: JSONParser.parse(heronJSON)) }
    }

    static var eagle: InstructionSetArchitecture {
        get throws { try InstructionSetArchitecture(configuration: JSONParser.parse(eagleJSON)) }
    }
}

@Suite struct ISAValidationTests {
    @Test func configurationBecomesISA() throws {
        let heron = try TestBackends.heron
        #expect(heron.qubitCount == 5)
        #expect(heron.operations == ["cz", "id", "rz", "sx", "x", "delay", "measure", "reset", "barrier"])
        #expect(heron.couplingPairs.count == 8)
        let eagle = try TestBackends.eagle
        #expect(eagle.couplingPairs == [[0, 1], [2, 1], [2, 3], [0, 3]])
        #expect(throws: CircuitError.self) { try InstructionSetArchitecture(configuration: JSONParser.parse("{\"basis_gates\":[]}")) }
        #expect(throws: CircuitError.self) { try InstructionSetArchitecture(configuration: JSONParser.parse("{\"n_qubits\":2,\"basis_gates\":[1]}")) }
    }

    @Test func nativeCircuitsPass() throws {
        let text = """
            OPENQASM 3.0;
            bit[2] c;
            rz(pi/2) $0;
            sx $0;
            cz $1, $0;
            delay[160dt] $2;
            barrier $0, $1;
            reset $1;
            c[0] = measure $0;
            c[1] = measure $1;
            """
        try QuantumCircuit(qasm: text).validate(against: TestBackends.heron)
        let eagle = try QuantumCircuit(qasm: "OPENQASM 3.0;\nbit[1] c;\nx $2;\necr $2, $1;\nc[0] = measure $1;")
        try eagle.validate(against: TestBackends.eagle)
    }

    @Test func violationsNameGateQubitsAndLine() throws {
        let circuit = try QuantumCircuit(qasm: """
            OPENQASM 3.0;
            include "stdgates.inc";
            bit[1] c;
            h $0;
            cz $0, $2;
            cz $4, $5;
            ecr $0, $1;
            c[0] = measure $0;
            """)
        let heron = try TestBackends.heron
        let violations = circuit.isaViolations(against: heron)
        #expect(violations.map(\.reason) == [.notInBasis, .uncoupled, .qubitOutOfRange(5), .notInBasis])
        #expect(violations.map(\.gate) == ["h", "cz", "cz", "ecr"])
        #expect(violations[1].qubits == [0, 2])
        #expect(violations[1].location?.line == 5)
        do {
            try circuit.validate(against: heron)
            Issue.record("expected a violation")
        } catch {
            #expect(error.code == .isaViolation)
            #expect(error.gate == "h")
            #expect(error.qubits == [0])
            #expect(error.line == 4)
            #expect(error.message.contains("and 3 more"))
        }
    }

    @Test func directionAndUnsupportedInstructionsOnEagle() throws {
        let circuit = try QuantumCircuit(qasm: "OPENQASM 3.0;\necr $1, $0;\necr $0, $1;\nreset $2;\nsx $3;")
        let violations = circuit.isaViolations(against: try TestBackends.eagle)
        #expect(violations.map(\.reason) == [.uncoupled, .unsupportedInstruction])
        #expect(violations.map(\.instructionIndex) == [0, 2])
        #expect(violations[0].description.contains("'ecr' on qubits [1, 0]"))
    }

    @Test func perGateQubitListsRestrictSingleQubitGates() throws {
        let isa = InstructionSetArchitecture(
            qubitCount: 3, basisGates: ["rz", "sx", "cz"], gateQubits: ["sx": [[0], [1]]])
        let circuit = try QuantumCircuit(qasm: "OPENQASM 3.0;\nsx $1;\nsx $2;\ncz $2, $0;")
        #expect(circuit.isaViolations(against: isa).map(\.reason) == [.notOnTheseQubits])
    }
}
