import RuntimeWire
@testable import RuntimeIO

/// A loopback server for WebSocket tests: our ``HTTPServer`` on an ephemeral port whose handler
/// (normally ``WebSocketServerUpgrade``) decides each request.
final class WebSocketTestServer: Sendable {
    let server: HTTPServer

    var port: Int { server.port }
    var url: String { "ws://127.0.0.1:\(port)" }

    init(route: @escaping HTTPServerHandler) throws {
        server = HTTPServer.start(listener: try TCPListener.bind(), handler: route)
    }

    /// A server whose every request is upgraded and handed to `handler`.
    convenience init(configuration: WebSocketConfiguration = WebSocketConfiguration(pingInterval: nil),
                     handler: @escaping @Sendable (WebSocketConnection) async -> Void) throws {
        try self.init { request in
            WebSocketServerUpgrade.action(for: request, configuration: configuration, handler: handler)
        }
    }

    func stop() {
        let server = self.server
        Task { await server.shutdown() }
    }
}
