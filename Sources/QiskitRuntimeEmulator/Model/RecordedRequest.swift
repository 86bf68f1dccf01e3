/// A request the emulator received, as recorded for tests (see
/// ``EmulatorService/lastV1Request`` and ``EmulatorService/lastIAMRequest``).
public struct RecordedRequest: Sendable {
    /// The method, such as `GET`.
    public var method: String
    /// The request target as sent: path plus optional `?query`, still percent-escaped.
    public var target: String
    /// The header fields in the order received.
    public var headers: [(name: String, value: String)]

    /// Creates a record.
    public init(method: String, target: String, headers: [(name: String, value: String)]) {
        self.method = method
        self.target = target
        self.headers = headers
    }

    /// The value of the last header field named `name` (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        headers.last(where: { $0.name.lowercased() == name.lowercased() })?.value
    }
}
