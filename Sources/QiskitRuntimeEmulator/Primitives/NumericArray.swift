import QiskitRuntime
import RuntimeWire

/// A numeric array of a pub (parameter values): a shape and its elements in C order, read from
/// a JSON number, nested JSON lists, or an `ndarray` tag (base64 of zlib of `.npy`, decoded by the
/// SDK's codec).
struct NumericArray: Sendable, Hashable {
    /// The dimensions; `[]` for a scalar.
    var shape: [Int]
    /// The elements in C (row-major) order.
    var values: [Double]

    /// The most elements an array of a pub may have.
    static let maximumCount = 50_000_000

    /// Reads `value`.
    /// - Parameter what: what the value is, for messages (`pub 0: parameter_values`).
    /// - Throws: ``JobFailure/validation(_:)`` for a value that is not a number, a rectangular
    ///   list of numbers or a numeric ndarray, or holds a non-finite number.
    init(_ value: JSONValue, what: String) throws(JobFailure) {
        if case .object = value {
            guard value["__type__"]?.stringValue == "ndarray", value["__value__"] != nil else {
                throw .validation("\(what) must be a number, a list of numbers or an ndarray")
            }
            self = try Self.ndarray(value, what: what)
            return
        }
        guard let shape = ArrayShape.nestedShape(of: value) else {
            throw .validation("\(what) is nested more than 32 levels deep")
        }
        guard let total = ArrayShape.count(shape, limit: Self.maximumCount) else {
            throw .validation("\(what) has more than \(Self.maximumCount) elements")
        }
        var values: [Double] = []
        values.reserveCapacity(total)
        try Self.flatten(value, shape: shape, depth: 0, into: &values, what: what)
        self.init(shape: shape, values: values)
    }

    init(shape: [Int], values: [Double]) {
        self.shape = shape
        self.values = values
    }

    private static func ndarray(_ value: JSONValue, what: String) throws(JobFailure) -> NumericArray {
        let decoded: RuntimeValue
        do {
            decoded = try RuntimeValue(jsonValue: value)
        } catch {
            throw .validation("\(what) is not a valid ndarray: \(error)")
        }
        guard case .ndarray(let array) = decoded else {
            throw .validation("\(what) is not a valid ndarray")
        }
        if array.dtype.kind == .object {
            // An object array written as a list: its elements are the values.
            return try NumericArray(.array(array.objectElements.map(\.jsonValue)), what: what)
        }
        guard let elements = array.doubles, elements.count <= Self.maximumCount else {
            throw .validation("\(what) must be a real numeric ndarray of at most \(Self.maximumCount) elements, not \(array.dtype)")
        }
        let values = array.isFortranOrder ? ShapeMath.fortranToC(elements, shape: array.shape) : elements
        guard values.allSatisfy(\.isFinite) else { throw .validation("\(what) holds a value that is not finite") }
        return NumericArray(shape: array.shape, values: values)
    }

    private static func flatten(
        _ value: JSONValue, shape: [Int], depth: Int, into values: inout [Double], what: String
    ) throws(JobFailure) {
        if depth == shape.count {
            guard let number = value.doubleValue else {
                throw .validation("\(what) is not a rectangular list of numbers")
            }
            guard number.isFinite else { throw .validation("\(what) holds a value that is not finite") }
            values.append(number)
            return
        }
        guard case .array(let elements) = value, elements.count == shape[depth] else {
            throw .validation("\(what) is not a rectangular list of numbers (shape \(ShapeMath.describe(shape)) expected)")
        }
        for element in elements { try flatten(element, shape: shape, depth: depth + 1, into: &values, what: what) }
    }
}
