import RuntimeWire

/// The message and code of a service error body: the runtime's `{"errors":[{code, message,
/// more_info}], "trace"}` or the legacy API's `{"error":{message, code, name}}`.
struct ServiceErrorBody: Sendable, Equatable {
    var message: String?
    var code: String?
    /// The legacy `error.name`, such as `ACCEPT_LICENSE_REQUIRED`.
    var name: String?
    /// The service's numbered code: the first `errors[].code` that is an integer or a string of
    /// digits (or the legacy `error.code`, likewise).
    var numericCode: Int?
    /// The runtime body's `trace`, if it is a string.
    var trace: String?

    /// Reads either shape; `nil` when the body is neither (or not JSON), or has no message, code
    /// or name to summarize.
    init?(_ body: [UInt8]) {
        guard let parsed = Self.parse(body), parsed.hasSummary else { return nil }
        self = parsed
    }

    private init() {}

    /// Everything either shape has, even without a message, code or name (a body with only a
    /// `trace`); `nil` when the body is not JSON.
    static func parse(_ body: [UInt8]) -> ServiceErrorBody? {
        guard !body.isEmpty, let json = try? WireJSON.parse(body, context: "error body") else {
            return nil
        }
        var parsed = ServiceErrorBody()
        if let errors = json["errors"]?.arrayValue, let first = errors.first {
            parsed.message = first["message"]?.stringValue
            parsed.code = text(first["code"])
            parsed.numericCode = errors.lazy.compactMap { number($0["code"]) }.first
        } else if let error = json["error"], error.objectValue != nil {
            parsed.message = error["message"]?.stringValue
            parsed.code = text(error["code"])
            parsed.name = error["name"]?.stringValue
            parsed.numericCode = number(error["code"])
        }
        parsed.trace = json["trace"]?.stringValue
        return parsed
    }

    /// Whether the body has a message, code or name.
    var hasSummary: Bool { message != nil || code != nil || name != nil }

    private static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s)?: return s
        case .integer(let i)?: return String(i)
        default: return nil
        }
    }

    /// An integer, or a string of 1 to 18 ASCII digits (no sign, no spaces).
    private static func number(_ value: JSONValue?) -> Int? {
        switch value {
        case .integer(let i)?: return Int(exactly: i)
        case .string(let s)?:
            guard (1...18).contains(s.utf8.count), s.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { return nil }
            return Int(s)
        default: return nil
        }
    }

    /// `message (code X)`.
    var summary: String {
        var text = message ?? name ?? "error"
        if let code { text += " (code \(code))" }
        return text
    }
}
