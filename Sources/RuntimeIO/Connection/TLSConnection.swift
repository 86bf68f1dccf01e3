import RuntimeWire

/// A connection through libcurl's CONNECT_ONLY mode (TLS, or a proxy tunnel). Not built yet.
package final class TLSConnection: Sendable {
    package static func connect(
        host: String,
        port: Int,
        tls: Bool,
        configuration: TransportConfiguration,
        loop: EventLoop = .shared,
        deadline: ContinuousClock.Instant?
    ) async throws -> any Connection {
        throw RuntimeError(.libraryUnavailable, "TLS connections are not available yet")
    }
}
