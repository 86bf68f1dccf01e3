/// Tells a retry policy whether a failed request may have reached the server.
///
/// A transport throws this wrapper around a `RuntimeError` when a connection fails; a request
/// that was never written can be retried safely whatever its method. It is the one such type:
/// ``RuntimeHTTPTransport`` makes it from its HTTP client's failure, which carries the same two
/// facts.
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
