import RuntimeWire
import Testing

@testable import QuantumCircuits

@Suite struct QPYDecoderTests {
    typealias Amplitude = ReferenceSimulator.Amplitude

    struct Fixture {
        var name: String
        var version: Int
        var qpy: String
        var qasm3: String
        var parameters: [String: Double]
        var parameterOrder: [String]
        var statevector: [Amplitude]
    }

    static func fixtures() throws -> [Fixture] {
        let document = try TestFiles.fixtureJSON("qpy_fixtures.json")
        return try #require(document["fixtures"]?.arrayValue).map { entry in
            let values = entry["statevector"]?.arrayValue?.compactMap(\.doubleValue) ?? []
            var parameters: [String: Double] = [:]
            for member in entry["parameters"]?.objectValue ?? [] { parameters[member.key] = member.value.doubleValue }
            return Fixture(
                name: entry["name"]?.stringValue ?? "", version: Int(entry["version"]?.integerValue ?? 0),
                qpy: entry["qpy"]?.stringValue ?? "", qasm3: entry["qasm3"]?.stringValue ?? "",
                parameters: parameters,
                parameterOrder: entry["parameter_order"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                statevector: stride(from: 0, to: values.count, by: 2).map { Amplitude(re: values[$0], im: values[$0 + 1]) })
        }
    }

    /// The distance after removing a global phase (aligning on the largest amplitude).
    static func distanceUpToPhase(_ a: [Amplitude], _ b: [Amplitude]) -> Double {
        guard let k = a.indices.max(by: { a[$0].re * a[$0].re + a[$0].im * a[$0].im < a[$1].re * a[$1].re + a[$1].im * a[$1].im }) else { return 0 }
        // rotate b by conj(b_k)·a_k / |b_k a_k|
        let (ar, ai, br, bi) = (a[k].re, a[k].im, b[k].re, b[k].im)
        let pr = br * ar + bi * ai, pi = br * ai - bi * ar
        let norm = (pr * pr + pi * pi).squareRoot()
        guard norm > 0 else { return .infinity }
        let (c, s) = (pr / norm, pi / norm)
        return ReferenceSimulator.distance(a, b.map { Amplitude(re: c * $0.re - s * $0.im, im: c * $0.im + s * $0.re) })
    }

    @Test func everyFixtureDecodesToQiskitsStatevector() throws {
        let fixtures = try Self.fixtures()
        #expect(fixtures.count == 25)
        #expect(Set(fixtures.map(\.version)) == [13, 14, 15, 16, 17])
        for fixture in fixtures {
            let label = "\(fixture.name) v\(fixture.version)"
            let circuit = try QuantumCircuit(encodedQPY: fixture.qpy)
            #expect(circuit.parameterNames == fixture.parameterOrder, "\(label)")
            let bound = try circuit.bindingParameters(fixture.parameters)
            let state = try ReferenceSimulator.run(bound)
            #expect(ReferenceSimulator.distance(state, fixture.statevector) < 1e-9, "\(label): QPY vs qiskit")
            let fromText = try QuantumCircuit(qasm: fixture.qasm3)
            var textState = try ReferenceSimulator.run(fromText)
            // The exporter writes a transpiled circuit on the physical qubits it uses ($0…$2); the
            // QPY circuit also has the idle ones, which stay |0⟩.
            if textState.count < state.count {
                textState += Array(repeating: Amplitude(re: 0, im: 0), count: state.count - textState.count)
            }
            // qiskit's OpenQASM 3 exporter drops global phases inside gate definitions, so the text
            // agrees up to a global phase; QPY carries it exactly.
            #expect(Self.distanceUpToPhase(textState, state) < 1e-9, "\(label): OpenQASM 3 vs QPY")
        }
    }

    @Test func registersParametersAndCustomGatesSurvive() throws {
        let fixtures = try Self.fixtures()
        let bell = try #require(fixtures.first { $0.name == "bell" && $0.version == 17 })
        let circuit = try QuantumCircuit(encodedQPY: bell.qpy)
        #expect(circuit.classicalRegisters.map(\.name) == ["alpha", "beta"])
        #expect(circuit.classicalRegisters.map(\.bits) == [[0], [1]])
        #expect(circuit.instructions.map(\.operation.name) == ["h", "cx", "measure", "measure"])
        let custom = try #require(fixtures.first { $0.name == "custom_gates" && $0.version == 15 })
        let customCircuit = try QuantumCircuit(encodedQPY: custom.qpy)
        #expect(customCircuit.instructions.map(\.operation.name) == ["entangle", "flip", "flip", "measure"])
        let parametric = try #require(fixtures.first { $0.name == "parametric" && $0.version == 13 })
        let parametricCircuit = try QuantumCircuit(encodedQPY: parametric.qpy)
        #expect(parametricCircuit.parameters.compactMap(\.vectorElement?.index) == [0, 1, 2])
        #expect(try parametricCircuit.bindingParameters([1.3, 0.7, -0.4, 0.9, 0.25]) == parametricCircuit.bindingParameters(parametric.parameters))
        let transpiled = try #require(fixtures.first { $0.name == "transpiled" && $0.version == 16 })
        let transpiledCircuit = try QuantumCircuit(encodedQPY: transpiled.qpy)
        #expect(transpiledCircuit.instructions.contains { $0.operation.name == "delay" && $0.qubits == [1] })
    }

    @Test func malformedAndTruncatedBytesAreTypedErrors() throws {
        let fixtures = try Self.fixtures()
        let sample = try #require(fixtures.first { $0.name == "parametric" && $0.version == 17 })
        let bytes = try Zlib.inflate(try Base64.decode(sample.qpy), maxOutput: 1 << 20)
        #expect(throws: CircuitError.self) { try QuantumCircuit(qpy: []) }
        #expect(throws: CircuitError.self) { try QuantumCircuit(encodedQPY: "not base64!") }
        var wrongVersion = bytes
        wrongVersion[6] = 12
        do {
            _ = try QuantumCircuit(qpy: wrongVersion)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unsupported)
        }
        // Every prefix that cuts into the instructions fails (the last 23 bytes are the empty
        // calibrations and layout trailers, which the reader does not need).
        for length in stride(from: 0, to: bytes.count - 23, by: 7) {
            #expect(throws: CircuitError.self) { try QuantumCircuit(qpy: Array(bytes.prefix(length))) }
        }
        var generator = SplitMix64(seed: 5)
        for _ in 0..<2000 {
            var mutated = bytes
            for _ in 0..<(1 + Int(generator.next() % 3)) {
                mutated[Int(generator.next() % UInt64(mutated.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            _ = try? QuantumCircuit(qpy: mutated)
        }
    }
}
