import Foundation
import QiskitRuntime
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator
import QuantumCircuits

/// The optional noise from a backend's calibration (`SimulatorConfiguration.noise`), on a
/// backend of known errors: readout error 0.1 on qubit 0, gate error ε = 0.03 for `x` on qubit 0
/// (a random Pauli with probability λ = ε·3/2 after each `x`).
@Suite("Sampler and Estimator noise from backend properties", .timeLimit(.minutes(3)))
struct PrimitiveNoiseTests {
    typealias H = PrimitiveHarness

    /// `x` twenty times on qubit 0 (the identity without noise), measured.
    static let xChain: String = {
        var text = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[1] q;\nbit[1] c;\n"
        for _ in 0..<20 { text += "x q[0];\n" }
        return text
    }()

    /// The probability of an odd number of bit flips in the chain (X or Y errors flip: 2λ/3 each).
    static var flipProbability: Double {
        let lambda = H.noisyGate * 3 / 2
        return (1 - pow(1 - 4 * lambda / 3, 20)) / 2
    }

    @Test("off by default: the same circuit on the noisy backend is exact")
    func offByDefault() async throws {
        try await H.with { h in
            let job = try await h.run("sampler", backend: "noisy_tallinn", params: H.samplerParams("[[\(H.quoted(Self.xChain + "c[0] = measure q[0];\n")), null, 2000]]"))
            #expect(Set(H.values(try H.bitArray(try job.decoded(), pub: 0, register: "c").array.bytes, width: 1)) == [0])
        }
    }

    @Test("Sampler: readout error alone, then gate errors and readout error together")
    func sampler() async throws {
        try await H.with({ $0.platform.simulator.noise = true }) { h in
            let shots = 4000
            let readoutOnly = try await h.run("sampler", backend: "noisy_tallinn", params: H.samplerParams(
                "[[\(H.quoted("OPENQASM 3.0;\nqubit[1] q;\nbit[1] c;\nc[0] = measure q[0];\n")), null, \(shots)]]"))
            let ones = H.values(try H.bitArray(try readoutOnly.decoded(), pub: 0, register: "c").array.bytes, width: 1).filter { $0 == 1 }.count
            #expect(H.plausible(ones, of: shots, probability: H.noisyReadout), "\(ones)")

            let chain = try await h.run("sampler", backend: "noisy_tallinn", params: H.samplerParams("[[\(H.quoted(Self.xChain + "c[0] = measure q[0];\n")), null, \(shots)]]"))
            let flips = H.values(try H.bitArray(try chain.decoded(), pub: 0, register: "c").array.bytes, width: 1).filter { $0 == 1 }.count
            let q = Self.flipProbability, r = H.noisyReadout
            #expect(H.plausible(flips, of: shots, probability: q * (1 - r) + (1 - q) * r), "\(flips); q = \(q)")
            // Seeded: the same noise again.
            let again = try await h.run("sampler", backend: "noisy_tallinn", params: H.samplerParams("[[\(H.quoted(Self.xChain + "c[0] = measure q[0];\n")), null, \(shots)]]"))
            #expect(try H.bitArray(try again.decoded(), pub: 0, register: "c").array == (try H.bitArray(try chain.decoded(), pub: 0, register: "c").array))
        }
    }

    @Test("Estimator: gate errors averaged over trajectories; readout attenuation only at resilience level 0")
    func estimator() async throws {
        try await H.with({ $0.platform.simulator.noise = true }) { h in
            let expected = 1 - 2 * Self.flipProbability                  // ⟨Z⟩ under the gate errors
            let trajectories = Double(SimulatorConfiguration().estimatorTrajectories)
            let tolerance = 5 * ((1 - expected * expected) / trajectories).squareRoot() + 1e-9
            for (level, factor) in [(1, 1.0), (0, 1 - 2 * H.noisyReadout)] {
                let params = #"{"pubs": [[\#(H.quoted(Self.xChain)), {"Z": 1}, null, 0]], "version": 2, "support_qiskit": true, "resilience_level": \#(level)}"#
                let job = try await h.run("estimator", backend: "noisy_tallinn", params: params)
                let value = try #require(try EstimatorV2Tests.values(job).evs.first)
                #expect(abs(value - expected * factor) <= tolerance * factor, "level \(level): \(value) vs \(expected * factor)")
                #expect(value < 0.999)   // noisy, not the ideal 1
            }
        }
    }
}
