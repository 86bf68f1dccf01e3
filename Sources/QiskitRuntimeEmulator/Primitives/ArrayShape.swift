import QiskitRuntime
import RuntimeWire

/// numpy's shape rules for the pubs, beside the SDK's `ShapeMath` (element counts, broadcasting,
/// Fortran order, shape text): the element of a broadcast operand that belongs to an index of the
/// broadcast shape, and the shape of nested JSON lists.
enum ArrayShape {
    /// The number of elements of `shape` (1 for `[]`), or nil when it exceeds `limit`.
    static func count(_ shape: [Int], limit: Int = .max) -> Int? {
        guard let count = ShapeMath.count(shape), count <= limit else { return nil }
        return count
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
            ShapeMath.advance(&index, in: target)
        }
        return result
    }

    /// The shape of nested JSON lists, read along their first elements (`[[1, 2], [3, 4]]` →
    /// `[2, 2]`; a non-list → `[]`); nil when nested deeper than `maxDepth`. Whether the nesting
    /// is rectangular is for the reader of the elements to check.
    static func nestedShape(of value: JSONValue, maxDepth: Int = 32) -> [Int]? {
        var shape: [Int] = []
        var probe = value
        while case .array(let elements) = probe {
            shape.append(elements.count)
            guard shape.count <= maxDepth else { return nil }
            guard let first = elements.first else { break }
            probe = first
        }
        return shape
    }
}
