/// An HTTP response as an ``HTTPTransport`` returns it.
public struct RuntimeHTTPResponse: Sendable, Hashable {
    /// The status code, such as 200.
    public var status: Int
    /// Header fields in order, names as received.
    public var headers: RuntimeHTTPHeaders
    /// The whole body (the transport has already removed any chunked framing).
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: RuntimeHTTPHeaders = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers[name]
    }
}
