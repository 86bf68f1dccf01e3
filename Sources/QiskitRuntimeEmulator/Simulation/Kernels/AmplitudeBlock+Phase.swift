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
        for run in 0..<runs.runCount {
            let start = runs.start(run)
            Self.multiply(re + start, im + start, runs.runLength, by: factor.re, factor.im)
        }
    }

    /// `count` amplitudes (a power of two) times one complex factor.
    @inline(__always)
    static func multiply(
        _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, _ count: Int, by fr: Double, _ fi: Double
    ) {
        if count < 2 {
            let r = re[0], i = im[0]
            re[0] = r * fr - i * fi
            im[0] = r * fi + i * fr
            return
        }
        let vr = Vector(repeating: fr), vi = Vector(repeating: fi)
        var pr = UnsafeMutableRawPointer(re)
        var pi = UnsafeMutableRawPointer(im)
        let end = pr + count &* 8
        while pr < end {
            let ar = pr.loadUnaligned(as: Vector.self), ai = pi.loadUnaligned(as: Vector.self)
            pr.storeBytes(of: vr * ar - vi * ai, as: Vector.self)
            pi.storeBytes(of: vr * ai + vi * ar, as: Vector.self)
            pr += 16
            pi += 16
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
