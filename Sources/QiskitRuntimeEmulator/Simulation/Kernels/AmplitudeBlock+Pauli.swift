extension AmplitudeBlock {
    /// A Pauli string on positions: X or Y where `flip` has a bit, Z or Y where `sign` has one,
    /// `yCount` Y factors.
    struct PauliMasks: Sendable, Hashable {
        var flip: Int
        var sign: Int
        var yCount: Int
    }

    /// ⟨ψ|P|ψ⟩ restricted to the indices `range` of the block (the partner amplitudes i ⊕ flip
    /// are read wherever they are). Summing over all parts gives the expectation value.
    ///
    /// P|i⟩ = i^{yCount} (−1)^{popcount(i & sign)} |i ⊕ flip⟩, so
    /// ⟨ψ|P|ψ⟩ = Re(i^{yCount} Σ_i (−1)^{popcount(i & sign)} conj(ψ_{i⊕flip}) ψ_i).
    /// Blocks of 64 indices share the sign of their high bits; the low six bits' signs come from
    /// a table.
    func pauliExpectation(_ pauli: PauliMasks, range: Range<Int>) -> Double {
        let f = pauli.flip
        let s = pauli.sign
        var sumRe = 0.0
        var sumIm = 0.0
        if range.count < 64 || range.lowerBound & 63 != 0 {
            for i in range {
                let j = i ^ f
                let negative = (i & s).nonzeroBitCount & 1 != 0
                let termRe = re[j] * re[i] + im[j] * im[i]
                let termIm = re[j] * im[i] - im[j] * re[i]
                sumRe += negative ? -termRe : termRe
                sumIm += negative ? -termIm : termIm
            }
        } else {
            var signs = [Double](repeating: 1, count: 64)
            for j in 0..<64 where (j & s).nonzeroBitCount & 1 != 0 { signs[j] = -1 }
            let lowFlip = f & 63
            let highFlip = f & ~63
            signs.withUnsafeBytes { signRaw in
                let pr = UnsafeMutableRawPointer(re)
                let pi = UnsafeMutableRawPointer(im)
                var base = range.lowerBound
                while base < range.upperBound {
                    let partner = base ^ highFlip
                    var blockRe = Vector.zero
                    var blockIm = Vector.zero
                    var j = 0
                    while j < 64 {
                        let sign = signRaw.loadUnaligned(fromByteOffset: j &* 8, as: Vector.self)
                        let ar = pr.loadUnaligned(fromByteOffset: (base &+ j) &* 8, as: Vector.self)
                        let ai = pi.loadUnaligned(fromByteOffset: (base &+ j) &* 8, as: Vector.self)
                        let partnerOffset = (partner &+ ((j ^ lowFlip) & ~1)) &* 8
                        var br = pr.loadUnaligned(fromByteOffset: partnerOffset, as: Vector.self)
                        var bi = pi.loadUnaligned(fromByteOffset: partnerOffset, as: Vector.self)
                        if lowFlip & 1 != 0 {
                            br = Vector(br[1], br[0])
                            bi = Vector(bi[1], bi[0])
                        }
                        blockRe += sign * (br * ar + bi * ai)
                        blockIm += sign * (br * ai - bi * ar)
                        j &+= 2
                    }
                    let negative = (base & s).nonzeroBitCount & 1 != 0
                    let total = blockRe.sum(), totalIm = blockIm.sum()
                    sumRe += negative ? -total : total
                    sumIm += negative ? -totalIm : totalIm
                    base &+= 64
                }
            }
        }
        switch pauli.yCount & 3 {
        case 0: return sumRe
        case 1: return -sumIm
        case 2: return -sumRe
        default: return sumIm
        }
    }
}
