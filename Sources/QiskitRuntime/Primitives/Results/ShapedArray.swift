/// An N-dimensional array of values in C (row-major) order: what numpy calls an `ndarray`, as the
/// primitives return them (an estimator's `evs` of a pub of shape `(2, 3)`, say).
///
/// A 0-d array (shape `[]`) holds one value, read with ``scalar``:
///
/// ```swift
/// let evs = result[0].evs
/// if let value = evs.scalar { print(value) } else { print(evs[1, 2]) }
/// ```
public struct ShapedArray<Element: Sendable & Hashable>: Sendable, Hashable, RandomAccessCollection, CustomStringConvertible {
    /// The dimensions; `[]` for a single value.
    public let shape: [Int]
    /// The values in C order (the last index varies fastest).
    public let elements: [Element]

    /// An array of `shape` holding `elements` in C order.
    /// - Throws: `RuntimeError(.invalidArgument)` when `elements.count` is not the product of `shape`.
    public init(_ elements: [Element], shape: [Int]) throws {
        guard let total = ShapeMath.count(shape), total == elements.count else {
            throw RuntimeError(.invalidArgument, "\(elements.count) values do not fill shape \(ShapeMath.describe(shape))")
        }
        self.shape = shape
        self.elements = elements
    }

    /// A 1-D array.
    public init(_ elements: [Element]) {
        shape = [elements.count]
        self.elements = elements
    }

    /// A 0-d array holding one value.
    public init(scalar: Element) {
        shape = []
        elements = [scalar]
    }

    /// The value of a 0-d array (shape `[]`); nil for any other shape.
    public var scalar: Element? { shape.isEmpty ? elements.first : nil }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The value at a full index, one integer per dimension (`evs[1, 2]`). With a single integer
    /// the subscript is the collection's: the value at that C-order position.
    ///
    /// - Precondition: one index per dimension, each within its dimension (like `Array`'s subscript).
    public subscript(_ index: Int...) -> Element {
        elements[flatIndex(index)]
    }

    /// The value at a full index given as an array.
    public subscript(index index: [Int]) -> Element {
        elements[flatIndex(index)]
    }

    /// The C-order position of a full index.
    public func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) does not have one entry per dimension of \(ShapeMath.describe(shape))")
        var offset = 0
        for axis in 0..<shape.count {
            precondition(index[axis] >= 0 && index[axis] < shape[axis], "index \(index) is out of bounds for shape \(ShapeMath.describe(shape))")
            offset = offset * shape[axis] + index[axis]
        }
        return offset
    }

    // MARK: RandomAccessCollection (over the values in C order)

    /// The first C-order position.
    public var startIndex: Int { 0 }
    /// One past the last C-order position.
    public var endIndex: Int { elements.count }
    /// The value at a C-order position.
    public subscript(position: Int) -> Element { elements[position] }

    /// The values, nested to the shape, as numpy prints them (`[[0.5, 1.0], [0.25, 0.0]]`), or the
    /// single value of a 0-d array.
    public var description: String {
        func text(_ axis: Int, _ offset: Int) -> String {
            if axis == shape.count { return "\(elements[offset])" }
            let stride = shape[(axis + 1)...].reduce(1, *)
            return "[" + (0..<shape[axis]).map { text(axis + 1, offset + $0 * stride) }.joined(separator: ", ") + "]"
        }
        return elements.isEmpty && !shape.isEmpty ? "[]" : text(0, 0)
    }
}
