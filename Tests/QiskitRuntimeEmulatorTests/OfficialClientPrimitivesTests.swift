import Foundation
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

/// The newest official Python client, qiskit-ibm-runtime 0.51.0 (unmodified, in the venv
/// `.ci/run` makes), runs SamplerV2 and EstimatorV2 against the emulator's simulator: ISA
/// circuits transpiled with qiskit's preset pass manager for `fake_tallinn` travel as QPY, in a
/// Session and in a Batch, and the answers are physically right (Bell and GHZ counts, a
/// parameter sweep, expectation values against qiskit's `Statevector`). The same circuits as
/// OpenQASM 3 text give the same results. The script is `Python/official_client_primitives.py`.
@Suite("Official Python client (qiskit-ibm-runtime): SamplerV2 and EstimatorV2 on the simulator", .timeLimit(.minutes(4)))
struct OfficialClientPrimitivesTests {
    @Test("SamplerV2 in a Session and EstimatorV2 in a Batch: right answers; OpenQASM 3 and QPY agree; non-ISA fails with 1517")
    func primitives() async throws {
        guard let (out, _) = try await OfficialClientRun.run(
            script: "official_client_primitives.py",
            timing: EmulatorTiming(queued: .milliseconds(50), interval: .milliseconds(50), interimCount: 0),
            apiKey: "official-primitives-key", crn: "crn:v1:bluemix:public:quantum-computing:us-east:a/official:primitives::")
        else { return }

        let isa = try #require(out["isa_ops"]?.arrayValue?.compactMap { $0.stringValue })
        #expect(Set(isa).isSubset(of: ["cz", "rz", "sx", "x", "measure", "barrier"]))
        #expect(out["sampler_session"] == .bool(true))
        #expect(out["sampler_shots"] == .integer(2000))
        let bell = try #require(out["bell_counts"]?.objectValue)
        #expect(Set(bell.map(\.key)) == ["00", "11"])
        let zeros = Int(bell.first { $0.key == "00" }?.value.integerValue ?? 0)
        #expect(PrimitiveHarness.plausible(zeros, of: 2000, probability: 0.5), "\(bell)")
        #expect(Set(try #require(out["ghz_counts"]?.objectValue).map(\.key)) == ["00000", "11111"])
        #expect(out["sweep_shape"] == .array([.integer(5)]))
        let observed = try #require(out["sweep_p1"]?.arrayValue?.compactMap { $0.doubleValue })
        let expected = try #require(out["sweep_expected"]?.arrayValue?.compactMap { $0.doubleValue })
        #expect(observed.count == 5)
        for (p, q) in zip(observed, expected) {
            #expect(PrimitiveHarness.plausible(Int((p * 2000).rounded()), of: 2000, probability: q), "P(1) \(p) vs \(q)")
        }
        #expect(out["spans"]?["count"] == .integer(3))
        #expect(out["spans"]?["start_before_stop"] == .bool(true))
        #expect(out["spans"]?["pubs"] == .array([.integer(0), .integer(1), .integer(2)]))
        #expect(out["sampler_usage"]?.doubleValue.map { $0 > 0 } == true)

        #expect(out["estimator_batch"] == .bool(true))
        #expect(out["estimator_shape"] == .array([.array([.integer(4)]), .array([.integer(2), .integer(3)])]))
        #expect(out["estimator_precision"] == .double(0.005))
        let checks = try #require(out["estimator"]?.arrayValue)
        #expect(checks.count == 4 + 6)
        for check in checks {
            let ev = try #require(check["ev"]?.doubleValue), std = try #require(check["std"]?.doubleValue)
            let exact = try #require(check["exact"]?.doubleValue)
            #expect(std <= 0.005 * 2.1 + 1e-12)   // precision × ‖coefficients‖ (at most 2.06 here)
            #expect(abs(ev - exact) <= 6 * std + 1e-9, "ev \(ev) vs exact \(exact) (std \(std))")
        }

        #expect(out["differential_bell"] == .bool(true))
        #expect(out["differential_ghz"] == .bool(true))
        #expect(out["differential_estimator"]?.doubleValue.map { $0 < 1e-9 } == true)
        let refusal = try #require(out["non_isa"]?.stringValue)
        #expect(refusal.contains("1517"), "\(refusal)")
    }
}
