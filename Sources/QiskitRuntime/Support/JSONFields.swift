import RuntimeWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Lenient readers of the fields of the platform's documents (backends, sessions, usage): a value
/// of an unexpected type reads as absent instead of failing the whole document.
extension JSONValue {
    /// A whole number: an integer, or a double with no fraction, clamped to `Int`.
    var wholeNumber: Int? {
        switch self {
        case .integer(let i): return Int(clamping: i)
        case .double(let d) where d.isFinite && d.rounded() == d:
            return d >= Double(Int.max) ? Int.max : d <= Double(Int.min) ? Int.min : Int(d)
        default: return nil
        }
    }

    /// A finite number.
    var finiteNumber: Double? {
        guard let value = doubleValue, value.isFinite else { return nil }
        return value
    }

    /// The strings of an array of strings (other elements skipped); `[]` when not an array.
    var strings: [String] {
        arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// A timestamp in ISO 8601 text.
    var date: Date? {
        stringValue.flatMap(ISO8601Date.parse)
    }

    /// `true`/`false`, or the strings `"true"`/`"false"` (any case).
    var looseBool: Bool? {
        if let value = boolValue { return value }
        switch stringValue?.lowercased() {
        case "true"?: return true
        case "false"?: return false
        default: return nil
        }
    }
}
