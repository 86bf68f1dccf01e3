import CRuntimeShims
import RuntimeWire

/// A connection made by libcurl in CONNECT_ONLY mode — TLS with certificate verification, and/or
/// a tunnel through an HTTP proxy (`CONNECT`): the ``SocketConnection`` core with the
/// ``CurlSocketIO`` policy, which drives curl's connect on the loop without blocking it and
/// moves bytes with `curl_easy_recv` / `curl_easy_send` on the loop thread.
/// ``shutdownOutput()`` half-closes only plain proxy tunnels; for TLS it does nothing.
package typealias TLSConnection = SocketConnection<CurlSocketIO>

extension SocketConnection where IO == CurlSocketIO {
    /// Whether the connection speaks TLS (`false`: a plain tunnel through a proxy).
    package var isTLS: Bool { io.isTLS }

    /// Connects to `host:port` through libcurl.
    /// - Parameters:
    ///   - tls: `true` for TLS (`https://`), `false` for a plain tunnel (needs a proxy).
    /// - Throws: `WireError` `.libraryUnavailable` (no libcurl), `.tlsFailed` (untrusted
    ///   certificate, handshake failure, unreadable CA file), `.connectionFailed`, `.timedOut`,
    ///   `.invalidURL`, `.shutDown`; `CancellationError`.
    package static func connect(
        host: String,
        port: Int,
        tls: Bool,
        configuration: TransportConfiguration,
        loop: EventLoop = .shared,
        deadline: ContinuousClock.Instant?
    ) async throws -> TLSConnection {
        guard (1...65_535).contains(port) else { throw WireError(.invalidURL, "port \(port) is out of range") }
        let forbidden = Set("/?#@ \t\r\n\\".unicodeScalars)
        guard !host.isEmpty, !host.unicodeScalars.contains(where: { forbidden.contains($0) || $0.value < 0x20 }) else {
            throw WireError(.invalidURL, "the host name is empty or contains characters not allowed in a host")
        }
        guard rt_curl_load() == 0 else {
            throw WireError(.libraryUnavailable, String(cString: rt_curl_load_error()))
        }
        var hostPart = host
        if host.contains(":"), !host.hasPrefix("[") { hostPart = "[\(host)]" }
        let url = "\(tls ? "https" : "http")://\(hostPart):\(port)/"
        let connection = TLSConnection(loop: loop, io: CurlSocketIO(loop: loop, tls: tls))
        try await LoopWaiter.wait(on: loop) { token, continuation in
            connection.startConnect(url: url, configuration: configuration, token: token, continuation: continuation, deadline: deadline)
        } cancel: { token in
            connection.endConnect(token: token, error: CancellationError())
        }
        return connection
    }

    private func startConnect(
        url: String,
        configuration: TransportConfiguration,
        token: OperationToken,
        continuation: CheckedContinuation<Void, any Error>,
        deadline: ContinuousClock.Instant?
    ) {
        if token.isCancelled { return continuation.resume(throwing: CancellationError()) }
        if let deadline, deadline <= .now {
            return continuation.resume(throwing: WireError(.timedOut, "the deadline passed while connecting"))
        }
        let refused = io.open(url: url, configuration: configuration)
        guard io.isOpen else { return continuation.resume(throwing: refused ?? SocketError.closed) }
        guard beginConnect(token: token, continuation: continuation, deadline: deadline) else { return }
        if let refused { return endConnect(token: token, error: refused) }
        if let error = io.start(onConnect: { [self] error in endConnect(token: token, error: error) }) {
            endConnect(token: token, error: error)
        }
    }
}
