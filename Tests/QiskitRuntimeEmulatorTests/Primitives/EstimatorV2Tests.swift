import Foundation
import QiskitRuntime
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator
import QuantumCircuits

/// Estimator V2 jobs (v1 `estimator`) through the emulator's HTTP API, circuits as OpenQASM 3
/// text: exact values at precision 0, the shot-noise model above it, broadcasting, both result
/// shapes.
@Suite("Estimator V2 on the simulator (HTTP, OpenQASM 3)", .timeLimit(.minutes(5)))
struct EstimatorV2Tests {
    typealias H = PrimitiveHarness

    static let bell = """
        OPENQASM 3.0;
        include "stdgates.inc";
        qubit[2] q;
        h q[0];
        cx q[0], q[1];
        """

    static let rotation = """
        OPENQASM 3.0;
        include "stdgates.inc";
        input float[64] theta;
        qubit[1] q;
        ry(theta) q[0];
        """

    static func params(_ pubs: String, options: String = "{}", tagged: Bool = true) -> String {
        #"{"pubs": \#(pubs), "options": \#(options), "version": 2, "support_qiskit": \#(tagged)}"#
    }

    /// The tagged result's `evs` and `stds` of pub `pub`, with the DataBin's shape.
    static func values(_ job: H.FinishedJob, pub: Int = 0) throws -> (evs: [Double], stds: [Double], shape: [Int]) {
        let decoded = try job.decoded()
        let result = try #require(decoded["__value__"]?["pub_results"]?.arrayValue?[pub])
        #expect(result["__type__"]?.stringValue == "PubResult")
        let data = try #require(result["__value__"]?["data"]?["__value__"])
        let evs = try #require(data["fields"]?["evs"]?.ndarrayValue)
        let stds = try #require(data["fields"]?["stds"]?.ndarrayValue)
        let ensemble = try #require(data["fields"]?["ensemble_standard_error"]?.ndarrayValue)
        #expect(evs.dtype == .float64 && stds.shape == evs.shape && ensemble == stds)
        let shape = try #require(data["shape"]?.arrayValue?.compactMap { $0.intValue })
        #expect(evs.shape == shape)
        return (try #require(evs.doubles), try #require(stds.doubles), shape)
    }

    @Test("Bell: ⟨ZZ⟩ = ⟨XX⟩ = 1, ⟨YY⟩ = −1 exactly at precision 0, stds 0, shape (3,)")
    func bell() async throws {
        try await H.with { h in
            let pubs = #"[[\#(H.quoted(Self.bell)), [{"ZZ": 1.0}, {"XX": 1.0}, {"YY": 1.0}], null, 0]]"#
            let job = try await h.run("estimator", params: Self.params(pubs))
            #expect(job.status == "Completed", "\(job.job)")
            let (evs, stds, shape) = try Self.values(job)
            #expect(shape == [3])
            #expect(zip(evs, [1.0, 1.0, -1.0]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(evs)")
            #expect(stds == [0, 0, 0])
        }
    }

    @Test("⟨Z⟩ = cos θ over a sweep: exact at precision 0; at precision p, stds = p·|sin θ| and values within 6σ")
    func rotationSweep() async throws {
        try await H.with { h in
            let thetas = (0..<7).map { Double($0) * Double.pi / 6 }
            let list = "[" + thetas.map { "\($0)" }.joined(separator: ", ") + "]"
            let exact = try await h.run("estimator", params: Self.params(#"[[\#(H.quoted(Self.rotation)), {"Z": 1}, \#(list), 0]]"#))
            let (evs, _, shape) = try Self.values(exact)
            #expect(shape == [thetas.count])
            for (value, theta) in zip(evs, thetas) { #expect(abs(value - cos(theta)) < 1e-12, "θ=\(theta): \(value)") }

            let precision = 0.01
            let noisy = try await h.run("estimator", params: Self.params(
                #"[[\#(H.quoted(Self.rotation)), "Z", \#(list), \#(precision)]]"#, options: #"{"seed_estimator": 3}"#))
            let (noisyEvs, stds, _) = try Self.values(noisy)
            for (k, theta) in thetas.enumerated() {
                let sigma = precision * abs(sin(theta))
                #expect(abs(stds[k] - sigma) < 1e-12)
                #expect(abs(noisyEvs[k] - cos(theta)) <= 6 * sigma + 1e-12)
            }
            #expect(noisyEvs != evs)   // the model adds noise where σ > 0
            let metadata = noisy.result?["__value__"]?["pub_results"]?.arrayValue?.first?["__value__"]?["metadata"]
            #expect(metadata?["target_precision"] == .double(precision))
            #expect(metadata?["shots"] == .integer(10_000))
        }
    }

    @Test("observables of shape (3, 1) broadcast against parameter values of shape (4,): pub shape (3, 4)")
    func broadcasting() async throws {
        try await H.with { h in
            let thetas = [0.3, 0.9, 1.7, 2.9]
            let pubs = #"[[\#(H.quoted(Self.rotation)), [[{"Z": 1}], [{"X": 1}], [{"Z": 2, "I": 0.5}]], [\#(thetas.map { "\($0)" }.joined(separator: ", "))], 0]]"#
            let (evs, _, shape) = try Self.values(try await h.run("estimator", params: Self.params(pubs)))
            #expect(shape == [3, 4])
            for (k, theta) in thetas.enumerated() {
                #expect(abs(evs[k] - cos(theta)) < 1e-12)
                #expect(abs(evs[4 + k] - sin(theta)) < 1e-12)
                #expect(abs(evs[8 + k] - (2 * cos(theta) + 0.5)) < 1e-12)
            }
        }
    }

    @Test("labels over the backend's 127 qubits equal labels over the circuit's 2; mixed lengths in one pub fail with 1002")
    func backendWideLabels() async throws {
        try await H.with { h in
            let xx = String(repeating: "I", count: 125) + "XX"
            let z2 = String(repeating: "I", count: 124) + "ZII"
            let pubs = #"[[\#(H.quoted(Self.bell)), [{"XX": 1}, {"YY": 2}], null, 0], [\#(H.quoted(Self.bell)), [{"\#(xx)": 1}, {"\#(z2)": 1}], null, 0]]"#
            let job = try await h.run("estimator", backend: "any_lisbon", params: Self.params(pubs))
            #expect(zip(try Self.values(job, pub: 0).evs, [1.0, -2.0]).allSatisfy { abs($0 - $1) < 1e-12 })
            // Z on qubit 2, which the circuit never touches, is +1 (|0⟩).
            #expect(try Self.values(job, pub: 1).evs.allSatisfy { abs($0 - 1) < 1e-12 })
            let mixed = try await h.run(
                "estimator", backend: "any_lisbon", params: Self.params(#"[[\#(H.quoted(Self.bell)), [{"XX": 1}, {"\#(xx)": 1}], null, 0]]"#))
            #expect(mixed.status == "Failed" && mixed.reasonCode == 1002)
            #expect(mixed.reason?.contains("different lengths") == true, "\(mixed.reason ?? "")")
        }
    }

    @Test("random_16_d20_nomeas cut to its first layers: both observables of estimator_observables.json as the engine computes them")
    func benchObservables() async throws {
        // The full circuit's values (estimator_values.json) are the engine's own test and the
        // bench's; through HTTP a few layers keep the debug build fast while the 16-qubit labels,
        // coefficients and pub plumbing are the same.
        let lines = try SimulationTestSupport.benchFile("random_16_d20_nomeas.qasm").split(separator: "\n")
        let circuit = lines.prefix(3 + 16 * 2 + 8 + 16 * 2).joined(separator: "\n") + "\n"
        let observables = try JSONParser.parse(Array(try SimulationTestSupport.benchFile("estimator_observables.json").utf8))
        var maps: [String] = []
        var sums: [PauliSum] = []
        for name in ["Z0Z1", "pauli_sum_20"] {
            let entry = try #require(observables["observables"]?[name])
            let labels = try #require(entry["labels"]?.arrayValue?.compactMap { $0.stringValue })
            let coefficients = try #require(entry["coeffs"]?.arrayValue?.compactMap { $0.doubleValue })
            maps.append(JSONWriter.write(.object(zip(labels, coefficients).map { JSONMember($0, .double($1)) }), style: .compact))
            sums.append(PauliSum(Array(zip(labels, coefficients))))
        }
        let expected = try await SimulationTestSupport.expectations(try SimulationTestSupport.program(circuit), sums)
        try await H.with { h in
            let pubs = "[[\(H.quoted(circuit)), [\(maps.joined(separator: ", "))], null, 0]]"
            let (evs, _, _) = try Self.values(try await h.run("estimator", backend: "any_lisbon", params: Self.params(pubs)))
            #expect(evs.count == 2)
            for (value, reference) in zip(evs, expected) { #expect(abs(value - reference) < 1e-12, "\(value) vs \(reference)") }
            #expect(abs(expected[0]) > 1e-3 || abs(expected[1]) > 1e-3)   // not trivially zero
        }
    }

    @Test("the plain result holds the same numbers, nested to the pub's shape; seeds reproduce")
    func plainAndSeeds() async throws {
        try await H.with { h in
            let pubs = #"[[\#(H.quoted(Self.rotation)), [{"Z": 1}, {"X": 1}], [[0.4], [1.1]], 0.02], [\#(H.quoted(Self.bell)), {"ZZ": 1, "XI": 0.5}, null, 0.05]]"#
            let options = #"{"seed_estimator": 9}"#
            let tagged = try await h.run("estimator", params: Self.params(pubs, options: options, tagged: true))
            let plain = try await h.run("estimator", params: Self.params(pubs, options: options, tagged: false))
            let result = try #require(plain.result)
            let first = try #require(result["results"]?.arrayValue?.first?["data"])
            let evs = try #require(first["evs"]?.arrayValue?.compactMap { $0.doubleValue })
            let stds = try #require(first["stds"]?.arrayValue?.compactMap { $0.doubleValue })
            let taggedValues = try Self.values(tagged)
            #expect(evs == taggedValues.evs && stds == taggedValues.stds)
            let second = try #require(result["results"]?.arrayValue?.last?["data"])
            #expect(second["evs"]?.doubleValue == (try Self.values(tagged, pub: 1)).evs.first)   // shape (): a number
            #expect(result["results"]?.arrayValue?.last?["metadata"]?["shots"] == .integer(400))

            let again = try await h.run("estimator", params: Self.params(pubs, options: options))
            #expect(try Self.values(again).evs == taggedValues.evs)
            let other = try await h.run("estimator", params: Self.params(pubs, options: #"{"seed_estimator": 10}"#))
            #expect(try Self.values(other).evs != taggedValues.evs)
        }
    }
}
