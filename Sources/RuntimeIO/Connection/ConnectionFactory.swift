import RuntimeWire

/// Opens client connections: plain TCP through POSIX sockets (one file descriptor), TLS and
/// anything through a proxy through libcurl (``TLSConnection``).
package enum ConnectionFactory {
    /// Connects to `host:port`.
    /// - Parameters:
    ///   - tls: whether to speak TLS (certificate verification per `configuration`).
    ///   - configuration: CA file/path and proxy.
    ///   - deadline: when to give up with `WireError(.timedOut)`; `nil` waits as long as the
    ///     system does.
    /// - Throws: `WireError` `.connectionFailed`, `.tlsFailed`, `.timedOut`, `.invalidURL`,
    ///   `.libraryUnavailable` (TLS or proxy without libcurl), `.shutDown`; `CancellationError`.
    package static func connect(
        host: String,
        port: Int,
        tls: Bool,
        configuration: TransportConfiguration,
        loop: EventLoop = .shared,
        deadline: ContinuousClock.Instant?
    ) async throws -> any Connection {
        let proxy = configuration.proxy.flatMap { $0.isEmpty ? nil : $0 }
        if !tls && proxy == nil {
            return try await TCPConnection.connect(host: host, port: port, loop: loop, deadline: deadline)
        }
        return try await TLSConnection.connect(
            host: host, port: port, tls: tls, configuration: configuration, loop: loop, deadline: deadline)
    }
}
