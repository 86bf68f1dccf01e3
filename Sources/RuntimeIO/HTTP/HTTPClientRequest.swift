import RuntimeWire

/// A request for ``HTTPClient``.
package struct HTTPClientRequest: Sendable {
    package var method: String
    /// An absolute `http` or `https` URL, path and query already percent-escaped.
    package var url: String
    /// Header fields. The client adds `Host` and `Content-Length` (or chunked coding when the
    /// request sets `Transfer-Encoding: chunked`).
    package var headers: HTTPHeaders
    package var body: [UInt8]?

    package init(method: String, url: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// Methods that may be retried after a connection failure (RFC 9110 §9.2.2, minus TRACE).
    package var isIdempotent: Bool {
        ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(method)
    }
}
