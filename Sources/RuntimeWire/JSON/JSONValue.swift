/// A JSON document as Python's `json` module reads and writes it.
///
/// Differences from strict JSON, all needed for the Qiskit Runtime wire (PROTOCOL.md §5.1):
/// - integers and doubles stay apart (`3` is ``integer(_:)``, `3.0` is ``double(_:)``);
/// - integers outside `Int64` keep their exact decimal text in ``bigInteger(_:)``;
/// - the bare tokens `NaN`, `Infinity` and `-Infinity` are doubles;
/// - object members keep their document order (duplicates are kept; lookups take the last, as Python does).
///
/// Equality treats NaN as equal to NaN (bit patterns of NaN are not compared), so values can be
/// compared after a round trip.
package enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    /// The exact decimal text (optional leading `-`, digits only) of an integer outside `Int64`.
    case bigInteger(String)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])
}

/// One member of a JSON object, in document order.
package struct JSONMember: Sendable, Hashable {
    package var key: String
    package var value: JSONValue

    package init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue: Hashable {
    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.bigInteger(a), .bigInteger(b)): return a == b
        case let (.double(a), .double(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a == b
        default: return false
        }
    }

    package func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .integer(let i): hasher.combine(2); hasher.combine(i)
        case .bigInteger(let s): hasher.combine(3); hasher.combine(s)
        case .double(let d): hasher.combine(4); if d.isNaN { hasher.combine(0x7FF8) } else { hasher.combine(d) }
        case .string(let s): hasher.combine(5); hasher.combine(s)
        case .array(let a): hasher.combine(6); hasher.combine(a)
        case .object(let o): hasher.combine(7); hasher.combine(o)
        }
    }
}

extension JSONValue {
    /// The value of the last member named `key`, if this is an object that has one.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// The string, if this is a string.
    package var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer, if this is an integer within `Int64`.
    package var integerValue: Int64? {
        if case .integer(let i) = self { return i }
        return nil
    }

    /// The number as a double, if this is a number (integers convert).
    package var doubleValue: Double? {
        switch self {
        case .double(let d): return d
        case .integer(let i): return Double(i)
        case .bigInteger(let s): return Double(s)
        default: return nil
        }
    }

    /// The Boolean, if this is one.
    package var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements, if this is an array.
    package var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members, if this is an object.
    package var objectValue: [JSONMember]? {
        if case .object(let o) = self { return o }
        return nil
    }
}
