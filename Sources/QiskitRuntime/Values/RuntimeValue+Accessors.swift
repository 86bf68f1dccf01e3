#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension RuntimeValue {
    /// Wraps an `Int`.
    public init(_ value: Int) { self = .integer(Int64(value)) }
    /// Wraps a `Double`.
    public init(_ value: Double) { self = .double(value) }
    /// Wraps a `String`.
    public init(_ value: String) { self = .string(value) }
    /// Wraps a `Bool`.
    public init(_ value: Bool) { self = .bool(value) }
    /// Wraps a `Date` as an aware UTC `datetime`.
    public init(_ value: Date) { self = .datetime(RuntimeDateTime(value)) }

    /// The value of `key` for an object, a `Result` or a `settings` value; nil otherwise.
    /// Setting a key on a non-object value turns it into an object.
    public subscript(key: String) -> RuntimeValue? {
        get { objectValue?[key] }
        set {
            switch self {
            case .object(var object):
                object[key] = newValue
                self = .object(object)
            case .result(var object):
                object[key] = newValue
                self = .result(object)
            case .settings(let module, let name, var object):
                object[key] = newValue
                self = .settings(module: module, class: name, value: object)
            default:
                var object = RuntimeObject()
                object[key] = newValue
                self = .object(object)
            }
        }
    }

    /// Element `index` of an array or set; nil when out of range or not a list.
    public subscript(index: Int) -> RuntimeValue? {
        guard let elements = arrayValue, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// Whether this is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The Boolean of `.bool`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The integer of `.integer`, or of a `.double` holding an exact integer in range.
    public var intValue: Int? {
        switch self {
        case .integer(let value): return Int(exactly: value)
        case .double(let value): return Int(exactly: value)
        default: return nil
        }
    }

    /// The number of `.double`, `.integer` or `.bigInteger` as a `Double`.
    public var doubleValue: Double? { numberValue }

    var numberValue: Double? {
        switch self {
        case .double(let value): return value
        case .integer(let value): return Double(value)
        case .bigInteger(let text): return Double(text)
        default: return nil
        }
    }

    /// The text of `.string`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements of `.array` or `.set`.
    public var arrayValue: [RuntimeValue]? {
        switch self {
        case .array(let elements), .set(let elements): return elements
        default: return nil
        }
    }

    /// The members of `.object`, `.result` or a `.settings` value.
    public var objectValue: RuntimeObject? {
        switch self {
        case .object(let object), .result(let object), .settings(_, _, let object): return object
        default: return nil
        }
    }

    /// The number of `.complex`, or of a real number as a complex with no imaginary part.
    public var complexValue: Complex? {
        if case .complex(let value) = self { return value }
        return numberValue.map { Complex($0, 0) }
    }

    /// The array of `.ndarray`.
    public var ndarrayValue: NDArray? {
        if case .ndarray(let value) = self { return value }
        return nil
    }

    /// The datetime of `.datetime`.
    public var dateTimeValue: RuntimeDateTime? {
        if case .datetime(let value) = self { return value }
        return nil
    }
}

extension RuntimeValue: CustomStringConvertible {
    /// The value as RuntimeEncoder JSON text (``json``).
    public var description: String { json }
}
