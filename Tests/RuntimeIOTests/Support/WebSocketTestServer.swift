import RuntimeWire
@testable import RuntimeIO

/// A loopback server for WebSocket tests: accepts on our TCPListener, parses the request head with
/// the HTTP codec, asks `route` for an `HTTPServerAction` (normally `WebSocketServerUpgrade`) and
/// carries it out — the part of the HTTP server the upgrade path needs.
final class WebSocketTestServer: Sendable {
    let listener: TCPListener
    private let acceptTask: Task<Void, Never>

    var port: Int { listener.port }
    var url: String { "ws://127.0.0.1:\(port)" }

    init(route: @escaping HTTPServerHandler) throws {
        let listener = try TCPListener.bind()
        self.listener = listener
        acceptTask = Task {
            await withTaskGroup(of: Void.self) { group in
                while let connection = try? await listener.accept() {
                    group.addTask { await Self.serve(connection, route: route) }
                }
                group.cancelAll()
            }
        }
    }

    /// A server whose every request is upgraded and handed to `handler`.
    convenience init(configuration: WebSocketConfiguration = WebSocketConfiguration(pingInterval: nil),
                     handler: @escaping @Sendable (WebSocketConnection) async -> Void) throws {
        try self.init { request in
            WebSocketServerUpgrade.action(for: request, configuration: configuration, handler: handler)
        }
    }

    private static func serve(_ connection: any Connection, route: HTTPServerHandler) async {
        var buffer: [UInt8] = []
        do {
            while true {
                if let (head, consumed) = try HTTPHeadParser.parseRequestHead(buffer[...], limits: HTTPLimits()) {
                    let request = HTTPServerRequest(method: head.method, target: head.target, headers: head.headers, body: [])
                    switch await route(request) {
                    case .respond(let response):
                        var headers = response.headers
                        headers.set("Content-Length", "\(response.body.count)")
                        headers.set("Connection", "close")
                        try await connection.write(HTTPResponseHead(status: response.status, headers: headers).serialize() + response.body, deadline: nil)
                        connection.close()
                    case .upgrade(let response, let takeOver):
                        try await connection.write(HTTPResponseHead(status: response.status, headers: response.headers).serialize(), deadline: nil)
                        await takeOver(connection, Array(buffer[consumed...]))
                    }
                    return
                }
                let bytes = try await connection.read(maxBytes: 4096, deadline: nil)
                if bytes.isEmpty { break }
                buffer += bytes
            }
        } catch {}
        connection.close()
    }

    func stop() {
        listener.close()
        acceptTask.cancel()
    }
}
