import QuantumCircuits

/// A deliberately plain statevector simulator: the oracle that translations, QPY decoding and the
/// emulator's fast engine are checked against.
///
/// The state of `n` qubits is `2^n` complex amplitudes, basis index bit `q` = qubit `q` (qiskit's
/// little-endian order). A gate with matrix `M` on qubits `(p_0 … p_{k-1})` maps every amplitude
/// by the definition `ψ'[i] = Σ_c M[r(i), c] · ψ[i with bits p_j set to bit j of c]`, where `r(i)`
/// collects bits `p_j` of `i`. No fusion, no special cases.
enum ReferenceSimulator {
    struct Amplitude: Equatable {
        var re: Double
        var im: Double
    }

    /// The final state of `circuit` (custom gates expanded, parameters bound) from `initial`
    /// (default |0…0⟩). Barriers and delays do nothing; measurements are skipped when
    /// `ignoringMeasurements`, otherwise they and resets are errors.
    static func run(
        _ circuit: QuantumCircuit, initial: [Amplitude]? = nil, ignoringMeasurements: Bool = true
    ) throws -> [Amplitude] {
        let flat = try circuit.expandingCustomGates()
        let n = flat.qubitCount
        var state = initial ?? ([Amplitude(re: 1, im: 0)] + Array(repeating: Amplitude(re: 0, im: 0), count: (1 << n) - 1))
        precondition(state.count == 1 << n, "initial state size")
        for instruction in flat.instructions {
            switch instruction.operation {
            case .gate:
                state = apply(try instruction.matrix(), to: instruction.qubits, state)
            case .barrier, .delay:
                continue
            case .measure where ignoringMeasurements:
                continue
            default:
                throw CircuitError(.unsupported, "reference simulator: \(instruction.operation.name)")
            }
        }
        let phase = try flat.globalPhase.value()
        let (c, s) = (cos(phase), sin(phase))
        return state.map { Amplitude(re: c * $0.re - s * $0.im, im: c * $0.im + s * $0.re) }
    }

    static func apply(_ matrix: GateMatrix, to qubits: [Int], _ state: [Amplitude]) -> [Amplitude] {
        var result = state
        let k = qubits.count
        for i in 0..<state.count {
            var row = 0
            for (j, q) in qubits.enumerated() where i & (1 << q) != 0 { row |= 1 << j }
            var sum = Amplitude(re: 0, im: 0)
            for c in 0..<(1 << k) {
                var source = i
                for (j, q) in qubits.enumerated() {
                    if c & (1 << j) != 0 { source |= 1 << q } else { source &= ~(1 << q) }
                }
                let m = matrix[row: row, column: c]
                let a = state[source]
                sum.re += m.re * a.re - m.im * a.im
                sum.im += m.re * a.im + m.im * a.re
            }
            result[i] = sum
        }
        return result
    }

    /// A random normalised state of `qubits` qubits.
    static func randomState(qubits: Int, using generator: inout some RandomNumberGenerator) -> [Amplitude] {
        var state = (0..<(1 << qubits)).map { _ in
            Amplitude(re: Double.random(in: -1...1, using: &generator), im: Double.random(in: -1...1, using: &generator))
        }
        let norm = state.reduce(0) { $0 + $1.re * $1.re + $1.im * $1.im }.squareRoot()
        for k in state.indices {
            state[k].re /= norm
            state[k].im /= norm
        }
        return state
    }

    /// The largest `|a_k − b_k|`.
    static func distance(_ a: [Amplitude], _ b: [Amplitude]) -> Double {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).reduce(0) { max($0, (($1.0.re - $1.1.re) * ($1.0.re - $1.1.re) + ($1.0.im - $1.1.im) * ($1.0.im - $1.1.im)).squareRoot()) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
