import RuntimeWire

/// Shape arithmetic shared by the primitive inputs and results (numpy's rules), and by the
/// emulator's primitives.
package enum ShapeMath {
    /// The number of elements of `shape` (1 for `[]`), or nil on overflow or a negative dimension.
    package static func count(_ shape: [Int]) -> Int? {
        NPYArray.elementCount(of: shape)
    }

    /// C-order strides (in elements) of `shape`.
    package static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var axis = shape.count - 2
        while axis >= 0 {
            strides[axis] = strides[axis + 1] * shape[axis + 1]
            axis -= 1
        }
        return strides
    }

    /// numpy's broadcast of two shapes (aligned at the right; each pair of dimensions equal or
    /// one of them 1), or nil when they do not broadcast.
    package static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let x = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let y = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else { return nil }
            result[axis] = x == 1 ? y : x
        }
        return result
    }

    /// Elements stored in Fortran order, reordered to C order.
    package static func fortranToC<T>(_ values: [T], shape: [Int]) -> [T] {
        guard shape.count > 1, let total = count(shape), total == values.count, total > 0 else { return values }
        var fortranStrides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { fortranStrides[axis] = fortranStrides[axis - 1] * shape[axis - 1] }
        var out: [T] = []
        out.reserveCapacity(total)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<total {
            var offset = 0
            for axis in 0..<shape.count { offset += index[axis] * fortranStrides[axis] }
            out.append(values[offset])
            advance(&index, in: shape)
        }
        return out
    }

    /// Steps a multi-index to the next element of `shape` in C order (the last axis fastest).
    package static func advance(_ index: inout [Int], in shape: [Int]) {
        var axis = shape.count - 1
        while axis >= 0 {
            index[axis] += 1
            if index[axis] < shape[axis] { return }
            index[axis] = 0
            axis -= 1
        }
    }

    /// Resolves a Python slice `start:stop` (either may be nil, negative counts from the end)
    /// against a length, as `range(length)[start:stop]` does.
    package static func resolve(start: Int?, stop: Int?, length: Int) -> Range<Int> {
        func clamp(_ value: Int?, _ fallback: Int) -> Int {
            guard let value else { return fallback }
            let adjusted = value < 0 ? value + length : value
            return min(max(adjusted, 0), length)
        }
        let lower = clamp(start, 0)
        let upper = clamp(stop, length)
        return lower..<max(lower, upper)
    }

    /// "(2, 3)"-style text of a shape, as numpy prints it.
    package static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
