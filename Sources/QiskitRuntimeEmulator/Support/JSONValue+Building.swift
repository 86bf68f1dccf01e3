import RuntimeWire

extension JSONValue {
    /// An object of these members, in this order: `.fields([("a", .integer(1))])`.
    static func fields(_ pairs: [(String, JSONValue)]) -> JSONValue {
        .object(pairs.map { JSONMember($0.0, $0.1) })
    }

    /// An array of strings.
    static func strings(_ values: [String]) -> JSONValue {
        .array(values.map { .string($0) })
    }

    /// An ISO-8601 timestamp of the emulator's clock, or null.
    static func timestamp(_ microseconds: Int64?) -> JSONValue {
        microseconds.map { .string(ISOTimestamp.format(microseconds: $0)) } ?? .null
    }
}
