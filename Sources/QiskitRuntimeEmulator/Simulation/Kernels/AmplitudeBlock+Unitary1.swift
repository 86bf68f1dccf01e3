/// The entries of a ``Matrix2`` broadcast over SIMD lanes.
struct BroadcastMatrix2 {
    typealias Vector = SIMD2<Double>
    let m00r, m00i, m01r, m01i, m10r, m10i, m11r, m11i: Vector

    init(_ m: Matrix2) {
        m00r = Vector(repeating: m.a00.re)
        m00i = Vector(repeating: m.a00.im)
        m01r = Vector(repeating: m.a01.re)
        m01i = Vector(repeating: m.a01.im)
        m10r = Vector(repeating: m.a10.re)
        m10i = Vector(repeating: m.a10.im)
        m11r = Vector(repeating: m.a11.re)
        m11i = Vector(repeating: m.a11.im)
    }

    /// (b0, b1) = M · (a0, a1), lane by lane.
    @inline(__always)
    func apply(_ a0r: Vector, _ a0i: Vector, _ a1r: Vector, _ a1i: Vector) -> (Vector, Vector, Vector, Vector) {
        let b0r = (m00r * a0r - m00i * a0i) + (m01r * a1r - m01i * a1i)
        let b0i = (m00r * a0i + m00i * a0r) + (m01r * a1i + m01i * a1r)
        let b1r = (m10r * a0r - m10i * a0i) + (m11r * a1r - m11i * a1i)
        let b1i = (m10r * a0i + m10i * a0r) + (m11r * a1i + m11i * a1r)
        return (b0r, b0i, b1r, b1i)
    }
}

extension AmplitudeBlock {
    typealias Vector = SIMD2<Double>

    /// `matrix` on `target` where every `controls` bit is 1.
    func applyUnitary1(controls: Int, target: Int, _ matrix: Matrix2) {
        let m = BroadcastMatrix2(matrix)
        if controls == 0 && target == 0 {
            applyUnitary1OnPositionZero(m)
            return
        }
        let runs = RunEnumerator(qubits: qubits, mask: controls | (1 &<< target), value: controls)
        let stride = (1 &<< target) &* 8
        let reRaw = UnsafeMutableRawPointer(re)
        let imRaw = UnsafeMutableRawPointer(im)
        if runs.runLength >= 2 {
            let runBytes = runs.runLength &* 8
            for run in 0..<runs.runCount {
                let offset = runs.start(run) &* 8
                var pr = reRaw + offset
                var pi = imRaw + offset
                let end = pr + runBytes
                while pr < end {
                    let a0r = pr.loadUnaligned(as: Vector.self)
                    let a0i = pi.loadUnaligned(as: Vector.self)
                    let a1r = pr.loadUnaligned(fromByteOffset: stride, as: Vector.self)
                    let a1i = pi.loadUnaligned(fromByteOffset: stride, as: Vector.self)
                    let (b0r, b0i, b1r, b1i) = m.apply(a0r, a0i, a1r, a1i)
                    pr.storeBytes(of: b0r, as: Vector.self)
                    pi.storeBytes(of: b0i, as: Vector.self)
                    pr.storeBytes(of: b1r, toByteOffset: stride, as: Vector.self)
                    pi.storeBytes(of: b1i, toByteOffset: stride, as: Vector.self)
                    pr += 16
                    pi += 16
                }
            }
        } else {
            let half = 1 &<< target
            for run in 0..<runs.runCount {
                let i = runs.start(run)
                let (b0r, b0i, b1r, b1i) = m.apply(
                    Vector(re[i], 0), Vector(im[i], 0), Vector(re[i &+ half], 0), Vector(im[i &+ half], 0))
                re[i] = b0r[0]
                im[i] = b0i[0]
                re[i &+ half] = b1r[0]
                im[i &+ half] = b1i[0]
            }
        }
    }

    /// An uncontrolled gate on position 0: the pairs are neighbours, so two pairs are taken from
    /// four consecutive amplitudes and split into even and odd lanes.
    private func applyUnitary1OnPositionZero(_ m: BroadcastMatrix2) {
        let n = count
        if n < 4 {
            let (b0r, b0i, b1r, b1i) = m.apply(Vector(re[0], 0), Vector(im[0], 0), Vector(re[1], 0), Vector(im[1], 0))
            re[0] = b0r[0]
            im[0] = b0i[0]
            re[1] = b1r[0]
            im[1] = b1i[0]
            return
        }
        var pr = UnsafeMutableRawPointer(re)
        var pi = UnsafeMutableRawPointer(im)
        let end = pr + n &* 8
        while pr < end {
            let xr = pr.loadUnaligned(as: Vector.self)
            let yr = pr.loadUnaligned(fromByteOffset: 16, as: Vector.self)
            let xi = pi.loadUnaligned(as: Vector.self)
            let yi = pi.loadUnaligned(fromByteOffset: 16, as: Vector.self)
            let (b0r, b0i, b1r, b1i) = m.apply(
                Vector(xr[0], yr[0]), Vector(xi[0], yi[0]), Vector(xr[1], yr[1]), Vector(xi[1], yi[1]))
            pr.storeBytes(of: Vector(b0r[0], b1r[0]), as: Vector.self)
            pr.storeBytes(of: Vector(b0r[1], b1r[1]), toByteOffset: 16, as: Vector.self)
            pi.storeBytes(of: Vector(b0i[0], b1i[0]), as: Vector.self)
            pi.storeBytes(of: Vector(b0i[1], b1i[1]), toByteOffset: 16, as: Vector.self)
            pr += 32
            pi += 32
        }
    }
}
