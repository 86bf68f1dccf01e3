/// Which end of a WebSocket connection we are. Clients mask every frame they send and reject
/// masked frames; servers reject unmasked frames (RFC 6455 §5.1).
package enum WebSocketRole: Sendable, Hashable {
    case client
    case server
}
