import RuntimeWire

/// Opens client WebSocket connections (RFC 6455, version 13, no extensions or subprotocols).
package enum WebSocketClient {
    /// Connects to a `ws://` or `wss://` URL and performs the opening handshake.
    ///
    /// `ws://` uses a POSIX socket unless a proxy is configured; `wss://` uses TLS with the trust
    /// settings of `configuration.transport` (CA file or path; verification on by default).
    /// - Parameters:
    ///   - headers: extra request header fields, such as `X-Access-Token`.
    ///   - deadline: bounds connecting and the handshake; later receives take their own deadlines.
    /// - Throws: `WireError` `.invalidURL`, `.connectionFailed`, `.tlsFailed`, `.timedOut`,
    ///   `.handshakeFailed` (with `statusCode` when the server refused the upgrade), `.shutDown`;
    ///   `CancellationError`.
    package static func connect(
        url: String,
        headers: HTTPHeaders = HTTPHeaders(),
        configuration: WebSocketConfiguration = WebSocketConfiguration(),
        loop: EventLoop = .shared,
        deadline: ContinuousClock.Instant? = nil
    ) async throws -> WebSocketConnection {
        let parsed = try WebSocketURL(url)
        let connection = try await ConnectionFactory.connect(
            host: parsed.host,
            port: parsed.port,
            tls: parsed.isSecure,
            configuration: configuration.transport,
            loop: loop,
            deadline: deadline
        )
        return try await handshake(over: connection, url: parsed, headers: headers, configuration: configuration, deadline: deadline)
    }

    /// Performs the opening handshake over an established connection: sends the upgrade request
    /// for `url` with `headers` added (such as `X-Access-Token`), parses the answer with the HTTP
    /// head parser, checks 101 and the accept key, wraps the connection and starts its
    /// keep-alive. Bytes that arrived after the 101 head are the first frames. On failure the
    /// connection is closed.
    /// - Throws: `WireError(.handshakeFailed)` (with `statusCode` when the server answered),
    ///   transport errors, `CancellationError`.
    package static func handshake(
        over connection: any Connection,
        url: WebSocketURL,
        headers: HTTPHeaders = HTTPHeaders(),
        configuration: WebSocketConfiguration = WebSocketConfiguration(),
        deadline: ContinuousClock.Instant? = nil
    ) async throws -> WebSocketConnection {
        let key = WebSocketHandshake.makeClientKey()
        let request = HTTPRequestHead(
            method: "GET",
            target: url.target,
            headers: WebSocketHandshake.requestHeaders(host: url.hostHeader, key: key, extra: headers)
        )
        do {
            try await connection.write(request.serialize(), deadline: deadline)
            var buffer: [UInt8] = []
            let limits = HTTPLimits()
            while true {
                let parsed: (head: HTTPResponseHead, consumed: Int)?
                do {
                    parsed = try HTTPHeadParser.parseResponseHead(buffer[...], limits: limits)
                } catch let error as WireError {
                    throw WireError(.handshakeFailed, "malformed upgrade response: \(error.message)", offset: error.offset)
                }
                if let (head, consumed) = parsed {
                    try WebSocketHandshake.validateResponse(status: head.status, headers: head.headers, key: key)
                    let socket = WebSocketConnection(
                        connection: connection,
                        role: .client,
                        configuration: configuration,
                        initialBytes: Array(buffer[consumed...])
                    )
                    socket.startKeepAlive()
                    return socket
                }
                let bytes = try await connection.read(maxBytes: 4096, deadline: deadline)
                guard !bytes.isEmpty else {
                    throw WireError(.handshakeFailed, "the connection closed before the upgrade response")
                }
                buffer.append(contentsOf: bytes)
            }
        } catch {
            connection.close()
            throw error
        }
    }
}
