extension AmplitudeBlock {
    /// X on `target` where every `controls` bit is 1: swaps the amplitude pairs.
    func applyFlip(controls: Int, target: Int) {
        if controls == 0 && target == 0 {
            applyFlipOnPositionZero()
            return
        }
        let runs = RunEnumerator(qubits: qubits, mask: controls | (1 &<< target), value: controls)
        let half = 1 &<< target
        let stride = half &* 8
        if runs.runLength >= 2 {
            let reRaw = UnsafeMutableRawPointer(re)
            let imRaw = UnsafeMutableRawPointer(im)
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
                    pr.storeBytes(of: a1r, as: Vector.self)
                    pi.storeBytes(of: a1i, as: Vector.self)
                    pr.storeBytes(of: a0r, toByteOffset: stride, as: Vector.self)
                    pi.storeBytes(of: a0i, toByteOffset: stride, as: Vector.self)
                    pr += 16
                    pi += 16
                }
            }
        } else {
            for run in 0..<runs.runCount {
                let i = runs.start(run)
                let r = re[i], m = im[i]
                re[i] = re[i &+ half]
                im[i] = im[i &+ half]
                re[i &+ half] = r
                im[i &+ half] = m
            }
        }
    }

    private func applyFlipOnPositionZero() {
        let n = count
        var pr = UnsafeMutableRawPointer(re)
        var pi = UnsafeMutableRawPointer(im)
        let end = pr + n &* 8
        while pr < end {
            let r = pr.loadUnaligned(as: Vector.self)
            let m = pi.loadUnaligned(as: Vector.self)
            pr.storeBytes(of: Vector(r[1], r[0]), as: Vector.self)
            pi.storeBytes(of: Vector(m[1], m[0]), as: Vector.self)
            pr += 16
            pi += 16
        }
    }
}
