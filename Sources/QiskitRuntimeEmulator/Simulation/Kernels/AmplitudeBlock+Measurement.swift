extension AmplitudeBlock {
    /// Σ |a_i|² over the indices whose bit `position` is 1.
    func probabilityOfOne(position: Int) -> Double {
        let runs = RunEnumerator(qubits: qubits, mask: 1 << position, value: 1 << position)
        var total = 0.0
        for run in 0..<runs.runCount {
            total += Self.norm(re + runs.start(run), im + runs.start(run), runs.runLength)
        }
        return total
    }

    /// Σ |a_i|² over the whole block.
    func normSquared() -> Double {
        Self.norm(re, im, count)
    }

    /// Projects onto bit `position` = `outcome` and multiplies the kept amplitudes by `scale`.
    func collapse(position: Int, outcome: Bool, scale: Double) {
        let bit = 1 << position
        let dropped = RunEnumerator(qubits: qubits, mask: bit, value: outcome ? 0 : bit)
        for run in 0..<dropped.runCount {
            let start = dropped.start(run)
            (re + start).update(repeating: 0, count: dropped.runLength)
            (im + start).update(repeating: 0, count: dropped.runLength)
        }
        let kept = RunEnumerator(qubits: qubits, mask: bit, value: outcome ? bit : 0)
        for run in 0..<kept.runCount {
            let start = kept.start(run)
            for i in start..<(start + kept.runLength) {
                re[i] *= scale
                im[i] *= scale
            }
        }
    }

    /// Σ |a_i|² of `count` amplitudes (eight at a time).
    static func norm(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, _ count: Int) -> Double {
        var index = 0
        var sum0 = Vector.zero
        var sum1 = Vector.zero
        let pr = UnsafeMutableRawPointer(re)
        let pi = UnsafeMutableRawPointer(im)
        while index + 4 <= count {
            let offset = index &* 8
            let r0 = pr.loadUnaligned(fromByteOffset: offset, as: Vector.self)
            let r1 = pr.loadUnaligned(fromByteOffset: offset &+ 16, as: Vector.self)
            let i0 = pi.loadUnaligned(fromByteOffset: offset, as: Vector.self)
            let i1 = pi.loadUnaligned(fromByteOffset: offset &+ 16, as: Vector.self)
            sum0 += r0 * r0 + i0 * i0
            sum1 += r1 * r1 + i1 * i1
            index += 4
        }
        var total = (sum0 + sum1).sum()
        while index < count {
            total += re[index] * re[index] + im[index] * im[index]
            index += 1
        }
        return total
    }
}
