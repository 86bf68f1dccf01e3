/// Settings of a WebSocket connection, client or server side.
package struct WebSocketConfiguration: Sendable {
    /// The largest data message accepted (after reassembly); a larger one closes the connection
    /// with 1009 and fails the receive with `WireError(.messageTooLarge)`.
    package var maxMessageSize: Int
    /// How often to send a keep-alive ping; nil disables keep-alive.
    package var pingInterval: Duration?
    /// How long to wait for the answer to a keep-alive ping (or any other frame) before failing
    /// the connection with `WireError(.timedOut)`.
    package var pongTimeout: Duration
    /// How long ``WebSocketConnection/close(code:reason:)`` waits for the peer's close frame.
    package var closeTimeout: Duration
    /// The longest any write may take when its caller gives no deadline of its own: pongs,
    /// echoed close frames and data sent without a deadline. A peer that stops reading fails
    /// the connection with `WireError(.timedOut)` after this long instead of wedging it.
    package var writeTimeout: Duration
    /// The most bytes taken from the socket per read: the bound on read-ahead beyond the frame
    /// being parsed.
    package var readChunkSize: Int
    /// TLS trust (CA file or path) and proxy for client connections.
    package var transport: TransportConfiguration

    package init(
        maxMessageSize: Int = 16 << 20,
        pingInterval: Duration? = .seconds(60),
        pongTimeout: Duration = .seconds(10),
        closeTimeout: Duration = .seconds(5),
        writeTimeout: Duration = .seconds(10),
        readChunkSize: Int = 16 << 10,
        transport: TransportConfiguration = TransportConfiguration()
    ) {
        self.maxMessageSize = maxMessageSize
        self.pingInterval = pingInterval
        self.pongTimeout = pongTimeout
        self.closeTimeout = closeTimeout
        self.writeTimeout = writeTimeout
        self.readChunkSize = readChunkSize
        self.transport = transport
    }
}
