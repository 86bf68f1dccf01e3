import RuntimeWire

/// The one place the SDK calls the JSON codec of RuntimeWire and the value model, so that their
/// exact signatures matter in a single file.
enum WireJSON {
    /// Parses a response body. A body that is not JSON becomes `.invalidResponse`.
    static func parse(_ bytes: [UInt8], context: String) throws -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch let error as WireError {
            throw RuntimeError(.invalidResponse, "\(context): the response is not valid JSON (\(error.message))",
                               offset: error.offset)
        }
    }

    /// JSON text of `value`, in Python's default layout (`", "` and `": "`).
    static func text(_ value: JSONValue) -> String {
        JSONWriter.write(value, style: .python)
    }

    /// JSON text of a string: quoted and escaped.
    static func quoted(_ string: String) -> String {
        text(.string(string))
    }

    /// A request body: the JSON object of `members`, in order, in Python's default layout.
    /// Every body the SDK sends is written here, by the writer the emulator answers with, never
    /// by concatenating text.
    static func body(_ members: [JSONMember]) -> [UInt8] {
        JSONWriter.writeBytes(.object(members), style: .python)
    }

    /// A JSON list of strings.
    static func strings(_ values: [String]) -> JSONValue {
        .array(values.map(JSONValue.string))
    }

    /// Converts a parsed JSON value to a ``RuntimeValue`` (decoding RuntimeEncoder tags).
    static func runtimeValue(_ value: JSONValue) throws -> RuntimeValue {
        try RuntimeValue(jsonValue: value)
    }
}
