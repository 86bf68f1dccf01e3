/// How the stream layer drops a websocket when a drop fault fires.
public enum WebSocketDropMode: String, Sendable, Hashable {
    /// Send a close frame with code 1011 (internal error), then close.
    case close1011 = "1011"
    /// Close the TCP connection without a close frame (the client sees 1006).
    case abrupt
}
