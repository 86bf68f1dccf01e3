import QuantumCircuits
import Testing
@testable import QiskitRuntime

/// The SDK's circuit-to-backend layer without a service: the instruction set of a configuration,
/// the check before submitting, translation for a configuration and observables moved onto a
/// layout (qiskit's `SparsePauliOp.apply_layout`).
@Suite("Circuits for a backend: instruction set, ISA check, translation, layouts")
struct CircuitForBackendTests {
    /// A 4-qubit line 0-1-2-3 with `cz` both ways, in the configuration form of PLATFORM.md §4.
    static let line4 = """
        {"backend_name": "line4", "backend_version": "1", "n_qubits": 4, "basis_gates": ["cz", "id", "rz", "sx", "x"],
         "gates": [{"name": "cz", "parameters": [], "qasm_def": "", "coupling_map": [[0, 1], [1, 0], [1, 2], [2, 1], [2, 3], [3, 2]]},
                   {"name": "x", "parameters": [], "qasm_def": ""}],
         "local": false, "simulator": false, "conditional": false, "open_pulse": false, "memory": true,
         "coupling_map": [[0, 1], [1, 2], [2, 3]], "online_date": "2025-01-01T00:00:00Z"}
        """

    static func configuration(_ text: String = line4) throws -> BackendConfiguration {
        try BackendConfiguration(json: try WireJSON.parse(Array(text.utf8), context: "test"))
    }

    @Test("instructionSet is read once from the document: qubits, basis, supported instructions, per-gate pairs")
    func instructionSet() throws {
        let configuration = try Self.configuration()
        let isa = try configuration.instructionSet
        #expect(isa.qubitCount == 4)
        #expect(isa.basisGates == ["cz", "id", "rz", "sx", "x"])
        #expect(isa.supportedInstructions == ["measure", "reset", "delay"])
        #expect(isa.couplingPairs.contains([2, 1]))
        #expect(!isa.couplingPairs.contains([0, 2]))
        var changed = configuration
        changed.basisGates = []
        #expect(try changed.instructionSet == isa, "the typed fields do not change it")

        let broken = try Self.configuration(#"{"backend_name": "b", "n_qubits": 2, "basis_gates": "cz"}"#)
        #expect(broken.qubitCount == 2, "the configuration itself stays readable")
        #expect { _ = try broken.instructionSet } throws: { error in
            guard let error = error as? RuntimeError else { return false }
            return error.code == .invalidResponse && error.circuitError?.code == .invalidArgument && error.message.contains("basis_gates")
        }
    }

    @Test("the ISA check names the pub, gate, qubits and line, and keeps the CircuitError; a text that does not parse is invalidCircuit")
    func isaCheck() throws {
        let configuration = try Self.configuration()
        let native = PrimitiveCircuit(parsing: "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nbit[2] c;\nsx $1;\ncz $1, $2;\nc[0] = measure $1;\n")
        try ISACheck.check([native], kind: "sampler", against: configuration)

        let far = PrimitiveCircuit(parsing: "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nbit[2] c;\nsx $1;\ncz $0, $3;\nh $2;\n")
        do {
            try ISACheck.check([native, far], kind: "estimator", against: configuration)
            Issue.record("an uncoupled cz passed")
        } catch let error as RuntimeError {
            #expect(error.code == .isaViolation)
            #expect(error.message.hasPrefix("estimator pub 1 on line4: the circuit does not fit the backend: 'cz' on qubits [0, 3]"), "\(error.message)")
            #expect(error.message.contains("(line 5)"))
            #expect(error.message.contains("(and 1 more violations)"))
            #expect(error.circuitError?.gate == "cz")
            #expect(error.circuitError?.qubits == [0, 3])
            #expect(error.circuitError?.line == 5)
        }

        var built = QuantumCircuit(qubits: 2)
        built.h(0)
        #expect { try ISACheck.check([PrimitiveCircuit(built)], kind: "sampler", against: configuration) } throws: { error in
            (error as? RuntimeError)?.circuitError?.gate == "h" && (error as? RuntimeError)?.circuitError?.line == nil
        }
        let unreadable = PrimitiveCircuit(parsing: "OPENQASM 3.0;\nqubit[1] q;\nwhile (true) { x q[0]; }\n")
        #expect(unreadable.qubitCount == nil)
        #expect { try ISACheck.check([unreadable], kind: "sampler", against: configuration) } throws: { error in
            guard let error = error as? RuntimeError else { return false }
            return error.code == .invalidCircuit && error.message.hasPrefix("sampler pub 0: the circuit could not be read: line 3")
                && error.circuitError?.line == 3
        }
    }

    @Test("translated(for: configuration) equals the library's translation with the configuration's ISA, on the layout layout(for:) names")
    func translation() throws {
        let configuration = try Self.configuration()
        var circuit = QuantumCircuit(qubits: 3, bits: 3)
        circuit.h(0)
        circuit.cx(0, 1)
        circuit.cx(1, 2)
        circuit.measure([0, 1, 2], into: [0, 1, 2])
        let layout = try circuit.layout(for: configuration)
        #expect(layout.count == 3)
        let translated = try circuit.translated(for: configuration)
        #expect(translated == (try circuit.translated(for: configuration.instructionSet, layout: layout)))
        #expect(translated == (try circuit.translated(for: configuration, layout: layout)))
        try ISACheck.check([PrimitiveCircuit(translated)], kind: "sampler", against: configuration)
        #expect { _ = try circuit.translated(for: configuration, layout: [0, 1, 9]) } throws: { error in
            (error as? RuntimeError)?.code == .invalidCircuit && (error as? RuntimeError)?.circuitError?.code == .invalidArgument
        }
        #expect { _ = try circuit.translated(for: configuration, layout: [0, 2, 3]) } throws: { error in
            guard let error = error as? RuntimeError, let circuitError = error.circuitError else { return false }
            return circuitError.code == .uncoupledQubits && circuitError.qubits.sorted() == [0, 2]
                && error.message.hasPrefix("the circuit cannot be translated for backend line4")
        }
    }

    @Test("applyingLayout moves each virtual qubit's Pauli to its physical qubit, I elsewhere (qiskit's apply_layout)")
    func applyingLayout() throws {
        let zz: PauliSum = ["ZZ": 1.0, "XI": -0.5]
        let physical = try zz.applyingLayout([3, 1], qubitCount: 5)
        #expect(physical.terms.map(\.label) == ["IZIZI", "IIIXI"])
        #expect(physical.terms.map(\.coefficient) == [1.0, -0.5])
        // qiskit: SparsePauliOp("XYZ").apply_layout([2, 0, 1], 4) == SparsePauliOp("IZXY")
        #expect(try PauliSum("XYZ").applyingLayout([2, 0, 1], qubitCount: 4).terms.first?.label == "IZXY")
        #expect(try PauliSum("XZ").applyingLayout([0, 1], qubitCount: 2) == PauliSum("XZ"))

        let array = ObservableArray(rows: [["ZI"], ["IX"]])
        let moved = try array.applyingLayout([1, 0], qubitCount: 3)
        #expect(moved.shape == [2, 1])
        #expect(moved.observables.map { $0.terms[0].label } == ["IIZ", "IXI"])

        for (layout, count, text) in [([0], 2, "has 2 qubits, the layout 1"), ([0, 0], 2, "twice"), ([0, 5], 3, "qubit 5, outside")] {
            #expect { _ = try PauliSum("ZZ").applyingLayout(layout, qubitCount: count) } throws: { error in
                guard let error = error as? RuntimeError else { return false }
                return error.code == .invalidArgument && error.message.contains(text)
            }
        }
    }

    @Test("observable widths: the circuit's, or the backend's when the Estimator knows it; the message names both")
    func observableWidths() throws {
        let circuit = PrimitiveCircuit(parsing: "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nx $1;\n")
        #expect(circuit.qubitCount == 2)
        let narrow = EstimatorPub(circuit: circuit, observables: "ZI")
        let wide = EstimatorPub(circuit: circuit, observables: "IIZI")
        _ = try PrimitiveRequest.estimator([narrow, wide], precision: nil, options: EstimatorOptions(), taggedResults: true, backendQubitCount: 4)
        #expect(throws: RuntimeError.self) { _ = try PrimitiveRequest.estimator([wide]) }
        #expect { _ = try PrimitiveRequest.estimator([EstimatorPub(circuit: circuit, observables: "ZZZ")], precision: nil, options: EstimatorOptions(),
                                                     taggedResults: true, backendQubitCount: 4) } throws: { error in
            (error as? RuntimeError)?.message == "estimator pub 0: Pauli labels of 3 qubits do not match the circuit's 2 qubits or the backend's 4"
        }
    }

    @Test("RuntimeError: the underlying error is kept and reachable, and not part of equality")
    func underlyingError() {
        let circuitError = CircuitError(.isaViolation, "x", gate: "h", qubits: [0])
        let wrapped = RuntimeError(.isaViolation, "m", underlyingError: circuitError)
        #expect(wrapped.circuitError == circuitError)
        #expect(wrapped == RuntimeError(.isaViolation, "m"))
        #expect(wrapped.hashValue == RuntimeError(.isaViolation, "m").hashValue)
        #expect(RuntimeError(.isaViolation, "m").circuitError == nil)
        #expect(wrapped != RuntimeError(.invalidCircuit, "m", underlyingError: circuitError))
    }
}
