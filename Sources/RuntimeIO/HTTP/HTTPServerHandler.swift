import RuntimeWire

/// A complete request as the HTTP server hands it to a handler.
package struct HTTPServerRequest: Sendable {
    package var method: String
    /// The request target as sent: path plus optional `?query`, still percent-escaped.
    package var target: String
    package var headers: HTTPHeaders
    /// The whole body, de-chunked.
    package var body: [UInt8]

    package init(method: String, target: String, headers: HTTPHeaders, body: [UInt8]) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }
}

/// A complete response a handler returns.
package struct HTTPServerResponse: Sendable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: [UInt8]

    package init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// What a handler decides for a request.
package enum HTTPServerAction: Sendable {
    /// Send this response; the connection stays open for the next request (keep-alive) unless
    /// the request or response said `Connection: close`.
    case respond(HTTPServerResponse)
    /// Send this response's status and headers (its `body` is ignored), then the body `produce`
    /// writes piece by piece, as it is produced: in chunked coding to an HTTP/1.1 client, until
    /// the connection closes to an HTTP/1.0 one. Memory stays bounded: the writer buffers at most
    /// ``HTTPResponseBodyWriter/flushThreshold`` bytes and each flush waits until the peer took
    /// the previous bytes (back-pressure). A `HEAD` request gets the head only (`produce` does
    /// not run). If `produce` throws, the connection is closed without the last chunk, so the
    /// client sees a cut body, never a complete-looking one.
    case stream(HTTPServerResponse, produce: @Sendable (inout HTTPResponseBodyWriter) async throws -> Void)
    /// Send this response head (normally `101 Switching Protocols`) and hand the connection over
    /// to `takeOver`, together with any bytes already read past the request (the first frames).
    /// The server no longer touches the connection; `takeOver` owns and closes it.
    case upgrade(HTTPServerResponse, takeOver: @Sendable (any Connection, [UInt8]) async -> Void)
}

/// Routes requests: a plain async function, never run on the loop thread.
package typealias HTTPServerHandler = @Sendable (HTTPServerRequest) async -> HTTPServerAction
