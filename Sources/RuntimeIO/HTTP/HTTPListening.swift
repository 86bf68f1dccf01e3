/// A source of accepted connections the HTTP server serves: a TCP listener on the event loop,
/// or an in-memory double in tests.
package protocol HTTPListening: AnyObject, Sendable {
    /// The local port, useful when the listener was bound to port 0.
    var port: Int { get }
    /// Waits for the next connection.
    func accept() async throws -> any Connection
    /// Stops listening; a pending ``accept()`` fails.
    func close()
    /// Returns once a ``close()`` called before has released the port.
    func closingFinished() async
}

extension HTTPListening {
    /// A listener that closes at once (an in-memory double) has nothing to wait for.
    package func closingFinished() async {}
}

extension TCPListener: HTTPListening {}
