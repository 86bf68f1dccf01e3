/// An HTTP request as the SDK hands it to an ``HTTPTransport``.
public struct RuntimeHTTPRequest: Sendable, Hashable {
    /// The method, such as `GET` or `POST`.
    public var method: String
    /// The absolute URL, `http` or `https`, with path and query already percent-escaped.
    public var url: String
    /// Header fields in order. The transport adds `Host`, `Content-Length` and `Connection`.
    public var headers: RuntimeHTTPHeaders
    /// The body, if any.
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: String, url: String, headers: RuntimeHTTPHeaders = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
