import QuantumCircuits

/// The phases of a diagonal over a few positions, in split layout for the kernel.
struct DiagonalTable: Sendable, Hashable {
    /// Tables are at most 2^12 entries (64 KiB): they stay in cache beside the block.
    static let maximumQubits = 12

    /// The positions, ascending: bit `j` of an entry's index is position `positions[j]`.
    let positions: [Int]
    /// Real and imaginary parts of the 2^positions.count entries.
    let re: [Double]
    let im: [Double]

    /// The product of `phases` (each: amplitudes whose bits under `mask` equal `value` times
    /// `factor`), every mask inside `positions`.
    init(positions: [Int], phases: [(mask: Int, value: Int, factor: ComplexNumber)]) {
        self.positions = positions
        let size = 1 << positions.count
        var re = [Double](repeating: 1, count: size)
        var im = [Double](repeating: 0, count: size)
        for (mask, value, factor) in phases {
            // The entries whose bits under `mask` (as entry bits) equal `value`.
            var entryMask = 0
            var entryValue = 0
            for (j, p) in positions.enumerated() where mask & (1 << p) != 0 {
                entryMask |= 1 << j
                if value & (1 << p) != 0 { entryValue |= 1 << j }
            }
            for v in 0..<size where v & entryMask == entryValue {
                let r = re[v], i = im[v]
                re[v] = r * factor.re - i * factor.im
                im[v] = r * factor.im + i * factor.re
            }
        }
        self.re = re
        self.im = im
    }

    var count: Int { re.count }

    subscript(v: Int) -> ComplexNumber { ComplexNumber(re[v], im[v]) }
}
