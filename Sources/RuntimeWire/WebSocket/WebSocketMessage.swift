/// A complete WebSocket data message, reassembled from its fragments.
package enum WebSocketMessage: Sendable, Hashable {
    case text(String)
    case binary([UInt8])
}
