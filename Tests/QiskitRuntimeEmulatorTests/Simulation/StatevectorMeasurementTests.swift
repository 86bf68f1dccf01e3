import Foundation
import QiskitRuntime
import QuantumCircuits
import RuntimeIO
import Testing
@testable import QiskitRuntimeEmulator

/// Sampling, mid-circuit measurement, reset, classical bits and observables.
@Suite("Statevector engine: measurement and observables", .timeLimit(.minutes(5)))
struct StatevectorMeasurementTests {
    typealias Support = SimulationTestSupport

    @Test("mid-circuit measure, conditioned copy and reset: c1 = c0 always, c2 = 0, c0 fair")
    func midCircuitMeasureAndReset() async throws {
        let text = """
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[2] q;
            bit[3] c;
            h q[0];
            c[0] = measure q[0];
            cx q[0], q[1];
            reset q[0];
            c[1] = measure q[1];
            c[2] = measure q[0];
            """
        let shots = 2000
        let bits = try await Support.sample(Support.program(text), shots: shots, seed: 3)
        var ones = 0
        for shot in 0..<shots {
            let c0 = bits.bit(shot: shot, clbit: 0)
            #expect(bits.bit(shot: shot, clbit: 1) == c0)
            #expect(!bits.bit(shot: shot, clbit: 2))
            if c0 { ones += 1 }
        }
        #expect(Support.withinSampling(ones, shots: shots, probability: 0.5))
    }

    @Test("measure then gate: the second measurement sees the collapsed state")
    func measureThenGate() async throws {
        let text = """
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[1] q;
            bit[2] c;
            ry(1.1) q[0];
            c[0] = measure q[0];
            h q[0];
            c[1] = measure q[0];
            """
        let shots = 4000
        let counts = try await Support.sample(Support.program(text), shots: shots, seed: 9).counts()
        // Without collapse P(c1 = 1) would be (1 − sin 1.1)/2 ≈ 0.05; with it, 1/2 whatever c0 was.
        let c1 = (counts["10"] ?? 0) + (counts["11"] ?? 0)
        #expect(Support.withinSampling(c1, shots: shots, probability: 0.5))
        let c0 = (counts["01"] ?? 0) + (counts["11"] ?? 0)
        #expect(Support.withinSampling(c0, shots: shots, probability: sin(0.55) * sin(0.55)))
    }

    @Test("reset of a superposition gives 0; the other qubit keeps its marginal")
    func resetSuperposition() async throws {
        let text = """
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[2] q;
            bit[2] c;
            h q[0];
            cx q[0], q[1];
            reset q[0];
            x q[0];
            c[0] = measure q[0];
            c[1] = measure q[1];
            """
        let shots = 2000
        let counts = try await Support.sample(Support.program(text), shots: shots, seed: 1).counts()
        #expect(Set(counts.keys).isSubset(of: ["01", "11"]))
        #expect(Support.withinSampling(counts["11"] ?? 0, shots: shots, probability: 0.5))
    }

    @Test("a trailing reset and a reset of a fresh qubit need no trajectories; results agree")
    func harmlessResets() async throws {
        let text = """
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[3] q;
            bit[3] c;
            reset q[2];
            h q[0];
            cx q[0], q[1];
            c[0] = measure q[0];
            c[1] = measure q[1];
            reset q[0];
            c[2] = measure q[2];
            """
        let program = try Support.program(text)
        let compiled = try CircuitCompiler.compile(program, options: SimulationOptions())
        #expect(compiled.measurementsAreTerminal)
        #expect(compiled.positionCount == 2)
        let counts = try await Support.sample(program, shots: 1000, seed: 4).counts()
        #expect(Set(counts.keys).isSubset(of: ["000", "011"]))
    }

    @Test("seeded: the same seed gives the same shots on every path, another seed other shots")
    func reproducible() async throws {
        var maker = RandomProgramMaker(seed: 77)
        var program = try maker.program(qubits: 7, gates: 40)
        program.clbitCount = 7
        for q in 0..<7 { program.append(.measure(qubit: q, clbit: 6 - q)) }
        let a = try await Support.sample(program, shots: 500, seed: 42)
        let b = try await Support.sample(program, shots: 500, seed: 42)
        let c = try await Support.sample(program, shots: 500, seed: 43)
        #expect(a == b)
        #expect(a != c)
        var threaded = SimulationOptions()
        threaded.blockQubits = 4
        threaded.parallelMinQubits = 1
        #expect(try await Support.sample(program, shots: 500, seed: 42, options: threaded) == a)
    }

    @Test("sampling agrees with exact expectation values (⟨Z_i Z_j⟩ from 20,000 shots within 5σ)")
    func samplingMatchesExpectations() async throws {
        var maker = RandomProgramMaker(seed: 2024)
        let n = 6
        var program = try maker.program(qubits: n, gates: 50)
        let unitary = program
        program.clbitCount = n
        for q in 0..<n { program.append(.measure(qubit: q, clbit: q)) }
        let shots = 20_000
        let bits = try await Support.sample(program, shots: shots, seed: 8)
        for (i, j) in [(0, 1), (2, 5), (3, 3)] {
            let pauli = i == j ? PauliString([i: .z]) : PauliString([i: .z, j: .z])
            let exact = try await Support.expectations(unitary, [PauliSum(stringLiteral: pauli.label(qubitCount: n))])[0]
            var sum = 0
            for shot in 0..<shots {
                let odd = i == j ? bits.bit(shot: shot, clbit: i) : bits.bit(shot: shot, clbit: i) != bits.bit(shot: shot, clbit: j)
                sum += odd ? -1 : 1
            }
            let estimate = Double(sum) / Double(shots)
            let sigma = ((1 - exact * exact) / Double(shots)).squareRoot()
            #expect(abs(estimate - exact) <= 5 * max(sigma, 1e-3), "Z\(i)Z\(j): \(estimate) vs \(exact)")
        }
    }

    @Test("more than 64 clbits: packed per shot, and as qiskit's big-endian BitArray")
    func manyClbits() async throws {
        var program = SimulationProgram(qubitCount: 3, clbitCount: 70)
        program.append(.unitary(try StandardGate.x.matrix(), qubits: [0]))
        program.append(.unitary(try StandardGate.x.matrix(), qubits: [2]))
        program.append(.measure(qubit: 0, clbit: 0))
        program.append(.measure(qubit: 1, clbit: 65))
        program.append(.measure(qubit: 2, clbit: 69))
        program.append(.measure(qubit: 2, clbit: 8))
        let bits = try await Support.sample(program, shots: 3, seed: 0)
        #expect(bits.bytesPerShot == 9)
        for shot in 0..<3 {
            #expect(bits.bit(shot: shot, clbit: 0))
            #expect(!bits.bit(shot: shot, clbit: 65))
            #expect(bits.bit(shot: shot, clbit: 69))
            #expect(bits.bit(shot: shot, clbit: 8))
            #expect(!bits.bit(shot: shot, clbit: 1))
        }
        // Register of clbits [0, 8, 65, 69, 3]: value bits 0 (1), 1 (1), 2 (0), 3 (1), 4 (0) = 0b01011.
        #expect(bits.bitArray(clbits: [0, 8, 65, 69, 3]) == [0b01011, 0b01011, 0b01011])
        // Ten clbits: two bytes, the high bits in the first.
        #expect(bits.bitArray(clbits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 69]) == [0b11, 0b1, 0b11, 0b1, 0b11, 0b1])
    }

    @Test("trajectories (blocked, two threads) match the deferred-measurement circuit's exact distribution")
    func deferredMeasurement() async throws {
        var maker = RandomProgramMaker(seed: 31)
        let n = 6
        let prefix = try maker.program(qubits: n, gates: 30).operations
        let suffix = try maker.program(qubits: n, gates: 30).operations
        // A: measure qubit 2 mid-circuit (then reset qubit 4), keep going, measure everything.
        var a = SimulationProgram(qubitCount: n, clbitCount: n + 2, operations: prefix)
        a.append(.measure(qubit: 2, clbit: n))
        a.append(.reset(qubit: 4))
        a.operations += suffix
        for q in 0..<n { a.append(.measure(qubit: q, clbit: q)) }
        // B: the same with the measurement deferred onto ancilla 6 (a CNOT) and the reset done by
        // swapping qubit 4 with a fresh ancilla 7; ancilla 6 is measured at the end.
        var b = SimulationProgram(qubitCount: n + 2, clbitCount: n + 2, operations: prefix)
        b.append(.unitary(try StandardGate.cx.matrix(), qubits: [2, n]))
        b.append(.permutation([0, 2, 1, 3], qubits: [4, n + 1]))
        b.operations += suffix
        for q in 0..<n { b.append(.measure(qubit: q, clbit: q)) }
        b.append(.measure(qubit: n, clbit: n))
        let captured = b
        let exact = try await Support.compute {
            try StatevectorSimulator(options: .reference, pool: Support.pool)
                .simulate(captured, forSampling: false, cancellation: nil).outcomeProbabilities()
        }
        var options = SimulationOptions()
        options.blockQubits = 4
        options.lowBlockQubits = 1
        options.parallelMinQubits = 1
        let shots = 2500
        let bits = try await Support.sample(a, shots: shots, seed: 12, options: options)
        var counts: [Int: Int] = [:]
        for shot in 0..<shots {
            var value = 0
            for clbit in 0...n where bits.bit(shot: shot, clbit: clbit) { value |= 1 << clbit }
            counts[value, default: 0] += 1
        }
        for (value, p) in exact where p > 0.01 {
            #expect(Support.withinSampling(counts[value] ?? 0, shots: shots, probability: p), "outcome \(value): \(counts[value] ?? 0) of \(shots), p = \(p)")
        }
        let unexpected = counts.keys.filter { (exact[$0] ?? 0) == 0 }
        #expect(unexpected.isEmpty, "outcomes of probability 0: \(unexpected)")
    }

    @Test("a cancelled simulation throws CancellationError")
    func cancellation() throws {
        var maker = RandomProgramMaker(seed: 1)
        let program = try maker.program(qubits: 6, gates: 30)
        let cancellation = ComputeCancellation()
        cancellation.cancel()
        #expect(throws: CancellationError.self) {
            _ = try StatevectorSimulator(pool: Support.pool).simulate(program, cancellation: cancellation)
        }
    }
}
