/// The seam between the SDK and an HTTP client.
///
/// The default transport is this package's own HTTP/1.1 client on its single event-loop thread.
/// Plug in another one (URLSession on Apple platforms, or a scripted double in tests) by passing
/// it to the service's configuration.
///
/// **Lifetime.** A transport you pass in ``RuntimeConfiguration/transport`` is yours: the service
/// never shuts it down, so one transport can serve several services, and you shut it down after
/// the last of them. The default transport, made when you pass none, is the service's:
/// ``RuntimeService/shutdown()`` shuts it down.
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
    func send(_ request: RuntimeHTTPRequest, deadline: ContinuousClock.Instant) async throws -> RuntimeHTTPResponse
}
