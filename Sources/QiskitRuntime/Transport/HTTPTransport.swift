/// An HTTP request as the SDK hands it to an ``HTTPTransport``.
public struct HTTPRequest: Sendable {
    /// The method, such as `GET` or `POST`.
    public var method: String
    /// The absolute URL, `http` or `https`, with path and query already percent-escaped.
    public var url: String
    /// Header fields in order. The transport adds `Host`, `Content-Length` and `Connection`.
    public var headers: [(name: String, value: String)]
    /// The body, if any.
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response as an ``HTTPTransport`` returns it.
public struct HTTPResponse: Sendable {
    /// The status code, such as 200.
    public var status: Int
    /// Header fields in order, names as received.
    public var headers: [(name: String, value: String)]
    /// The whole body (the transport has already removed any chunked framing).
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first(where: { $0.name.lowercased() == lowered })?.value
    }
}

/// The seam between the SDK and an HTTP client.
///
/// The default transport is this package's own HTTP/1.1 client on its single event-loop thread.
/// Plug in another one (URLSession on Apple platforms, or a scripted double in tests) by passing
/// it to the service's configuration.
///
/// A transport sends one request and returns its response; it does not retry, and it treats
/// every status code as a response, not an error. It throws `CancellationError` when the calling
/// task is cancelled, `RuntimeError(.timedOut)` when `deadline` passes, and a `RuntimeError`
/// with code `RuntimeError.Code.connectionFailed` or `RuntimeError.Code.connectionClosed`
/// when the network fails. `requestMayHaveBeenSent` in the latter case is reported through
/// ``HTTPTransportFailure``.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the complete response.
    /// - Parameters:
    ///   - request: the request.
    ///   - deadline: when the whole exchange must be complete.
    func send(_ request: HTTPRequest, deadline: ContinuousClock.Instant) async throws -> HTTPResponse
}

/// Tells a retry policy whether a failed request may have reached the server.
///
/// A transport throws this wrapper around a `RuntimeError` when a connection fails; a request
/// that was never written can be retried safely whatever its method.
public struct HTTPTransportFailure: Error, Sendable {
    /// The underlying failure.
    public var error: RuntimeError
    /// Whether any byte of the request was written before the failure.
    public var requestMayHaveBeenSent: Bool

    /// Creates a failure.
    public init(error: RuntimeError, requestMayHaveBeenSent: Bool) {
        self.error = error
        self.requestMayHaveBeenSent = requestMayHaveBeenSent
    }
}
