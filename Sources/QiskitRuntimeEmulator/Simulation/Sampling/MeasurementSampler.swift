#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws shots from the final distribution |a_i|² in one pass over the state and O(shots) memory.
///
/// The shots' uniforms are generated already sorted (normalised partial sums of exponential
/// variates are distributed as sorted uniforms), the state is walked once accumulating
/// probabilities eight amplitudes at a time, and each uniform takes the index where the running
/// sum passes it. The outcomes are then shuffled, so that shot order is random as it is on a
/// device. A uniform beyond the total (rounding: the norm is 1 within ~1e-13) takes the last
/// index of non-zero probability.
enum MeasurementSampler {
    /// `shots` basis indices of `block`, distributed as |a_i|².
    static func sampleIndices(_ block: AmplitudeBlock, shots: Int, generator: inout Xoshiro256StarStar) -> [Int] {
        guard shots > 0 else { return [] }
        var thresholds = [Double](repeating: 0, count: shots)
        var sum = 0.0
        for k in 0..<shots {
            sum += -log1p(-generator.unit())
            thresholds[k] = sum
        }
        let total = sum - log1p(-generator.unit())
        let scale = 1 / total
        for k in 0..<shots { thresholds[k] *= scale }

        var outcomes = [Int](repeating: 0, count: shots)
        let count = block.count
        var accumulated = 0.0
        var next = 0
        var lastNonZero = 0
        var index = 0
        let re = block.re, im = block.im
        while index < count && next < shots {
            let width = min(8, count - index)
            let chunk = AmplitudeBlock.norm(re + index, im + index, width)
            if chunk == 0 {
                index += width
                continue
            }
            if accumulated + chunk <= thresholds[next] {
                accumulated += chunk
                lastNonZero = index + width - 1
                index += width
                continue
            }
            for i in index..<(index + width) {
                let p = re[i] * re[i] + im[i] * im[i]
                if p == 0 { continue }
                accumulated += p
                lastNonZero = i
                while next < shots && thresholds[next] < accumulated {
                    outcomes[next] = i
                    next += 1
                }
            }
            index += width
        }
        if next < shots {
            // Rounding left uniforms past the total: they belong to the last non-zero amplitude.
            while index < count {
                if re[index] != 0 || im[index] != 0 { lastNonZero = index }
                index += 1
            }
            for k in next..<shots { outcomes[k] = lastNonZero }
        }
        shuffle(&outcomes, generator: &generator)
        return outcomes
    }

    /// Fisher–Yates with the engine's own bounded draw (the standard library's may change).
    static func shuffle(_ values: inout [Int], generator: inout Xoshiro256StarStar) {
        var i = values.count - 1
        while i > 0 {
            let j = bounded(UInt64(i + 1), generator: &generator)
            values.swapAt(i, Int(j))
            i -= 1
        }
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject).
    static func bounded(_ bound: UInt64, generator: inout Xoshiro256StarStar) -> UInt64 {
        var product = generator.next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = generator.next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// The clbits of every shot from its sampled index and the measurements (in program order,
    /// later ones overwriting earlier ones into the same clbit).
    static func shotBits(
        indices: [Int], measurements: [(position: Int?, clbit: Int)], clbitCount: Int
    ) -> ShotBits {
        let width = (clbitCount + 7) / 8
        var bytes = [UInt8](repeating: 0, count: indices.count * width)
        if width > 0 && !measurements.isEmpty {
            bytes.withUnsafeMutableBufferPointer { out in
                for (shot, index) in indices.enumerated() {
                    let row = shot * width
                    for (position, clbit) in measurements {
                        let byte = row + (clbit >> 3)
                        let bit = UInt8(1) << UInt8(clbit & 7)
                        if let position, (index >> position) & 1 != 0 {
                            out[byte] |= bit
                        } else {
                            out[byte] &= ~bit
                        }
                    }
                }
            }
        }
        return ShotBits(shots: indices.count, clbitCount: clbitCount, bytes: bytes)
    }
}
