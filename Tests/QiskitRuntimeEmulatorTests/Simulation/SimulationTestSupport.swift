import Foundation
import QiskitRuntime
import QuantumCircuits
import RuntimeIO
import RuntimeWire
@testable import QiskitRuntimeEmulator

/// Helpers of the statevector engine's tests.
enum SimulationTestSupport {
    /// A pool of two threads, so that the threaded paths run even on a one-core machine.
    static let pool = ComputePool(threadCount: 2)

    /// The benchmark circuits committed beside runtime-bench (`Sources/runtime-bench/Resources/Circuits`).
    static let benchCircuits = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appending(path: "Sources/runtime-bench/Resources/Circuits")

    static func benchFile(_ name: String) throws -> String {
        try String(contentsOf: benchCircuits.appending(path: name), encoding: .utf8)
    }

    /// Parses OpenQASM and lowers it.
    static func program(_ qasm: String) throws -> SimulationProgram {
        try SimulationProgram(circuit: QuantumCircuit(qasm: qasm))
    }

    /// Runs `body` on the test pool (the engine never runs on the cooperative pool).
    static func compute<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.run { _ in try body() }
    }

    /// The final amplitudes of `program` (program qubit order, global phase included).
    static func amplitudes(_ program: SimulationProgram, options: SimulationOptions = SimulationOptions()) async throws
        -> [ComplexNumber]
    {
        try await compute {
            try StatevectorSimulator(options: options, pool: pool).simulate(program).amplitudes()
        }
    }

    static func sample(_ program: SimulationProgram, shots: Int, seed: UInt64, options: SimulationOptions = SimulationOptions())
        async throws -> ShotBits
    {
        try await compute {
            try StatevectorSimulator(options: options, pool: pool).sample(program, shots: shots, seed: seed)
        }
    }

    static func expectations(_ program: SimulationProgram, _ observables: [PauliSum], options: SimulationOptions = SimulationOptions())
        async throws -> [Double]
    {
        try await compute {
            try StatevectorSimulator(options: options, pool: pool).expectationValues(program, observables: observables)
        }
    }

    /// The largest |a_i − b_i| (∞ when the counts differ).
    static func distance(_ a: [ComplexNumber], _ b: [ComplexNumber]) -> Double {
        guard a.count == b.count else { return .infinity }
        var worst = 0.0
        for (x, y) in zip(a, b) { worst = max(worst, (x - y).magnitudeSquared.squareRoot()) }
        return worst
    }

    /// Whether a binomial count is within `sigmas` standard deviations of `shots · p`.
    static func withinSampling(_ count: Int, shots: Int, probability p: Double, sigmas: Double = 5) -> Bool {
        let sigma = (Double(shots) * p * (1 - p)).squareRoot()
        return abs(Double(count) - Double(shots) * p) <= sigmas * max(sigma, 1)
    }

    /// The engine configurations every fast path is compared over: fusion, kernels, small cache
    /// blocks (gathered and in place) and two threads.
    static var configurations: [(name: String, options: SimulationOptions)] {
        var specialized = SimulationOptions()
        specialized.fusion = false
        specialized.maxThreads = 1
        var fused = SimulationOptions()
        fused.maxThreads = 1
        var gathered = SimulationOptions()
        gathered.blockQubits = 4
        gathered.lowBlockQubits = 1
        gathered.maxThreads = 1
        var gatheredThreads = SimulationOptions()
        gatheredThreads.blockQubits = 5
        gatheredThreads.lowBlockQubits = 0
        gatheredThreads.parallelMinQubits = 1
        var inPlaceThreads = SimulationOptions()
        inPlaceThreads.blockQubits = 6
        inPlaceThreads.lowBlockQubits = 6
        inPlaceThreads.parallelMinQubits = 1
        var unfusedBlocks = SimulationOptions()
        unfusedBlocks.fusion = false
        unfusedBlocks.blockQubits = 3
        unfusedBlocks.lowBlockQubits = 2
        unfusedBlocks.parallelMinQubits = 1
        return [
            ("specialized kernels, no fusion", specialized), ("fused", fused), ("blocks of 4, gathered", gathered),
            ("blocks of 5, gathered, 2 threads", gatheredThreads), ("blocks of 6, in place, 2 threads", inPlaceThreads),
            ("no fusion, blocks of 3, 2 threads", unfusedBlocks),
        ]
    }
}

/// Random programs for the differential tests: every standard gate, custom diagonals,
/// permutations and dense unitaries on up to three qubits, in a seeded order.
struct RandomProgramMaker {
    var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    mutating func angle() -> Double {
        (generator.unit() * 2 - 1) * 4
    }

    mutating func index(_ bound: Int) -> Int {
        Int(generator.next() % UInt64(bound))
    }

    /// `count` distinct qubits of `n`.
    mutating func qubits(_ count: Int, of n: Int) -> [Int] {
        var pool = Array(0..<n)
        var chosen: [Int] = []
        for _ in 0..<count { chosen.append(pool.remove(at: index(pool.count))) }
        return chosen
    }

    mutating func gateOperation(qubitCount n: Int) throws -> SimulationOperation {
        let gates = StandardGate.allCases.filter { $0 != .gphase && $0.qubitCount <= n }
        switch index(10) {
        case 0:
            let k = 1 + index(min(3, n))
            let phases = (0..<(1 << k)).map { _ in ComplexNumber.phase(angle()) }
            return .diagonal(phases, qubits: qubits(k, of: n))
        case 1:
            let k = 1 + index(min(3, n))
            var images = Array(0..<(1 << k))
            for i in stride(from: images.count - 1, to: 0, by: -1) { images.swapAt(i, index(i + 1)) }
            return .permutation(images, qubits: qubits(k, of: n))
        case 2 where n >= 2:
            let k = 2 + index(min(2, n - 1))
            var matrix = GateMatrix.identity(qubitCount: k)
            for _ in 0..<4 {
                let gate = gates.filter { $0.qubitCount <= k }[index(gates.filter { $0.qubitCount <= k }.count)]
                let positions = qubits(gate.qubitCount, of: k)
                let factor = try gate.matrix((0..<gate.parameterCount).map { _ in angle() })
                matrix = factor.embedded(on: positions, totalQubits: k).multiplied(by: matrix)
            }
            return .unitary(matrix, qubits: qubits(k, of: n))
        default:
            let gate = gates[index(gates.count)]
            let matrix = try gate.matrix((0..<gate.parameterCount).map { _ in angle() })
            return .unitary(matrix, qubits: qubits(gate.qubitCount, of: n))
        }
    }

    /// A random unitary program of `gates` operations on `n` qubits.
    mutating func program(qubits n: Int, gates: Int) throws -> SimulationProgram {
        var program = SimulationProgram(qubitCount: n, globalPhase: angle())
        for _ in 0..<gates { program.append(try gateOperation(qubitCount: n)) }
        return program
    }
}
