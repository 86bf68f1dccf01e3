/// Helpers for the coding paths reported in `RuntimeError(.decodingFailed)` messages.
enum CodingPath {
    /// `results[0].data.counts`, or `<root>` for the empty path.
    static func describe(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "<root>" }
        var text = ""
        for key in path {
            if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }

    /// A short name of the kind of a value, for error messages.
    static func kind(of value: RuntimeValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a Boolean"
        case .integer, .bigInteger: return "an integer"
        case .double: return "a double"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        case .complex: return "a complex"
        case .ndarray: return "an ndarray"
        case .datetime: return "a datetime"
        case .set: return "a set"
        case .settings: return "a settings value"
        case .toJSON: return "a to_json value"
        case .result: return "a Result"
        case .opaque(let tag, _): return "an opaque \(tag)"
        }
    }

    static func mismatch(_ expected: String, _ value: RuntimeValue, _ path: [any CodingKey]) -> RuntimeError {
        RuntimeError(.decodingFailed, "at \(describe(path)): expected \(expected), found \(kind(of: value))")
    }
}

/// A coding key for array positions and arbitrary object keys.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}
