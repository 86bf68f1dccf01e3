#if canImport(RuntimeWire)
@testable import RuntimeWire
#endif

/// Compares ``JSONParser`` with ``ReferenceJSONReader`` on one input: used by the differential
/// tests and by the JSON fuzz target (the file is linked into both).
enum JSONDifferential {
    /// What one parser made of an input: a value, or the error's code, offset and message.
    enum Outcome: CustomStringConvertible {
        case value(JSONValue)
        case failure(WireError.Code, Int?, String)
        case otherError(String)

        var description: String {
            switch self {
            case .value(let value): return "value \(JSONWriter.write(value, style: .compact))"
            case let .failure(code, offset, message): return "\(code) at \(offset.map(String.init) ?? "nil"): \(message)"
            case .otherError(let text): return "unexpected error \(text)"
            }
        }
    }

    static func outcome(_ body: () throws -> JSONValue) -> Outcome {
        do {
            return .value(try body())
        } catch let error as WireError {
            return .failure(error.code, error.offset, error.message)
        } catch {
            return .otherError("\(error)")
        }
    }

    /// Nil when both parsers agree exactly (same value, byte for byte, or the same error);
    /// otherwise a description of the difference.
    static func difference(_ bytes: [UInt8], maxDepth: Int = JSONParser.defaultMaxDepth) -> String? {
        let fast = outcome { try JSONParser.parse(bytes, maxDepth: maxDepth) }
        let reference = outcome { try ReferenceJSONReader.parse(bytes, maxDepth: maxDepth) }
        switch (fast, reference) {
        case let (.value(a), .value(b)):
            return identical(a, b) ? nil : "values differ: \(fast) vs reference \(reference)"
        case let (.failure(c1, o1, m1), .failure(c2, o2, m2)):
            return c1 == c2 && o1 == o2 && m1 == m2 ? nil : "errors differ: \(fast) vs reference \(reference)"
        default:
            return "outcomes differ: \(fast) vs reference \(reference)"
        }
    }

    /// Structural identity: strings compared by their UTF-8 bytes (not canonical equivalence),
    /// doubles by bit pattern, members in order.
    static func identical(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.integer(x), .integer(y)): return x == y
        case let (.bigInteger(x), .bigInteger(y)): return x.utf8.elementsEqual(y.utf8)
        case let (.double(x), .double(y)): return x.bitPattern == y.bitPattern
        case let (.string(x), .string(y)): return x.utf8.elementsEqual(y.utf8)
        case let (.array(x), .array(y)):
            return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key.utf8.elementsEqual($1.key.utf8) && identical($0.value, $1.value) }
        default: return false
        }
    }
}
