import QuantumCircuits
import Testing
@testable import QiskitRuntimeEmulator

/// Every fast path (specialised kernels, fusion, relabelling, cache blocks gathered and in place,
/// two threads) against the plain path: each gate applied on its own with the generic dense
/// kernel.
@Suite("Statevector engine: fast paths against the plain path", .timeLimit(.minutes(5)))
struct StatevectorDifferentialTests {
    typealias Support = SimulationTestSupport

    @Test("random programs on 1 to 9 qubits: amplitudes equal within 1e-12 on every path", arguments: 0..<12)
    func randomPrograms(seed: Int) async throws {
        var maker = RandomProgramMaker(seed: UInt64(seed) &* 7919 &+ 17)
        let n = 1 + seed % 9
        let program = try maker.program(qubits: n, gates: 60)
        let reference = try await Support.amplitudes(program, options: .reference)
        let norm = reference.reduce(0) { $0 + $1.magnitudeSquared }
        #expect(abs(norm - 1) < 1e-12)
        for (name, options) in Support.configurations {
            let amplitudes = try await Support.amplitudes(program, options: options)
            #expect(Support.distance(amplitudes, reference) < 1e-12, "\(name), \(n) qubits, seed \(seed)")
        }
    }

    @Test("brick circuits like the benchmark's (rz, sx, cz layers) on 10 qubits, blocks of 3 to 8")
    func brickCircuits() async throws {
        var maker = RandomProgramMaker(seed: 99)
        let n = 10
        var program = SimulationProgram(qubitCount: n)
        for layer in 0..<8 {
            for q in 0..<n {
                program.append(.unitary(try StandardGate.rz.matrix([maker.angle()]), qubits: [q]))
                program.append(.unitary(try StandardGate.sx.matrix(), qubits: [q]))
            }
            for q in stride(from: layer % 2, to: n - 1, by: 2) {
                program.append(.unitary(try StandardGate.cz.matrix(), qubits: [q, q + 1]))
            }
        }
        let reference = try await Support.amplitudes(program, options: .reference)
        for block in 3...8 {
            for low in [0, 2, 3] {
                var options = SimulationOptions()
                options.blockQubits = block
                options.lowBlockQubits = low
                options.parallelMinQubits = block % 2 == 0 ? 1 : 30
                let amplitudes = try await Support.amplitudes(program, options: options)
                #expect(Support.distance(amplitudes, reference) < 1e-12, "block \(block), low \(low)")
            }
        }
    }

    @Test("every standard gate on every operand order matches its matrix")
    func everyStandardGate() async throws {
        var maker = RandomProgramMaker(seed: 5)
        for gate in StandardGate.allCases where gate != .gphase {
            let n = gate.qubitCount + 1
            var program = try maker.program(qubits: n, gates: 8)
            let parameters = (0..<gate.parameterCount).map { _ in maker.angle() }
            program.append(.unitary(try gate.matrix(parameters), qubits: maker.qubits(gate.qubitCount, of: n)))
            let reference = try await Support.amplitudes(program, options: .reference)
            for (name, options) in Support.configurations {
                let amplitudes = try await Support.amplitudes(program, options: options)
                #expect(Support.distance(amplitudes, reference) < 1e-12, "\(gate) on \(name)")
            }
        }
    }

    @Test("sampling compiles away what no measurement sees; the outcome distribution is unchanged", arguments: 0..<8)
    func samplingPruning(seed: Int) async throws {
        var maker = RandomProgramMaker(seed: UInt64(seed) &* 104_729 &+ 3)
        let n = 3 + seed % 6
        var program = try maker.program(qubits: n, gates: 50)
        // Measure some qubits (in a random order, one of them twice), then gates on the others.
        let measured = maker.qubits(max(1, n / 2), of: n)
        program.clbitCount = measured.count + 1
        for (clbit, qubit) in measured.enumerated() { program.append(.measure(qubit: qubit, clbit: clbit)) }
        program.append(.measure(qubit: measured[0], clbit: measured.count))
        for _ in 0..<10 {
            let operation = try maker.gateOperation(qubitCount: n)
            if Set(operation.qubits).isDisjoint(with: measured) { program.append(operation) }
        }
        let captured = program
        let (pruned, plain) = try await Support.compute {
            let fast = try StatevectorSimulator(pool: Support.pool).simulate(captured, forSampling: true, cancellation: nil)
            let slow = try StatevectorSimulator(options: .reference, pool: Support.pool)
                .simulate(captured, forSampling: false, cancellation: nil)
            return (fast.outcomeProbabilities(), slow.outcomeProbabilities())
        }
        for key in Set(pruned.keys).union(plain.keys) {
            #expect(abs((pruned[key] ?? 0) - (plain[key] ?? 0)) < 1e-12, "outcome \(key), seed \(seed)")
        }
    }
}
