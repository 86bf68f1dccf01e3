/// A source of accepted connections the HTTP server serves: a TCP listener on the event loop,
/// or an in-memory double in tests.
package protocol HTTPListening: AnyObject, Sendable {
    /// The local port, useful when the listener was bound to port 0.
    var port: Int { get }
    /// Waits for the next connection.
    func accept() async throws -> any Connection
    /// Stops listening; a pending ``accept()`` fails.
    func close()
}

extension TCPListener: HTTPListening {}
