extension BitArray {
    /// The bit array at a position of the pub's shape: indexing `k` of its dimensions leaves the
    /// others (`bits[1]` of shape `(2, 3)` has shape `(3,)`; `bits[1, 2]` has shape `()`).
    ///
    /// - Precondition: at most one index per dimension, each within its dimension (like `Array`).
    public subscript(_ indices: Int...) -> BitArray {
        self[position: indices]
    }

    /// The bit array at a (partial) position given as an array; see ``subscript(_:)-(Int...)``.
    public subscript(position indices: [Int]) -> BitArray {
        precondition(indices.count <= shape.count, "\(indices.count) indices for a bit array of shape \(ShapeMath.describe(shape))")
        var block = 0
        for (axis, index) in indices.enumerated() {
            precondition(index >= 0 && index < shape[axis], "index \(index) is out of bounds for axis \(axis) of shape \(ShapeMath.describe(shape))")
            block = block * shape[axis] + index
        }
        let rest = Array(shape[indices.count...])
        let size = (ShapeMath.count(rest) ?? 0) * shots * bytesPerShot
        return BitArray(unchecked: Array(packedBytes[block * size..<(block + 1) * size]), shape: rest, shots: shots, bitCount: bitCount)
    }

    /// The positions `range` of the first dimension (`bits[1..<3]` of shape `(4, 2)` has shape `(2, 2)`).
    /// - Precondition: the array has a dimension and `range` lies within it.
    public subscript(range: Range<Int>) -> BitArray {
        precondition(!shape.isEmpty, "a bit array of shape () has no dimension to slice")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[0], "range \(range) is out of bounds for axis 0 of shape \(ShapeMath.describe(shape))")
        let size = (ShapeMath.count(Array(shape.dropFirst())) ?? 0) * shots * bytesPerShot
        var newShape = shape
        newShape[0] = range.count
        return BitArray(unchecked: Array(packedBytes[range.lowerBound * size..<range.upperBound * size]), shape: newShape, shots: shots, bitCount: bitCount)
    }

    /// The same outcomes with the positions in another shape of the same size (qiskit's
    /// `reshape`, shots kept).
    /// - Throws: `RuntimeError(.invalidArgument)` when the sizes differ.
    public func reshaped(_ newShape: [Int]) throws -> BitArray {
        guard let size = ShapeMath.count(newShape), size == positionCount, newShape.allSatisfy({ $0 >= 0 }) else {
            throw RuntimeError(.invalidArgument, "cannot reshape \(ShapeMath.describe(shape)) to \(ShapeMath.describe(newShape))")
        }
        return BitArray(unchecked: packedBytes, shape: newShape, shots: shots, bitCount: bitCount)
    }

    /// The selected shots at every position, in the order given (qiskit's `slice_shots`).
    /// - Throws: `RuntimeError(.invalidArgument)` for a shot out of range.
    public func slicingShots(_ selection: [Int]) throws -> BitArray {
        for shot in selection where shot < 0 || shot >= shots {
            throw RuntimeError(.invalidArgument, "shot \(shot) is out of bounds for \(shots) shots")
        }
        let width = bytesPerShot
        var out: [UInt8] = []
        out.reserveCapacity(positionCount * selection.count * width)
        for position in 0..<positionCount {
            for shot in selection {
                let start = (position * shots + shot) * width
                out.append(contentsOf: packedBytes[start..<start + width])
            }
        }
        return BitArray(unchecked: out, shape: shape, shots: selection.count, bitCount: bitCount)
    }

    /// The shots `range` at every position.
    /// - Throws: `RuntimeError(.invalidArgument)` when the range exceeds the shots.
    public func slicingShots(_ range: Range<Int>) throws -> BitArray {
        try slicingShots(Array(range))
    }

    /// A register made of the selected bits (qiskit's `slice_bits`): bit `i` of the result is bit
    /// `selection[i]` of this array (0 is the least significant, `meas[0]`).
    /// - Throws: `RuntimeError(.invalidArgument)` for a bit out of range.
    public func slicingBits(_ selection: [Int]) throws -> BitArray {
        for bit in selection where bit < 0 || bit >= bitCount {
            throw RuntimeError(.invalidArgument, "bit \(bit) is out of bounds for \(bitCount) bits")
        }
        let width = bytesPerShot
        let newWidth = (selection.count + 7) / 8
        var out = [UInt8](repeating: 0, count: totalShots * newWidth)
        for row in 0..<totalShots {
            let source = row * width
            let target = row * newWidth
            for (newBit, bit) in selection.enumerated() where packedBytes[source + width - 1 - bit / 8] >> UInt8(bit % 8) & 1 == 1 {
                out[target + newWidth - 1 - newBit / 8] |= 1 << UInt8(newBit % 8)
            }
        }
        return BitArray(unchecked: out, shape: shape, shots: shots, bitCount: selection.count)
    }

    /// An array whose sizes are already known to agree (clean first bytes included).
    init(unchecked bytes: [UInt8], shape: [Int], shots: Int, bitCount: Int) {
        self.shape = shape
        self.shots = shots
        self.bitCount = bitCount
        self.packedBytes = bytes
    }
}
