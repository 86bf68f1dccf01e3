/// One pass over the state: a set of local positions (a cache block is the 2^c amplitudes that
/// share every other index bit) and the kernels applied to each block while it is in cache.
struct Stage: Sendable {
    /// The state positions that may be non-zero during the stage: the pass covers 2^extent
    /// amplitudes.
    var extent: Int
    /// The block's positions, ascending: local index bit `j` is state position
    /// `localPositions[j]`.
    var localPositions: [Int]
    /// The kernels in order, in local positions.
    var operations: [LocalOperation]

    /// The block's number of positions.
    var blockQubits: Int { localPositions.count }

    /// Whether the local positions are `0..<blockQubits`: every block is a contiguous slice of
    /// the state and is processed in place.
    var isInPlace: Bool {
        localPositions.last.map { $0 == localPositions.count - 1 } ?? true
    }

    /// How many lowest positions are local: a gathered block is copied in runs of 2^this.
    var contiguousLowQubits: Int {
        var count = 0
        while count < localPositions.count && localPositions[count] == count { count += 1 }
        return count
    }
}
