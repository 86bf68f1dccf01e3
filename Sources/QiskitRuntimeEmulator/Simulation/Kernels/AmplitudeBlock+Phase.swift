import QuantumCircuits

extension AmplitudeBlock {
    /// Multiplies the amplitudes whose bits under `mask` equal `value` by `factor`.
    func applyPhase(mask: Int, value: Int, _ factor: ComplexNumber) {
        let runs = RunEnumerator(qubits: qubits, mask: mask, value: value)
        if factor.re == -1 && factor.im == 0 {
            for run in 0..<runs.runCount {
                let start = runs.start(run)
                Self.negate(re + start, runs.runLength)
                Self.negate(im + start, runs.runLength)
            }
            return
        }
        if runs.runLength >= 2 {
            let fr = Vector(repeating: factor.re)
            let fi = Vector(repeating: factor.im)
            let reRaw = UnsafeMutableRawPointer(re)
            let imRaw = UnsafeMutableRawPointer(im)
            let runBytes = runs.runLength &* 8
            for run in 0..<runs.runCount {
                let offset = runs.start(run) &* 8
                var pr = reRaw + offset
                var pi = imRaw + offset
                let end = pr + runBytes
                while pr < end {
                    let ar = pr.loadUnaligned(as: Vector.self)
                    let ai = pi.loadUnaligned(as: Vector.self)
                    pr.storeBytes(of: fr * ar - fi * ai, as: Vector.self)
                    pi.storeBytes(of: fr * ai + fi * ar, as: Vector.self)
                    pr += 16
                    pi += 16
                }
            }
        } else {
            for run in 0..<runs.runCount {
                let i = runs.start(run)
                let ar = re[i], ai = im[i]
                re[i] = factor.re * ar - factor.im * ai
                im[i] = factor.re * ai + factor.im * ar
            }
        }
    }

    /// Negates `count` doubles (a power of two).
    @inline(__always)
    private static func negate(_ pointer: UnsafeMutablePointer<Double>, _ count: Int) {
        if count < 2 {
            pointer[0] = -pointer[0]
            return
        }
        var p = UnsafeMutableRawPointer(pointer)
        let end = p + count &* 8
        while p < end {
            p.storeBytes(of: -p.loadUnaligned(as: Vector.self), as: Vector.self)
            p += 16
        }
    }
}
