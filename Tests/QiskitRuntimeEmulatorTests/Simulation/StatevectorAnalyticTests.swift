import Foundation
import QiskitRuntime
import QuantumCircuits
import Testing
@testable import QiskitRuntimeEmulator

/// The engine against analytic answers.
@Suite("Statevector engine: analytic answers", .timeLimit(.minutes(5)))
struct StatevectorAnalyticTests {
    typealias Support = SimulationTestSupport

    static func ghz(_ n: Int) -> String {
        var text = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[\(n)] q;\nbit[\(n)] c;\nh q[0];\n"
        for k in 1..<n { text += "cx q[\(k - 1)], q[\(k)];\n" }
        return text + "c = measure q;\n"
    }

    @Test("GHZ(n) gives only all-0 and all-1, in equal proportion", arguments: [2, 5, 12])
    func ghz(n: Int) async throws {
        let shots = 4000
        let bits = try await Support.sample(Support.program(Self.ghz(n)), shots: shots, seed: 11)
        let counts = bits.counts()
        let zeros = String(repeating: "0", count: n), ones = String(repeating: "1", count: n)
        #expect(Set(counts.keys).isSubset(of: [zeros, ones]))
        #expect(Support.withinSampling(counts[zeros] ?? 0, shots: shots, probability: 0.5))
        #expect(counts.values.reduce(0, +) == shots)
    }

    @Test("ry(θ): P(1) = sin²(θ/2) within sampling error, ⟨Z⟩ = cos θ exactly")
    func rySweep() async throws {
        let shots = 4000
        for step in 0...8 {
            let theta = Double(step) * Double.pi / 8
            let qasm = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[1] q;\nbit[1] c;\nry(\(theta)) q[0];\nc[0] = measure q[0];\n"
            let program = try Support.program(qasm)
            let bits = try await Support.sample(program, shots: shots, seed: UInt64(100 + step))
            let ones = bits.counts()["1"] ?? 0
            let p = sin(theta / 2) * sin(theta / 2)
            #expect(Support.withinSampling(ones, shots: shots, probability: p), "θ = \(theta): \(ones) of \(shots)")
            let z = try await Support.expectations(program, ["Z"])
            #expect(abs(z[0] - cos(theta)) < 1e-14)
        }
    }

    @Test("Bell state: ⟨ZZ⟩ = ⟨XX⟩ = 1, ⟨YY⟩ = −1, ⟨ZI⟩ = ⟨XI⟩ = 0")
    func bell() async throws {
        let program = try Support.program("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nh q[0];\ncx q[0], q[1];\n")
        let labels = ["ZZ", "XX", "YY", "IZ", "IX", "ZI", "XY"]
        let values = try await Support.expectations(program, labels.map { PauliSum(stringLiteral: $0) })
        let expected: [Double] = [1, 1, -1, 0, 0, 0, 0]
        for (label, (value, wanted)) in zip(labels, zip(values, expected)) {
            #expect(abs(value - wanted) < 1e-14, "\(label): \(value)")
        }
    }

    @Test("QFT of a basis state has uniform magnitudes", arguments: [3, 6, 9])
    func qft(n: Int) async throws {
        var text = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[\(n)] q;\nx q[0];\nx q[\(n - 1)];\n"
        for target in (0..<n).reversed() {
            text += "h q[\(target)];\n"
            for control in (0..<target).reversed() {
                text += "cp(pi/\(1 << (target - control))) q[\(target)], q[\(control)];\n"
            }
        }
        for k in 0..<(n / 2) { text += "swap q[\(k)], q[\(n - 1 - k)];\n" }
        let amplitudes = try await Support.amplitudes(Support.program(text))
        let expected = 1 / Double(1 << n)
        for amplitude in amplitudes { #expect(abs(amplitude.magnitudeSquared - expected) < 1e-14) }
        // The phases of QFT|x⟩ are e^{2πi·x·k/2^n} up to a common factor.
        let x = 1 + (1 << (n - 1))
        let reference = amplitudes[0]
        for k in 0..<amplitudes.count {
            let phase = 2 * Double.pi * Double(x * k % (1 << n)) / Double(1 << n)
            let expectedAmplitude = reference * ComplexNumber.phase(phase)
            #expect(Support.distance([amplitudes[k]], [expectedAmplitude]) < 1e-12, "k = \(k)")
        }
    }

    @Test("gate identities on random states: HXH = Z, CX = H·CZ·H, ECR and U decompositions, SWAP = 3 CX")
    func identities() async throws {
        let prepare = """
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[4] q;
            u(0.3, 1.1, -0.7) q[0]; u(1.9, -0.2, 0.4) q[1]; u(2.4, 0.9, 1.3) q[2]; u(0.8, -1.4, 2.2) q[3];
            cx q[0], q[2]; cx q[3], q[1]; ry(0.77) q[2]; cz q[1], q[2]; rx(-1.2) q[0]; cx q[2], q[3];

            """
        let pairs: [(String, String)] = [
            ("h q[1]; x q[1]; h q[1];", "z q[1];"),
            ("cx q[0], q[3];", "h q[3]; cz q[0], q[3]; h q[3];"),
            ("swap q[1], q[2];", "cx q[1], q[2]; cx q[2], q[1]; cx q[1], q[2];"),
            ("u(0.4, 0.9, -1.7) q[2];", "rz(-1.7) q[2]; ry(0.4) q[2]; rz(0.9) q[2]; gphase(-0.4);"),
            ("sx q[0];", "gphase(pi/4); rx(pi/2) q[0];"),
            ("cp(0.6) q[1], q[3];", "p(0.3) q[1]; cx q[1], q[3]; p(-0.3) q[3]; cx q[1], q[3]; p(0.3) q[3];"),
            ("ecr q[0], q[1];", "rzx(pi/4) q[0], q[1]; x q[0]; rzx(-pi/4) q[0], q[1];"),
            ("ccx q[0], q[1], q[2];", "h q[2]; cx q[1], q[2]; tdg q[2]; cx q[0], q[2]; t q[2]; cx q[1], q[2]; tdg q[2]; cx q[0], q[2]; t q[1]; t q[2]; h q[2]; cx q[0], q[1]; t q[0]; tdg q[1]; cx q[0], q[1];"),
            ("cswap q[3], q[0], q[2];", "cx q[2], q[0]; ccx q[3], q[0], q[2]; cx q[2], q[0];"),
            ("y q[3];", "gphase(pi/2); z q[3]; x q[3];"),
        ]
        for (left, right) in pairs {
            let a = try await Support.amplitudes(Support.program(prepare + left))
            let b = try await Support.amplitudes(Support.program(prepare + right))
            #expect(Support.distance(a, b) < 1e-12, "\(left) vs \(right)")
        }
    }

    @Test("only the qubits a circuit touches are simulated; physical qubits 100 and 101 are a 2-qubit state")
    func compaction() async throws {
        let text = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nbit[2] c;\nh $100;\ncx $100, $101;\nc[0] = measure $100;\nc[1] = measure $101;\n"
        let program = try Support.program(text)
        #expect(program.qubitCount == 2)
        #expect(program.circuitQubits == [100, 101])
        let simulated = try await Support.compute {
            try StatevectorSimulator(pool: Support.pool).simulate(program).simulatedQubits
        }
        #expect(simulated == 2)
        func label(_ factors: [Int: PauliString.Pauli]) -> PauliSum {
            PauliSum(stringLiteral: PauliString(factors).label(qubitCount: 102))
        }
        let zz = try await Support.expectations(program, [label([100: .z, 101: .z])])
        #expect(abs(zz[0] - 1) < 1e-14)
        // A qubit the circuit does not use is |0⟩: Z gives 1, X gives 0.
        let others = try await Support.expectations(
            program, [label([7: .z]), label([7: .x, 100: .x, 101: .x])])
        #expect(abs(others[0] - 1) < 1e-14)
        #expect(others[1] == 0)
    }

    @Test("too many qubits is a clear error naming the limit")
    func qubitLimit() async throws {
        var program = SimulationProgram(qubitCount: 30)
        for q in 0..<30 { program.append(.unitary(try StandardGate.h.matrix(), qubits: [q])) }
        for q in 1..<30 { program.append(.unitary(try StandardGate.cz.matrix(), qubits: [q - 1, q])) }
        var options = SimulationOptions()
        options.maxQubits = 26
        let captured = program
        await #expect(throws: SimulationError.self) {
            _ = try await StatevectorSimulator(options: options, pool: Support.pool).sample(captured, shots: 1, seed: 0)
        }
        do {
            _ = try await StatevectorSimulator(options: options, pool: Support.pool).sample(captured, shots: 1, seed: 0)
        } catch let error as SimulationError {
            #expect(error.kind == .tooManyQubits)
            #expect(error.message.contains("26"))
        }
    }
}
