extension AmplitudeBlock {
    /// Applies `transform` to every amplitude pair `(i, i + 2^target)` whose `controls` bits are
    /// all 1 (and whose target bit is 0 at `i`).
    ///
    /// Uncontrolled targets above 0 walk the block in runs of 2^target pairs; target 0 takes two
    /// pairs from four neighbouring amplitudes and splits them into even and odd lanes; controlled
    /// kernels walk the runs of ``RunEnumerator`` (contiguous when no control or target is at
    /// position 0, one pair at a time otherwise).
    @inline(__always)
    func transformPairs<T: PairTransform>(controls: Int, target: Int, _ transform: T) {
        let reRaw = UnsafeMutableRawPointer(re)
        let imRaw = UnsafeMutableRawPointer(im)
        let stride = (1 &<< target) &* 8
        if controls == 0 && target == 0 {
            guard count >= 4 else {
                transformOnePair(at: 0, stride: stride, transform)
                return
            }
            var pr = reRaw
            var pi = imRaw
            let end = pr + count &* 8
            while pr < end {
                let xr = pr.loadUnaligned(as: Vector.self)
                let yr = pr.loadUnaligned(fromByteOffset: 16, as: Vector.self)
                let xi = pi.loadUnaligned(as: Vector.self)
                let yi = pi.loadUnaligned(fromByteOffset: 16, as: Vector.self)
                let (b0r, b0i, b1r, b1i) = transform.apply(
                    Vector(xr[0], yr[0]), Vector(xi[0], yi[0]), Vector(xr[1], yr[1]), Vector(xi[1], yi[1]))
                pr.storeBytes(of: Vector(b0r[0], b1r[0]), as: Vector.self)
                pr.storeBytes(of: Vector(b0r[1], b1r[1]), toByteOffset: 16, as: Vector.self)
                pi.storeBytes(of: Vector(b0i[0], b1i[0]), as: Vector.self)
                pi.storeBytes(of: Vector(b0i[1], b1i[1]), toByteOffset: 16, as: Vector.self)
                pr += 32
                pi += 32
            }
            return
        }
        if controls == 0 {
            var offset = 0
            let total = count &* 8
            while offset < total {
                transformRun(at: offset, bytes: stride, stride: stride, transform)
                offset &+= 2 &* stride
            }
            return
        }
        let runs = RunEnumerator(qubits: qubits, mask: controls | (1 &<< target), value: controls)
        if runs.runLength >= 2 {
            for run in 0..<runs.runCount {
                transformRun(at: runs.start(run) &* 8, bytes: runs.runLength &* 8, stride: stride, transform)
            }
        } else {
            for run in 0..<runs.runCount {
                transformOnePair(at: runs.start(run) &* 8, stride: stride, transform)
            }
        }
    }

    /// The pairs of `bytes / 8` consecutive amplitudes from byte `offset` (an even count) and
    /// their partners `stride` bytes on.
    @inline(__always)
    private func transformRun<T: PairTransform>(at offset: Int, bytes: Int, stride: Int, _ transform: T) {
        var pr = UnsafeMutableRawPointer(re) + offset
        var pi = UnsafeMutableRawPointer(im) + offset
        let end = pr + bytes
        while pr < end {
            let (b0r, b0i, b1r, b1i) = transform.apply(
                pr.loadUnaligned(as: Vector.self), pi.loadUnaligned(as: Vector.self),
                pr.loadUnaligned(fromByteOffset: stride, as: Vector.self),
                pi.loadUnaligned(fromByteOffset: stride, as: Vector.self))
            pr.storeBytes(of: b0r, as: Vector.self)
            pi.storeBytes(of: b0i, as: Vector.self)
            pr.storeBytes(of: b1r, toByteOffset: stride, as: Vector.self)
            pi.storeBytes(of: b1i, toByteOffset: stride, as: Vector.self)
            pr += 16
            pi += 16
        }
    }

    /// One pair: the amplitude at byte `offset` and its partner `stride` bytes on.
    @inline(__always)
    private func transformOnePair<T: PairTransform>(at offset: Int, stride: Int, _ transform: T) {
        let i = offset / 8
        let j = i + stride / 8
        let (b0r, b0i, b1r, b1i) = transform.apply(
            Vector(re[i], 0), Vector(im[i], 0), Vector(re[j], 0), Vector(im[j], 0))
        re[i] = b0r[0]
        im[i] = b0i[0]
        re[j] = b1r[0]
        im[j] = b1i[0]
    }
}
