/// What the message assembler produced from one frame.
package enum WebSocketEvent: Sendable, Hashable {
    /// A complete data message.
    case message(WebSocketMessage)
    /// A ping; answer with a pong carrying the same payload.
    case ping([UInt8])
    /// A pong (an answer to our ping, or an unsolicited heartbeat).
    case pong([UInt8])
    /// The peer's close frame: `code` is nil when the frame had no payload (reported as 1005).
    case close(code: UInt16?, reason: String)
}
