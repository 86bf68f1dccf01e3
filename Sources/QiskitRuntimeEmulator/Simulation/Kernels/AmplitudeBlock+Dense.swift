import QuantumCircuits

extension AmplitudeBlock {
    /// A dense unitary on `positions` (operand `j` = bit `j` of the matrix index): for every
    /// group of 2^k amplitudes that differ only in those positions, gathers them, multiplies by
    /// the matrix and writes them back.
    func applyDense(positions: [Int], matrix: [ComplexNumber]) {
        let k = positions.count
        let d = 1 &<< k
        var mask = 0
        for p in positions { mask |= 1 &<< p }
        var offsets = [Int](repeating: 0, count: d)
        for u in 0..<d {
            var offset = 0
            for (j, p) in positions.enumerated() where u & (1 &<< j) != 0 { offset |= 1 &<< p }
            offsets[u] = offset
        }
        let runs = RunEnumerator(qubits: qubits, mask: mask, value: 0)
        let matrixRe = matrix.map(\.re)
        let matrixIm = matrix.map(\.im)
        var inRe = [Double](repeating: 0, count: d)
        var inIm = [Double](repeating: 0, count: d)
        offsets.withUnsafeBufferPointer { offsets in
            matrixRe.withUnsafeBufferPointer { mr in
                matrixIm.withUnsafeBufferPointer { mi in
                    inRe.withUnsafeMutableBufferPointer { xr in
                        inIm.withUnsafeMutableBufferPointer { xi in
                            for run in 0..<runs.runCount {
                                let start = runs.start(run)
                                for i in start..<(start &+ runs.runLength) {
                                    for u in 0..<d {
                                        xr[u] = re[i &+ offsets[u]]
                                        xi[u] = im[i &+ offsets[u]]
                                    }
                                    for r in 0..<d {
                                        var sr = 0.0, si = 0.0
                                        let row = r &* d
                                        for c in 0..<d {
                                            let a = mr[row &+ c], b = mi[row &+ c]
                                            sr += a * xr[c] - b * xi[c]
                                            si += a * xi[c] + b * xr[c]
                                        }
                                        re[i &+ offsets[r]] = sr
                                        im[i &+ offsets[r]] = si
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
