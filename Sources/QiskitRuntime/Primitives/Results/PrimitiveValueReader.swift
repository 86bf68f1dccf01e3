/// Reads the parts of a primitive result (PLATFORM.md §5) out of a decoded ``RuntimeValue``.
///
/// The SDK's decoder keeps the primitive tags it does not know (`PrimitiveResult`, `DataBin`,
/// `BitArray`, `ExecutionSpans`…) as plain objects `{"__type__": …, "__value__": …}`; these helpers
/// unwrap them and turn every mismatch into `RuntimeError(.decodingFailed)` naming the place
/// (`pub_results[2].data.meas`), never a trap.
struct PrimitiveValueReader {
    /// Where in the result the value sits, for error messages.
    let path: String

    init(_ path: String) { self.path = path }

    func appending(_ component: String) -> PrimitiveValueReader {
        PrimitiveValueReader(component.hasPrefix("[") ? path + component : (path.isEmpty ? component : path + "." + component))
    }

    func error(_ message: String) -> RuntimeError {
        RuntimeError(.decodingFailed, path.isEmpty ? message : "at \(path): \(message)")
    }

    /// The tag and payload of a tagged object, or (nil, value) for anything else.
    static func untag(_ value: RuntimeValue) -> (tag: String?, payload: RuntimeValue) {
        guard case .object(let object) = value, case .string(let tag)? = object["__type__"],
              let payload = object["__value__"] else { return (nil, value) }
        return (tag, payload)
    }

    func object(_ value: RuntimeValue?) throws -> RuntimeObject {
        guard let value, let object = value.objectValue else { throw error("expected an object, found \(Self.kind(value))") }
        return object
    }

    func array(_ value: RuntimeValue?) throws -> [RuntimeValue] {
        guard case .array(let elements)? = value else { throw error("expected a list, found \(Self.kind(value))") }
        return elements
    }

    func integer(_ value: RuntimeValue?) throws -> Int {
        guard let value, let number = value.intValue else { throw error("expected an integer, found \(Self.kind(value))") }
        return number
    }

    /// An integer or null (a Python slice bound).
    func optionalInteger(_ value: RuntimeValue?) throws -> Int? {
        if value == nil || value == .null { return nil }
        return try integer(value)
    }

    /// A shape: a list (or a 1-D integer ndarray) of non-negative integers.
    func shape(_ value: RuntimeValue?) throws -> [Int] {
        let dims: [Int]
        if case .ndarray(let array)? = value, let values = array.int64s {
            dims = values.compactMap { Int(exactly: $0) }
            guard dims.count == values.count else { throw error("shape out of range") }
        } else {
            dims = try array(value).map { try integer($0) }
        }
        guard dims.allSatisfy({ $0 >= 0 }) else { throw error("negative dimension in shape \(dims)") }
        guard ShapeMath.count(dims) != nil else { throw error("shape \(dims) is too large") }
        return dims
    }

    func date(_ value: RuntimeValue?) throws -> RuntimeDateTime {
        switch value {
        case .datetime(let date)?: return date
        case .string(let text)?:
            do { return try RuntimeDateTime(isoText: text) } catch { throw self.error("not an ISO 8601 datetime: \(text.prefix(40))") }
        default: throw error("expected a datetime, found \(Self.kind(value))")
        }
    }

    /// Numbers of any shape: a number (shape `[]`), nested lists of numbers, or a numeric ndarray.
    func doubles(_ value: RuntimeValue?) throws -> ShapedArray<Double> {
        guard let value else { throw error("missing") }
        switch value {
        case .ndarray(let array):
            guard let values = array.doubles else { throw error("expected a real ndarray, found dtype \(array.dtype)") }
            let ordered = array.isFortranOrder ? ShapeMath.fortranToC(values, shape: array.shape) : values
            return try ShapedArray(ordered, shape: array.shape)
        case .integer, .double, .bigInteger:
            return ShapedArray(scalar: value.doubleValue ?? .nan)
        case .array:
            var shape: [Int] = []
            var values: [Double] = []
            try flatten(value, depth: 0, shape: &shape, into: &values)
            return try ShapedArray(values, shape: shape)
        default:
            throw error("expected numbers, found \(Self.kind(value))")
        }
    }

    /// Appends the numbers of nested lists in C order, checking the nesting is rectangular.
    private func flatten(_ value: RuntimeValue, depth: Int, shape: inout [Int], into values: inout [Double]) throws {
        guard depth <= 64 else { throw error("lists nested deeper than 64") }
        switch value {
        case .array(let elements):
            if depth == shape.count {
                guard values.isEmpty else { throw error("ragged nested lists") }
                shape.append(elements.count)
            } else if depth > shape.count || shape[depth] != elements.count {
                throw error("ragged nested lists")
            }
            for element in elements { try flatten(element, depth: depth + 1, shape: &shape, into: &values) }
        case .integer, .double, .bigInteger:
            guard depth == shape.count else { throw error("ragged nested lists") }
            values.append(value.doubleValue ?? .nan)
        default:
            throw error("expected a number, found \(Self.kind(value))")
        }
    }

    /// A short name for the kind of a value, for messages.
    static func kind(_ value: RuntimeValue?) -> String {
        guard let value else { return "nothing" }
        switch value {
        case .null: return "null"
        case .bool: return "a Boolean"
        case .integer, .bigInteger: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object(let object):
            if case .string(let tag)? = object["__type__"] { return "a \(tag)" }
            return "an object"
        case .complex: return "a complex"
        case .ndarray(let array): return "an ndarray of \(array.dtype) \(array.shape)"
        case .datetime: return "a datetime"
        case .set: return "a set"
        case .settings(_, let name, _): return "a \(name)"
        case .toJSON: return "a to_json value"
        case .result: return "a Result"
        case .opaque(let tag, _): return "a \(tag)"
        }
    }
}
