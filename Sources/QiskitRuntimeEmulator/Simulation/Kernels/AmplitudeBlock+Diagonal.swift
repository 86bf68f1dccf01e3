extension AmplitudeBlock {
    /// Multiplies every amplitude by its table entry (see ``KernelOperation/diagonal(_:)``).
    ///
    /// With the table's lowest `r` positions being `0..<r`, the entries for 2^r consecutive
    /// amplitudes are 2^r consecutive table entries: the block is walked in runs where the
    /// table's higher positions are fixed, each run multiplied element by element by a slice of
    /// the table (by one entry when `r` is 0).
    func applyDiagonal(_ table: DiagonalTable) {
        let positions = table.positions
        var low = 0
        while low < positions.count && positions[low] == low { low += 1 }
        let higher = Array(positions[low...])
        let lowSize = 1 &<< low
        let runLength = higher.first.map { 1 &<< $0 } ?? count
        table.re.withUnsafeBufferPointer { tableRe in
            table.im.withUnsafeBufferPointer { tableIm in
                guard let reBase = tableRe.baseAddress, let imBase = tableIm.baseAddress else { return }
                var start = 0
                while start < count {
                    var entry = 0
                    for (j, p) in higher.enumerated() where start & (1 &<< p) != 0 { entry |= 1 &<< j }
                    entry &<<= low
                    if lowSize == 1 {
                        Self.multiply(re + start, im + start, runLength, by: tableRe[entry], tableIm[entry])
                    } else {
                        var sub = start
                        while sub < start &+ runLength {
                            Self.multiply(re + sub, im + sub, lowSize, by: reBase + entry, imBase + entry)
                            sub &+= lowSize
                        }
                    }
                    start &+= runLength
                }
            }
        }
    }

    /// `count` amplitudes (a power of two, at least 2) times `count` table entries.
    @inline(__always)
    private static func multiply(
        _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, _ count: Int,
        by tableRe: UnsafePointer<Double>, _ tableIm: UnsafePointer<Double>
    ) {
        var pr = UnsafeMutableRawPointer(re)
        var pi = UnsafeMutableRawPointer(im)
        var tr = UnsafeRawPointer(tableRe)
        var ti = UnsafeRawPointer(tableIm)
        let end = pr + count &* 8
        while pr < end {
            let ar = pr.loadUnaligned(as: Vector.self), ai = pi.loadUnaligned(as: Vector.self)
            let fr = tr.loadUnaligned(as: Vector.self), fi = ti.loadUnaligned(as: Vector.self)
            pr.storeBytes(of: fr * ar - fi * ai, as: Vector.self)
            pi.storeBytes(of: fr * ai + fi * ar, as: Vector.self)
            pr += 16
            pi += 16
            tr += 16
            ti += 16
        }
    }
}
