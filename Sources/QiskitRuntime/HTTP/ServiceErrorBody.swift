import RuntimeWire

/// The message and code of a service error body: the runtime's `{"errors":[{code, message,
/// more_info}], "trace"}` or the legacy API's `{"error":{message, code, name}}`.
struct ServiceErrorBody: Sendable, Equatable {
    var message: String?
    var code: String?
    /// The legacy `error.name`, such as `ACCEPT_LICENSE_REQUIRED`.
    var name: String?

    /// Reads either shape; `nil` when the body is neither (or not JSON).
    init?(_ body: [UInt8]) {
        guard !body.isEmpty, let json = try? WireJSON.parse(body, context: "error body") else {
            return nil
        }
        if let first = json["errors"]?.arrayValue?.first {
            message = first["message"]?.stringValue
            code = Self.text(first["code"])
        } else if let error = json["error"], error.objectValue != nil {
            message = error["message"]?.stringValue
            code = Self.text(error["code"])
            name = error["name"]?.stringValue
        } else {
            return nil
        }
        if message == nil && code == nil && name == nil { return nil }
    }

    private static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s)?: return s
        case .integer(let i)?: return String(i)
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
