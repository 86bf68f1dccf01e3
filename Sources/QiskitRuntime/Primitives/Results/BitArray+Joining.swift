extension BitArray {
    /// Joins bit arrays along a dimension of their shape (qiskit's `BitArray.concatenate`): all
    /// must have the same bits, shots and shape except along `axis`.
    /// - Throws: `RuntimeError(.invalidArgument)` for an empty list, 0-d arrays, an axis out of
    ///   range, or arrays that differ elsewhere.
    public static func concatenated(_ arrays: [BitArray], axis: Int = 0) throws -> BitArray {
        guard let first = arrays.first else { throw RuntimeError(.invalidArgument, "no bit arrays to concatenate") }
        guard !first.shape.isEmpty else { throw RuntimeError(.invalidArgument, "bit arrays of shape () cannot be concatenated along an axis") }
        guard axis >= 0 && axis < first.shape.count else {
            throw RuntimeError(.invalidArgument, "axis \(axis) is out of bounds for bit arrays of dimension \(first.shape.count)")
        }
        for (index, array) in arrays.enumerated() {
            guard array.bitCount == first.bitCount, array.shots == first.shots, array.shape.count == first.shape.count,
                  array.shape.enumerated().allSatisfy({ $0.offset == axis || $0.element == first.shape[$0.offset] })
            else {
                throw RuntimeError(.invalidArgument, "bit array \(index) (\(array)) cannot be concatenated with \(first) along axis \(axis)")
            }
        }
        let outer = ShapeMath.count(Array(first.shape[..<axis])) ?? 0
        let innerBytes = (ShapeMath.count(Array(first.shape[(axis + 1)...])) ?? 0) * first.shots * first.bytesPerShot
        var out: [UInt8] = []
        out.reserveCapacity(arrays.reduce(0) { $0 + $1.packedBytes.count })
        for block in 0..<outer {
            for array in arrays {
                let chunk = array.shape[axis] * innerBytes
                out.append(contentsOf: array.packedBytes[block * chunk..<(block + 1) * chunk])
            }
        }
        var shape = first.shape
        shape[axis] = arrays.reduce(0) { $0 + $1.shape[axis] }
        return BitArray(unchecked: out, shape: shape, shots: first.shots, bitCount: first.bitCount)
    }

    /// Joins bit arrays of the same shape and bits along the shots (qiskit's `concatenate_shots`).
    /// - Throws: `RuntimeError(.invalidArgument)` for an empty list or arrays that differ.
    public static func concatenatedShots(_ arrays: [BitArray]) throws -> BitArray {
        guard let first = arrays.first else { throw RuntimeError(.invalidArgument, "no bit arrays to concatenate") }
        for (index, array) in arrays.enumerated() where array.bitCount != first.bitCount || array.shape != first.shape {
            throw RuntimeError(.invalidArgument, "bit array \(index) (\(array)) differs from \(first) in bits or shape")
        }
        var out: [UInt8] = []
        out.reserveCapacity(arrays.reduce(0) { $0 + $1.packedBytes.count })
        for position in 0..<first.positionCount {
            for array in arrays {
                let chunk = array.shots * array.bytesPerShot
                out.append(contentsOf: array.packedBytes[position * chunk..<(position + 1) * chunk])
            }
        }
        return BitArray(unchecked: out, shape: first.shape, shots: arrays.reduce(0) { $0 + $1.shots }, bitCount: first.bitCount)
    }

    /// Joins the registers of bit arrays with the same shape and shots into one wider register
    /// (qiskit's `concatenate_bits`): the first array's bits are the least significant, so in a
    /// bitstring the last array comes first (`concatenatedBits([a, b])` reads `b + a`).
    /// - Throws: `RuntimeError(.invalidArgument)` for an empty list or arrays that differ.
    public static func concatenatedBits(_ arrays: [BitArray]) throws -> BitArray {
        guard let first = arrays.first else { throw RuntimeError(.invalidArgument, "no bit arrays to concatenate") }
        for (index, array) in arrays.enumerated() where array.shots != first.shots || array.shape != first.shape {
            throw RuntimeError(.invalidArgument, "bit array \(index) (\(array)) differs from \(first) in shots or shape")
        }
        let bitCount = arrays.reduce(0) { $0 + $1.bitCount }
        let width = (bitCount + 7) / 8
        let rows = first.totalShots
        var out = [UInt8](repeating: 0, count: rows * width)
        for row in 0..<rows {
            var shift = 0
            for array in arrays {
                let sourceWidth = array.bytesPerShot
                let source = row * sourceWidth
                // Copy bit by byte: source byte j (from the end) lands at bit offset shift + 8j.
                for j in 0..<sourceWidth {
                    let byte = UInt16(array.packedBytes[source + sourceWidth - 1 - j])
                    let bitOffset = shift + 8 * j
                    let wide = byte << UInt16(bitOffset % 8)
                    out[row * width + width - 1 - bitOffset / 8] |= UInt8(truncatingIfNeeded: wide)
                    if wide > 0xFF, bitOffset / 8 + 1 < width {
                        out[row * width + width - 2 - bitOffset / 8] |= UInt8(truncatingIfNeeded: wide >> 8)
                    }
                }
                shift += array.bitCount
            }
        }
        return BitArray(unchecked: out, shape: first.shape, shots: first.shots, bitCount: bitCount)
    }
}
