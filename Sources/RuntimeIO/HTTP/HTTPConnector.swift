/// Opens a connection for the HTTP client: host, port, whether to use TLS, and the deadline of
/// the request. The default connector goes through the event loop's connection factory.
package typealias HTTPConnector = @Sendable (
    _ host: String, _ port: Int, _ tls: Bool, _ deadline: ContinuousClock.Instant
) async throws -> any Connection
