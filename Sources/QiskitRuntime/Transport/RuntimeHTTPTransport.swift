import RuntimeIO
import RuntimeWire

/// The default ``HTTPTransport``: this package's own HTTP/1.1 client on the single event-loop
/// thread, with a keep-alive connection pool.
///
/// Connections are pooled per scheme, host and port, at most `maximumConnectionsPerHost` at once
/// (further requests wait their turn within their deadline). `http` URLs use plain TCP and
/// `https` URLs TLS with certificate verification against the system's CA bundle, or against
/// `caFile` / `caPath` when given. A proxy is used only when configured here: proxy environment
/// variables are ignored.
///
/// ```swift
/// let transport = RuntimeHTTPTransport(maximumConnectionsPerHost: 16, caFile: "/etc/ssl/my-ca.pem")
/// let response = try await transport.send(
///     RuntimeHTTPRequest(method: "GET", url: "https://runtime.example.com/jobs"),
///     deadline: .now + .seconds(30))
/// await transport.shutdown()
/// ```
///
/// A transport you create is yours to shut down with ``shutdown()``, after the last service
/// that uses it (a service never shuts down a transport it was given); the one a service makes
/// for itself is shut down by ``RuntimeService/shutdown()``.
///
/// When the network fails, ``send(_:deadline:)`` throws ``HTTPTransportFailure`` whose
/// ``HTTPTransportFailure/requestMayHaveBeenSent`` tells a retry policy whether the server may
/// have seen the request. The transport itself retries only idempotent requests (GET, HEAD, PUT,
/// DELETE, OPTIONS), once, when a connection fails before any byte of the response arrived.
public struct RuntimeHTTPTransport: HTTPTransport {
    private let client: HTTPClient

    /// Creates a transport.
    /// - Parameters:
    ///   - maximumConnectionsPerHost: the most connections open at once to one scheme, host and
    ///     port; the default is that of ``RuntimeConfiguration/maximumConnectionsPerHost``.
    ///   - caFile: a PEM file of CA certificates to trust for `https` instead of the system bundle.
    ///   - caPath: a directory of hashed CA certificates to trust instead of the system default.
    ///   - proxy: an HTTP proxy URL such as `http://proxy.example.com:3128`; `nil` connects directly.
    ///   - maxResponseBytes: the largest response body accepted; larger ones fail with
    ///     `RuntimeError.Code.messageTooLarge`.
    public init(
        maximumConnectionsPerHost: Int = RuntimeConfiguration.defaultMaximumConnectionsPerHost,
        caFile: String? = nil,
        caPath: String? = nil,
        proxy: String? = nil,
        maxResponseBytes: Int = 256 * 1024 * 1024
    ) {
        var limits = HTTPLimits()
        limits.maxBodyBytes = maxResponseBytes
        client = HTTPClient(
            configuration: HTTPClientConfiguration(maximumConnectionsPerHost: maximumConnectionsPerHost, responseLimits: limits),
            transport: TransportConfiguration(caFile: caFile, caPath: caPath, proxy: proxy))
    }

    /// Sends `request` and returns the complete response, whatever its status code.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled (the connection is closed);
    ///   `RuntimeError(.timedOut)` when `deadline` passes; ``HTTPTransportFailure`` wrapping a
    ///   `RuntimeError` with code `RuntimeError.Code.connectionFailed`,
    ///   `RuntimeError.Code.connectionClosed` or `RuntimeError.Code.tlsFailed` when the
    ///   network fails; another `RuntimeError` (such as `RuntimeError.Code.invalidURL`,
    ///   `RuntimeError.Code.invalidHTTP` or `RuntimeError.Code.messageTooLarge`) otherwise.
    public func send(_ request: RuntimeHTTPRequest, deadline: ContinuousClock.Instant) async throws -> RuntimeHTTPResponse {
        let clientRequest = HTTPClientRequest(
            method: request.method, url: request.url, headers: HTTPHeaders(request.headers.pairs), body: request.body)
        do {
            let response = try await client.execute(clientRequest, deadline: deadline)
            return RuntimeHTTPResponse(status: response.status, headers: RuntimeHTTPHeaders(response.headers.fields), body: response.body)
        } catch let failure as WireError {
            switch failure.code {
            case .connectionFailed, .connectionClosed, .tlsFailed:
                throw HTTPTransportFailure(error: RuntimeError(failure), requestMayHaveBeenSent: failure.requestMayHaveBeenSent ?? true)
            default:
                throw RuntimeError(failure)
            }
        }
    }

    /// Shuts the transport down and returns once it has: requests waiting for a connection fail
    /// with `RuntimeError.Code.shutDown`, as do later ones, and the idle pooled connections are
    /// closed (their sockets released) before this returns. Requests under way finish; their
    /// connections are closed instead of pooled. Safe to call twice.
    public func shutdown() async {
        client.shutdown()
        await client.closingFinished()
    }
}
