/// Enumerates the indices of a block whose bits at some fixed positions have fixed values, as
/// runs of consecutive indices.
///
/// With fixed positions `p_1 < p_2 < …`, the indices with those bits fixed form runs of
/// `2^p_1` consecutive indices. Run `o` starts at `o · 2^p_1` with a zero inserted at every fixed
/// position, OR the fixed values. Kernels loop over the runs and over each run's elements, so the
/// inner loop is contiguous whenever the lowest fixed position is not 0.
struct RunEnumerator {
    /// The number of runs.
    let runCount: Int
    /// The length of each run (a power of two).
    let runLength: Int
    private let positions: [Int]
    private let value: Int
    private let lowShift: Int

    /// Runs of the indices `i < 2^qubits` with `i & mask == value`.
    init(qubits: Int, mask: Int, value: Int) {
        var positions: [Int] = []
        var rest = mask
        while rest != 0 {
            positions.append(rest.trailingZeroBitCount)
            rest &= rest &- 1
        }
        self.positions = positions
        self.value = value & mask
        let low = positions.first ?? qubits
        lowShift = low
        runLength = 1 &<< low
        runCount = 1 &<< (qubits &- positions.count &- low)
    }

    /// The first index of run `run`.
    @inline(__always)
    func start(_ run: Int) -> Int {
        var x = run &<< lowShift
        for p in positions {
            let lowBits = x & ((1 &<< p) &- 1)
            x = lowBits | ((x ^ lowBits) &<< 1)
        }
        return x | value
    }
}
