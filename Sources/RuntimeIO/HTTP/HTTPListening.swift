/// A source of accepted connections the HTTP server serves: a TCP listener on the event loop,
/// or an in-memory double in tests.
package protocol HTTPListening: AnyObject, Sendable {
    /// The local port, useful when the listener was bound to port 0.
    var port: Int { get }
    /// Waits for the next connection.
    func accept() async throws -> any Connection
    /// Stops listening; a pending ``accept()`` fails.
    func close()
    /// Returns once a ``close()`` called before has taken effect: the port refuses connections.
    func waitUntilClosed() async
}

extension HTTPListening {
    /// Listeners whose ``close()`` takes effect at once have nothing to wait for.
    package func waitUntilClosed() async {}
}

extension TCPListener: HTTPListening {
    /// The loop closes the socket in the order work was submitted: once work submitted after
    /// ``close()`` has run, the socket is closed (or the loop, shut down, closed everything).
    package func waitUntilClosed() async {
        await loop.drain()
    }
}
