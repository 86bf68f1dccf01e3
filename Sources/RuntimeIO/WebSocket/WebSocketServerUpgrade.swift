import RuntimeWire

/// Turns an HTTP request into a WebSocket upgrade for ``HTTPServer``-style handlers.
package enum WebSocketServerUpgrade {
    /// Validates the upgrade request (GET, `Upgrade: websocket`, `Connection: Upgrade`, version
    /// 13, a key that is the base64 of 16 bytes): `.respond` with 400 when it is not valid, else
    /// `.upgrade` with `101 Switching Protocols` and the accept value. The connection is then
    /// wrapped in a server-side ``WebSocketConnection`` (keep-alive started) and handed to `handler`; when `handler`
    /// returns, the connection is closed with 1000 unless it is closed already.
    package static func action(
        for request: HTTPServerRequest,
        configuration: WebSocketConfiguration = WebSocketConfiguration(),
        handler: @escaping @Sendable (WebSocketConnection) async -> Void
    ) -> HTTPServerAction {
        let key: String
        do {
            key = try WebSocketHandshake.validateRequest(method: request.method, headers: request.headers)
        } catch {
            let message = (error as? WireError)?.message ?? "invalid WebSocket upgrade request"
            return .respond(HTTPServerResponse(
                status: 400,
                headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8"), ("Sec-WebSocket-Version", "13")]),
                body: Array((message + "\n").utf8)
            ))
        }
        let response = HTTPServerResponse(status: 101, headers: WebSocketHandshake.responseHeaders(key: key))
        return .upgrade(response) { connection, leftover in
            let socket = WebSocketConnection(connection: connection, role: .server, configuration: configuration, initialBytes: leftover)
            socket.startKeepAlive()
            await handler(socket)
            await socket.close()
        }
    }
}
