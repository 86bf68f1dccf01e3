/// numpy's shape rules for the pubs: element counts, broadcasting, and the element of a
/// broadcast operand that belongs to an index of the broadcast shape.
enum ArrayShape {
    /// The number of elements of `shape` (1 for `[]`), or nil when it exceeds `limit`.
    static func count(_ shape: [Int], limit: Int = .max) -> Int? {
        var total = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= limit else { return nil }
            total = product
        }
        return total
    }

    /// The shape numpy broadcasts `a` and `b` to, or nil when they are not broadcastable.
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let x = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let y = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            if x == y || y == 1 {
                result[axis] = x
            } else if x == 1 {
                result[axis] = y
            } else {
                return nil
            }
        }
        return result
    }

    /// For every flat (C-order) index of `target`, the flat index of the element of an operand of
    /// shape `source` that broadcasting puts there (`source` must broadcast to `target`).
    static func sourceIndices(of source: [Int], in target: [Int]) -> [Int] {
        let total = count(target) ?? 0
        let offset = target.count - source.count
        var strides = [Int](repeating: 0, count: target.count)
        var step = 1
        for axis in stride(from: source.count - 1, through: 0, by: -1) {
            strides[axis + offset] = source[axis] == 1 ? 0 : step
            step *= source[axis]
        }
        var result = [Int](repeating: 0, count: total)
        var index = [Int](repeating: 0, count: target.count)
        for flat in 0..<total {
            var position = 0
            for axis in 0..<target.count { position += index[axis] * strides[axis] }
            result[flat] = position
            var axis = target.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < target[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    /// `(2, 3)`, `(4,)`, `()`: a shape as Python writes it, for messages.
    static func text(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
