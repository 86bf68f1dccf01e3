import Foundation
import QiskitRuntime
import QuantumCircuits
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

/// The benchmark circuits (OpenQASM 3 as qiskit writes it) through the parser, the lowering and
/// the engine, against the exact values three independent simulators agree on.
@Suite("Statevector engine: benchmark circuits", .timeLimit(.minutes(5)))
struct StatevectorBenchCircuitTests {
    typealias Support = SimulationTestSupport

    /// The observables of `estimator_observables.json` by name.
    static func observables() throws -> [String: PauliSum] {
        let json = try JSONParser.parse(Array(try Support.benchFile("estimator_observables.json").utf8))
        guard let entries = json["observables"]?.objectValue else {
            throw SimulationError(.invalidProgram, "estimator_observables.json: no observables")
        }
        var result: [String: PauliSum] = [:]
        for member in entries {
            guard let labels = member.value["labels"]?.arrayValue, let coefficients = member.value["coeffs"]?.arrayValue
            else { continue }
            result[member.key] = PauliSum(zip(labels.compactMap(\.stringValue), coefficients.compactMap(\.doubleValue)))
        }
        return result
    }

    @Test("random_16_d20_nomeas: both observables equal estimator_values.json within 1e-12")
    func estimatorValues() async throws {
        let program = try Support.program(try Support.benchFile("random_16_d20_nomeas.qasm"))
        #expect(program.qubitCount == 16)
        let observables = try Self.observables()
        let json = try JSONParser.parse(Array(try Support.benchFile("estimator_values.json").utf8))
        let reference = try #require(json["values"]?["est_sv"])
        let names = ["Z0Z1", "pauli_sum_20"]
        let computed = try await Support.expectations(program, try names.map { name in
            guard let observable = observables[name] else { throw SimulationError(.invalidProgram, "no \(name)") }
            return observable
        })
        for (name, value) in zip(names, computed) {
            let expected = try #require(reference[name]?.doubleValue)
            #expect(abs(value - expected) < 1e-12, "\(name): \(value) vs \(expected)")
        }
    }

    @Test("ghz_12_native and ghz_12_std: only all-0 and all-1")
    func ghz12() async throws {
        for name in ["ghz_12_native.qasm", "ghz_12_std.qasm"] {
            let counts = try await Support.sample(Support.program(Support.benchFile(name)), shots: 2000, seed: 5).counts()
            #expect(Set(counts.keys) == [String(repeating: "0", count: 12), String(repeating: "1", count: 12)], "\(name)")
        }
    }
}
