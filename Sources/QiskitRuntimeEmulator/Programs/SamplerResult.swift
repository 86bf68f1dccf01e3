#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RuntimeWire

/// Builds the final result of the `sampler` program: counts, quasi-distribution and ndarrays.
///
/// Inputs: `shots` (default 1024, 1…1,000,000) and `array_length` (length of the float64
/// `values` array, default 8, at most 4,194,304 — large values make large results for benchmarks).
/// Result shape:
/// `{"counts": {"00": a, "11": b}, "quasi_dists": {"00": pa, "11": pb}, "probabilities": <ndarray f8 (4,)>,
///   "memory": <ndarray i8 (shots,)>, "values": <ndarray f8 (array_length,)>, "metadata": {"shots", "backend"}}`.
enum SamplerResult {
    static func text(inputs: JSONValue, backend: String, seed: UInt64) throws -> String {
        let shots = Int(clampedInteger(inputs["shots"], default: 1024, range: 1...1_000_000))
        let length = Int(clampedInteger(inputs["array_length"], default: 8, range: 0...4_194_304))
        var rng = SplitMix64(seed: seed)
        var memory: [Int64] = []
        memory.reserveCapacity(shots)
        var zeros = 0
        for _ in 0..<shots {
            if rng.next() & 1 == 0 { memory.append(0); zeros += 1 } else { memory.append(3) }
        }
        let ones = shots - zeros
        let p0 = Double(zeros) / Double(shots)
        let p1 = Double(ones) / Double(shots)
        var values: [Double] = []
        values.reserveCapacity(length)
        for k in 0..<length { values.append(Double(k) * 0.5 - 1.0) }
        let value = JSONValue.object([
            JSONMember("counts", .object([JSONMember("00", .integer(Int64(zeros))), JSONMember("11", .integer(Int64(ones)))])),
            JSONMember("quasi_dists", .object([JSONMember("00", .double(p0)), JSONMember("11", .double(p1))])),
            JSONMember("probabilities", try NPYWriter.ndarrayValue(npy: try NPYWriter.float64([p0, 0, 0, p1]))),
            JSONMember("memory", try NPYWriter.ndarrayValue(npy: try NPYWriter.int64(memory))),
            JSONMember("values", try NPYWriter.ndarrayValue(npy: try NPYWriter.float64(values))),
            JSONMember("metadata", .object([JSONMember("shots", .integer(Int64(shots))), JSONMember("backend", .string(backend))])),
        ])
        return JSONWriter.write(value, style: .python)
    }

    /// An integer input (a whole double is accepted), clamped to `range`; `default` when absent.
    static func clampedInteger(_ value: JSONValue?, default fallback: Int64, range: ClosedRange<Int64>) -> Int64 {
        let raw: Int64
        switch value {
        case .integer(let i)?: raw = i
        case .double(let d)? where d.isFinite: raw = d >= 9e18 ? .max : (d <= -9e18 ? .min : Int64(d))
        case .bigInteger(let s)?: raw = s.hasPrefix("-") ? .min : .max
        default: return fallback
        }
        return min(max(raw, range.lowerBound), range.upperBound)
    }
}
