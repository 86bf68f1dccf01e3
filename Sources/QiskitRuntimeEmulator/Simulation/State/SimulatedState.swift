#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import QiskitRuntime
import QuantumCircuits
import RuntimeIO

/// The final state of a program without mid-circuit measurements, ready to be sampled and
/// measured against observables any number of times.
///
/// Made by ``StatevectorSimulator/simulate(_:cancellation:)``; it owns the statevector (16 × 2^n
/// bytes) until it is released. Use it on the thread that made it (a ``ComputePool`` thread).
package final class SimulatedState {
    private let state: StateVector
    private let compiled: CompiledCircuit
    private let program: SimulationProgram
    private let executor: StageExecutor
    private let pool: ComputePool
    /// Program qubit of each circuit qubit.
    private let programQubit: [Int: Int]

    init(state: StateVector, compiled: CompiledCircuit, program: SimulationProgram, executor: StageExecutor, pool: ComputePool) {
        self.state = state
        self.compiled = compiled
        self.program = program
        self.executor = executor
        self.pool = pool
        var map: [Int: Int] = [:]
        for (index, circuitQubit) in program.circuitQubits.enumerated() { map[circuitQubit] = index }
        programQubit = map
    }

    /// The number of qubits the engine simulated (the state has 2^simulatedQubits amplitudes).
    package var simulatedQubits: Int { compiled.positionCount }

    /// ⟨ψ|O|ψ⟩ for an observable over circuit qubits (labels in qiskit's order: the rightmost
    /// character is circuit qubit 0).
    /// - Throws: ``SimulationError/Kind/invalidProgram`` for a label with a character other than
    ///   `I`, `X`, `Y`, `Z`.
    package func expectationValue(_ observable: PauliSum) throws(SimulationError) -> Double {
        var total = 0.0
        for term in observable.terms where term.coefficient != 0 {
            total += term.coefficient * expectationValue(try PauliString(label: term.label))
        }
        return total
    }

    /// ⟨ψ|P|ψ⟩ for a Pauli string over circuit qubits (a qubit the engine does not simulate is
    /// |0⟩: Z gives +1 there, X and Y give 0).
    package func expectationValue(_ pauli: PauliString) -> Double {
        var masks = AmplitudeBlock.PauliMasks(flip: 0, sign: 0, yCount: 0)
        for (qubit, factor) in pauli.factors {
            let position = programQubit[qubit].flatMap { compiled.qubitPositions[$0] }
            guard let position else {
                if factor == .z { continue }
                return 0
            }
            let bit = 1 << position
            switch factor {
            case .x: masks.flip |= bit
            case .y:
                masks.flip |= bit
                masks.sign |= bit
                masks.yCount += 1
            case .z: masks.sign |= bit
            }
        }
        let block = state.block
        let count = block.count
        let threads = executor.threads(forQubits: compiled.positionCount)
        guard threads > 1 && count >= 1 << 12 else {
            return block.pauliExpectation(masks, range: 0..<count)
        }
        // A fixed number of parts, summed in order: the same value on any number of threads.
        let parts = 16
        var partial = [Double](repeating: 0, count: parts)
        partial.withUnsafeMutableBufferPointer { partial in
            pool.parallelFor(parts) { part in
                partial[part] = block.pauliExpectation(masks, range: (part * count / parts)..<((part + 1) * count / parts))
            }
        }
        return partial.reduce(0, +)
    }

    /// `shots` samples of the program's measurements from the final state (terminal
    /// measurements; a program without measurements records no bits).
    package func sample(shots: Int, seed: UInt64) -> ShotBits {
        var generator = Xoshiro256StarStar(seed: seed)
        let indices = MeasurementSampler.sampleIndices(state.block, shots: shots, generator: &generator)
        return MeasurementSampler.shotBits(
            indices: indices, measurements: compiled.measurements, clbitCount: compiled.clbitCount)
    }

    /// The 2^qubitCount amplitudes in the program's qubit order (bit `q` of the index is program
    /// qubit `q`), global phase included. For tests and small programs.
    /// - Throws: ``SimulationError/Kind/unsupported`` above 24 program qubits.
    package func amplitudes() throws(SimulationError) -> [ComplexNumber] {
        let n = program.qubitCount
        guard n <= 24 else { throw SimulationError(.unsupported, "amplitudes of \(n) qubits are too many to list") }
        let phase = ComplexNumber.phase(compiled.globalPhase)
        var result = [ComplexNumber](repeating: .zero, count: 1 << n)
        let positions = compiled.qubitPositions
        for index in 0..<(1 << n) {
            var position = 0
            var isZero = false
            for qubit in 0..<n where index & (1 << qubit) != 0 {
                guard let p = positions[qubit] else {
                    isZero = true
                    break
                }
                position |= 1 << p
            }
            if isZero { continue }
            result[index] = phase * ComplexNumber(state.block.re[position], state.block.im[position])
        }
        return result
    }

    /// The exact probability of every outcome of the measurements, keyed by the clbits' value
    /// (clbit k is bit k); for tests of small programs.
    func outcomeProbabilities() -> [Int: Double] {
        var result: [Int: Double] = [:]
        let measurements = compiled.measurements
        for index in 0..<state.block.count {
            let p = state.block.re[index] * state.block.re[index] + state.block.im[index] * state.block.im[index]
            if p == 0 { continue }
            var value = 0
            for (position, clbit) in measurements {
                if let position, (index >> position) & 1 != 0 { value |= 1 << clbit } else { value &= ~(1 << clbit) }
            }
            result[value, default: 0] += p
        }
        return result
    }
}
