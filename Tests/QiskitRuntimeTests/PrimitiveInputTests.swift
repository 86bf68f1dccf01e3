import QuantumCircuits
import Testing
@testable import QiskitRuntime

@Suite("Primitive inputs")
struct PrimitiveInputTests {
    static let bell = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nbit[2] c;\nqubit[2] q;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n"

    func error(_ body: () throws -> Void) -> RuntimeError? {
        do {
            try body()
            return nil
        } catch let error as RuntimeError {
            return error
        } catch {
            return nil
        }
    }

    @Test("sampler params: pubs as qiskit-ibm-runtime encodes them (values as an ndarray of shape pub shape + (n,))")
    func samplerParams() throws {
        let fixture = try #require(try PrimitiveFixtures.value("params_sampler.json")["pubs"]?.arrayValue)
        let pubs = try fixture.map { entry -> SamplerPub in
            let shape = try #require(entry[2]?.arrayValue?.compactMap { $0.intValue })
            let values = PrimitiveFixtures.doubles(entry[1])
            let parameterCount = shape.last ?? 0
            return SamplerPub(circuit: entry[0]?.stringValue ?? "",
                              parameterValues: try ParameterValues(values: values, shape: Array(shape.dropLast()), parameterCount: parameterCount),
                              shots: entry[3]?.intValue)
        }
        #expect(pubs[0].shape == [2, 3])
        #expect(pubs[1].shape == [])
        let request = try PrimitiveRequest.sampler(pubs)
        #expect(request.programID == "sampler")
        let sent = try #require(request.params["pubs"]?.arrayValue)
        for (wire, entry) in zip(sent, fixture) {
            #expect(wire[0] == entry[0])
            let array = try #require(wire[1]?.ndarrayValue)
            #expect(array.dtype == .float64)
            #expect(array.shape == entry[2]?.arrayValue?.compactMap { $0.intValue })
            #expect(array.doubles == PrimitiveFixtures.doubles(entry[1]))
            #expect(wire[2] == entry[3])
        }
        #expect(request.params["version"] == 2)
        #expect(request.params["support_qiskit"] == true)
        #expect(request.params["options"] == [:])
        // The params survive the JSON round trip the service sees.
        #expect(try RuntimeValue(json: request.params.json) == request.params)
    }

    @Test("estimator params: observables nested to their shape, values broadcast, precision")
    func estimatorParams() throws {
        let entry = try #require(try PrimitiveFixtures.value("params_estimator.json")["pubs"]?[0])
        let observables = ObservableArray(rows: [[["ZZ": 1.0]], [["XX": 0.5, "YY": -0.5]], [["IZ": 2.0]]])
        let pub = EstimatorPub(circuit: PrimitiveCircuit(qasm3: entry[0]?.stringValue ?? "", qubitCount: 2, parameterNames: ["theta"]),
                               observables: observables, parameterValues: ParameterValues(sweep: [[0.1], [1.2]]), precision: 0.01)
        #expect(pub.shape == [3, 2])
        let request = try PrimitiveRequest.estimator([pub])
        let wire = try #require(request.params["pubs"]?[0])
        #expect(wire[0] == entry[0])
        #expect(wire[1] == entry[1])
        #expect(wire[2]?.ndarrayValue?.shape == entry[3]?.arrayValue?.compactMap { $0.intValue })
        #expect(wire[2]?.ndarrayValue?.doubles == PrimitiveFixtures.doubles(entry[2]))
        #expect(wire[3] == entry[4])
        #expect(request.programID == "estimator")
    }

    @Test("a pub without parameters sends an empty (0,) array and null shots; run shots fill pubs without their own")
    func defaults() throws {
        let request = try PrimitiveRequest.sampler([SamplerPub(circuit: Self.bell), SamplerPub(circuit: Self.bell, shots: 10)], shots: 500)
        let pubs = try #require(request.params["pubs"]?.arrayValue)
        #expect(pubs[0][1]?.ndarrayValue?.shape == [0])
        #expect(pubs[0][2] == 500)
        #expect(pubs[1][2] == 10)
        let bare = try PrimitiveRequest.sampler([SamplerPub(circuit: Self.bell)])
        #expect(bare.params["pubs"]?[0]?[2] == .null)
        let plain = try PrimitiveRequest.estimator([EstimatorPub(circuit: Self.bell, observables: "ZZ")], precision: 0.02, taggedResults: false)
        #expect(plain.params["support_qiskit"] == false)
        #expect(plain.params["pubs"]?[0]?[1] == ["ZZ": 1.0])
        #expect(plain.params["pubs"]?[0]?[3] == 0.02)
    }

    @Test("broadcasting: shapes aligned at the right, 1 stretches; mismatches name both shapes")
    func broadcasting() throws {
        #expect(ShapeMath.broadcast([3, 1], [2]) == [3, 2])
        #expect(ShapeMath.broadcast([], [4, 5]) == [4, 5])
        #expect(ShapeMath.broadcast([2, 1, 3], [4, 1]) == [2, 4, 3])
        #expect(ShapeMath.broadcast([2], [3]) == nil)
        let pub = EstimatorPub(circuit: PrimitiveCircuit(qasm3: Self.bell), observables: ["ZZ", "XX"],
                               parameterValues: ParameterValues(sweep: [[0.1], [0.2], [0.3]]))
        #expect(pub.shape == nil)
        let thrown = error { _ = try PrimitiveRequest.estimator([pub]) }
        #expect(thrown?.code == .invalidArgument)
        #expect(thrown?.message.contains("(2,)") == true && thrown?.message.contains("(3,)") == true)
        #expect(thrown?.message.contains("estimator pub 0") == true)
    }

    @Test("observables are checked: Pauli alphabet, one width, the circuit's qubits, at least one term")
    func observables() throws {
        let known = PrimitiveCircuit(qasm3: Self.bell, qubitCount: 2)
        let cases: [(ObservableArray, String)] = [
            (["ZQ": 1.0], "characters other than I, X, Y, Z"),
            (["ZZ": 1.0, "Z": 1.0], "different lengths"),
            (["ZZZ": 1.0], "the circuit's 2 qubits"),
            (ObservableArray(PauliSum([])), "no terms"),
            (["ZZ": .infinity], "not finite"),
            (ObservableArray(rows: [["ZZ"], ["XX", "YY"]]), "different lengths"),
        ]
        for (observables, message) in cases {
            let thrown = error { _ = try PrimitiveRequest.estimator([EstimatorPub(circuit: known, observables: observables)]) }
            #expect(thrown?.code == .invalidArgument)
            #expect(thrown?.message.contains(message) == true, "\(thrown?.message ?? "no error") lacks \(message)")
        }
        let unknown = error { _ = try PrimitiveRequest.estimator([EstimatorPub(circuit: PrimitiveCircuit(qasm3: Self.bell), observables: ["ZZ", "XXX"])]) }
        #expect(unknown?.message == "estimator pub 0, observable 1: Pauli labels of 3 qubits do not match the 2 qubits of the first observable")
        let summed: PauliSum = PauliSum([("ZZ", 1.0), ("XX", 2.0), ("ZZ", 0.5)])
        #expect(summed.terms == [PauliSum.Term(label: "ZZ", coefficient: 1.5), PauliSum.Term(label: "XX", coefficient: 2.0)])
        #expect(summed.description == #"{"ZZ": 1.5, "XX": 2.0}"#)
    }

    @Test("parameter values: counts against known parameters, names put in the circuit's order")
    func parameters() throws {
        let circuit = PrimitiveCircuit(qasm3: "…", parameterNames: ["phi", "theta"])
        let tooFew = error { _ = try PrimitiveRequest.sampler([SamplerPub(circuit: circuit, parameterValues: [0.5])]) }
        #expect(tooFew?.code == .invalidArgument)
        #expect(tooFew?.message.contains("1 parameter values for the circuit's 2 parameters") == true)
        let named = ParameterValues(named: ["theta": [1, 2, 3], "phi": [10, 20, 30]])
        #expect(named.shape == [3])
        let wire = try #require(try PrimitiveRequest.sampler([SamplerPub(circuit: circuit, parameterValues: named)]).params["pubs"]?[0]?[1]?.ndarrayValue)
        #expect(wire.shape == [3, 2])
        #expect(wire.doubles == [10, 1, 20, 2, 30, 3])
        // Without the circuit's parameters, values by name go as a dict of name to values.
        let byName = try PrimitiveRequest.sampler([SamplerPub(circuit: "text", parameterValues: named)])
        #expect(byName.params["pubs"]?[0]?[1] == ["phi": [10.0, 20.0, 30.0], "theta": [1.0, 2.0, 3.0]])
        let single = try PrimitiveRequest.sampler([SamplerPub(circuit: "text", parameterValues: ParameterValues(named: ["theta": 1.5]))])
        #expect(single.params["pubs"]?[0]?[1] == ["theta": 1.5])
        let wrongNames = error { _ = try PrimitiveRequest.sampler([SamplerPub(circuit: circuit, parameterValues: ParameterValues(named: ["a": 1, "b": 2]))]) }
        #expect(wrongNames?.code == .invalidArgument)
        let ragged = error { _ = try PrimitiveRequest.sampler([SamplerPub(circuit: "text", parameterValues: ParameterValues(sweep: [[1], [1, 2]]))]) }
        #expect(ragged?.message.contains("different lengths") == true)
        let raggedNames = error { _ = try PrimitiveRequest.sampler([SamplerPub(circuit: "text", parameterValues: ParameterValues(named: ["a": [1], "b": [1, 2]]))]) }
        #expect(raggedNames?.code == .invalidArgument)
        #expect(throws: RuntimeError.self) { try ParameterValues(values: [1, 2, 3], shape: [2], parameterCount: 2) }
        let grid = try ParameterValues(ndarray: try NDArray(doubles: Array(repeating: 0.5, count: 12), shape: [2, 3, 2]))
        #expect(grid.shape == [2, 3] && grid.parameterCount == 2)
    }

    @Test("a built QuantumCircuit and parsed text: sent as OpenQASM 3, checked against their qubits and sorted parameters")
    func builtCircuits() throws {
        var circuit = QuantumCircuit(qubits: 2, bits: 2)
        circuit.ry(.parameter("theta"), 0)
        circuit.rz(.parameter("alpha"), 1)
        circuit.cx(0, 1)
        circuit.measure([0, 1], into: [0, 1])
        let pub = SamplerPub(circuit: circuit, parameterValues: ParameterValues(named: ["theta": [0.1, 0.2], "alpha": [1.0, 2.0]]))
        #expect(pub.circuit.qubitCount == 2)
        #expect(pub.circuit.parameterNames == ["alpha", "theta"])
        let wire = try #require(try PrimitiveRequest.sampler([pub]).params["pubs"]?[0])
        #expect(wire[0] == .string(circuit.qasm3))
        #expect(wire[1]?.ndarrayValue?.shape == [2, 2])
        #expect(wire[1]?.ndarrayValue?.doubles == [1.0, 0.1, 2.0, 0.2])
        let tooMany = error { _ = try PrimitiveRequest.sampler([SamplerPub(circuit: circuit, parameterValues: [1, 2, 3])]) }
        #expect(tooMany?.message.contains("3 parameter values for the circuit's 2 parameters") == true)
        let wide = error { _ = try PrimitiveRequest.estimator([EstimatorPub(circuit: circuit, observables: "ZZZ", parameterValues: [1, 2])]) }
        #expect(wide?.message.contains("the circuit's 2 qubits") == true)
        // Text that the shared parser reads is checked the same way; text it cannot read is sent as is.
        let parsed = Self.bell.primitiveCircuit
        #expect(parsed.qubitCount == 2 && parsed.parameterNames == [])
        #expect(PrimitiveCircuit(parsing: "not OpenQASM").qubitCount == nil)
        #expect(error { _ = try PrimitiveRequest.estimator([EstimatorPub(circuit: Self.bell, observables: "Z")]) }?.code == .invalidArgument)
    }

    @Test("bad counts and precisions are refused before anything is sent")
    func limits() throws {
        let cases: [(String, () throws -> Void)] = [
            ("no pubs", { _ = try PrimitiveRequest.sampler([]) }),
            ("zero shots", { _ = try PrimitiveRequest.sampler([SamplerPub(circuit: Self.bell, shots: 0)]) }),
            ("negative run shots", { _ = try PrimitiveRequest.sampler([SamplerPub(circuit: Self.bell)], shots: -1) }),
            ("zero precision", { _ = try PrimitiveRequest.estimator([EstimatorPub(circuit: Self.bell, observables: "ZZ", precision: 0)]) }),
            ("NaN run precision", { _ = try PrimitiveRequest.estimator([EstimatorPub(circuit: Self.bell, observables: "ZZ")], precision: .nan) }),
            ("no estimator pubs", { _ = try PrimitiveRequest.estimator([]) }),
        ]
        for (name, body) in cases {
            #expect(error(body)?.code == .invalidArgument, "\(name)")
        }
    }

    @Test("options: nil fields are not sent; set fields use the service's names; raw merges in")
    func options() throws {
        var sampler = SamplerOptions()
        #expect(try sampler.wireObject() == [:])
        sampler.defaultShots = 4000
        sampler.dynamicalDecoupling = DynamicalDecouplingOptions(enable: true, sequenceType: "XY4")
        sampler.twirling = TwirlingOptions(enableGates: true, numRandomizations: .count(16), shotsPerRandomization: .auto)
        sampler.execution.measType = "kerneled"
        sampler.environment = EnvironmentOptions(logLevel: "INFO", jobTags: ["bell"])
        sampler.maxExecutionTime = .seconds(300)
        sampler.raw = ["twirling": ["strategy": "all"], "experimental": ["execution_path": "gen3-turbo"]]
        let request = try PrimitiveRequest.sampler([SamplerPub(circuit: Self.bell)], options: sampler)
        #expect(request.params["options"] == [
            "default_shots": 4000,
            "dynamical_decoupling": ["enable": true, "sequence_type": "XY4"],
            "twirling": ["enable_gates": true, "num_randomizations": 16, "shots_per_randomization": "auto", "strategy": "all"],
            "execution": ["meas_type": "kerneled"],
            "experimental": ["execution_path": "gen3-turbo"],
        ])
        #expect(request.tags == ["bell"])
        #expect(request.logLevel == "INFO")
        #expect(request.maxExecutionTime == .seconds(300))

        var estimator = EstimatorOptions()
        estimator.resilienceLevel = 1
        estimator.defaultPrecision = 0.01
        estimator.seedEstimator = 42
        estimator.execution.initQubits = false
        let params = try PrimitiveRequest.estimator([EstimatorPub(circuit: Self.bell, observables: "ZZ")], options: estimator).params
        #expect(params["resilience_level"] == 1)
        #expect(params["options"] == ["default_precision": 0.01, "seed_estimator": 42, "execution": ["init_qubits": false]])

        var bad = EstimatorOptions()
        bad.resilienceLevel = 3
        #expect(error { _ = try PrimitiveRequest.estimator([EstimatorPub(circuit: Self.bell, observables: "ZZ")], options: bad) }?.code == .invalidArgument)
        var badTwirl = SamplerOptions()
        badTwirl.twirling.numRandomizations = .count(0)
        #expect(error { _ = try PrimitiveRequest.sampler([SamplerPub(circuit: Self.bell)], options: badTwirl) }?.code == .invalidArgument)
        var shortTime = SamplerOptions()
        shortTime.maxExecutionTime = .milliseconds(10)
        #expect(error { _ = try PrimitiveRequest.sampler([SamplerPub(circuit: Self.bell)], options: shortTime) }?.code == .invalidArgument)
    }
}
