import RuntimeWire
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QiskitRuntime

/// The input of `decode_mb_per_s`: RuntimeEncoder JSON text of a sampler/estimator-like result, as
/// Python's `json.dumps(result, cls=RuntimeEncoder)` would send it.
///
/// It is a list of per-circuit blocks (as many as the size asks for), each with:
/// - `counts`: a dict of all 1,024 outcomes of 10 qubits (`"0x3ff"` hex keys, as Qiskit writes
///   them) to shot counts out of 8,192, peaked on a GHZ-like pair of outcomes with a noise tail;
/// - `quasi_dist`: the same keys mapped to float probabilities (count / shots);
/// - `amplitudes`: a complex128 ndarray of 8,192 state amplitudes (smooth phase ramps with a
///   Gaussian envelope plus small noise: full-entropy mantissas, barely compressible);
/// - `expectation_values`: a float64 ndarray [64, 32] of decaying oscillations estimated from
///   shots (multiples of 1/8,192, so partly compressible);
/// - `readout_matrix`: a float64 ndarray [32, 32], mostly zeros with a near-identity diagonal;
/// - `metadata`: shots, circuit name, qubit list, timing.
/// About 80% of the text is ndarray payload (base64 of zlib of `.npy`), 20% plain JSON.
enum SamplerResultPayload {
    /// The JSON text, at least `megabytes` × 10^6 bytes long (rounded up to whole blocks).
    static func make(megabytes: Double) throws -> (text: String, blocks: Int) {
        var random = SplitMix64(seed: 0x5A_4D_50_4C_45_52)
        let first = try block(index: 0, random: &random)
        let blockBytes = first.json.utf8.count
        let wanted = max(1, Int((megabytes * 1_000_000 / Double(blockBytes)).rounded(.up)))
        var blocks = [first]
        for index in 1..<wanted {
            blocks.append(try block(index: index, random: &random))
        }
        let result: RuntimeValue = .object([
            "quasi_dists_and_arrays": .array(blocks),
            "metadata": .object(["program": "sampler", "version": "0.9.2", "blocks": .integer(Int64(wanted))]),
        ])
        return (result.json, wanted)
    }

    private static let qubits = 10
    private static let shots = 8_192

    private static func block(index: Int, random: inout SplitMix64) throws -> RuntimeValue {
        let outcomes = 1 << qubits
        // Shot counts: two GHZ peaks (all zeros, all ones) and a geometric noise tail.
        var weights = [Double](repeating: 0, count: outcomes)
        for outcome in 0..<outcomes {
            let flips = Double(outcome.nonzeroBitCount)
            weights[outcome] = exp(-2.2 * min(flips, Double(qubits) - flips)) * (0.5 + random.unit())
        }
        let total = weights.reduce(0, +)
        var counts: [(String, RuntimeValue)] = []
        var quasi: [(String, RuntimeValue)] = []
        for outcome in 0..<outcomes {
            let count = Int((weights[outcome] / total * Double(shots)).rounded())
            let key = "0x" + String(outcome, radix: 16)
            counts.append((key, .integer(Int64(count))))
            quasi.append((key, .double(Double(count) / Double(shots))))
        }

        let amplitudeCount = 8_192
        var amplitudes: [Complex] = []
        amplitudes.reserveCapacity(amplitudeCount)
        for k in 0..<amplitudeCount {
            let x = Double(k) / Double(amplitudeCount)
            let envelope = exp(-18 * (x - 0.5) * (x - 0.5)) / 40
            let phase = 2 * Double.pi * (Double(index + 1) * 3.0 * x) + 0.01 * (random.unit() - 0.5)
            amplitudes.append(Complex(envelope * cos(phase), envelope * sin(phase)))
        }

        var evs: [Double] = []
        evs.reserveCapacity(64 * 32)
        for t in 0..<64 {
            for observable in 0..<32 {
                let ideal = exp(-Double(t) / 40) * cos(Double(t) * 0.3 + Double(observable) * 0.2)
                let noisy = ideal + (random.unit() - 0.5) * 0.04
                evs.append((noisy * Double(shots)).rounded() / Double(shots))
            }
        }

        var readout = [Double](repeating: 0, count: 32 * 32)
        for row in 0..<32 {
            let error = 0.01 + 0.02 * random.unit()
            readout[row * 32 + row] = 1 - error
            readout[row * 32 + (row + 1) % 32] = error
        }

        return .object([
            "circuit": .string("sampler_circuit_\(index)"),
            "counts": .object(RuntimeObject(counts)),
            "quasi_dist": .object(RuntimeObject(quasi)),
            "amplitudes": .ndarray(try NDArray(complexes: amplitudes)),
            "expectation_values": .ndarray(try NDArray(doubles: evs, shape: [64, 32])),
            "readout_matrix": .ndarray(try NDArray(doubles: readout, shape: [32, 32])),
            "metadata": .object([
                "shots": .integer(Int64(shots)),
                "qubits": .array((0..<qubits).map { .integer(Int64($0)) }),
                "readout_mitigation": .bool(true),
                "time_taken": .double(0.25 + random.unit()),
            ]),
        ])
    }
}
