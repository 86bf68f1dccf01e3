import RuntimeWire

/// A complete response received by ``HTTPClient``.
package struct HTTPClientResponse: Sendable {
    package var status: Int
    package var reason: String
    package var headers: HTTPHeaders
    /// The whole body, de-chunked.
    package var body: [UInt8]

    package init(status: Int, reason: String = "", headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }
}
