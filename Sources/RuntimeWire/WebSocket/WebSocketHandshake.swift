/// The opening handshake (RFC 6455 §4): keys, the accept value, and the checks both sides make.
/// Only version 13 without extensions or subprotocols is spoken.
package enum WebSocketHandshake {
    /// The GUID appended to the key before hashing (RFC 6455 §1.3).
    package static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// A fresh `Sec-WebSocket-Key`: 16 random bytes, base64-encoded.
    package static func makeClientKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The `Sec-WebSocket-Accept` value for a key: base64(SHA-1(key + GUID)).
    package static func acceptValue(forKey key: String) -> String {
        Base64.encode(SHA1.hash(Array((key + acceptGUID).utf8)))
    }

    /// The header fields of a client's upgrade request, followed by `extra` (such as
    /// `X-Access-Token`); `host` is the `Host` value (with the port when it is not the default).
    package static func requestHeaders(host: String, key: String, extra: HTTPHeaders = HTTPHeaders()) -> HTTPHeaders {
        var headers = HTTPHeaders([
            ("Host", host),
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", key),
            ("Sec-WebSocket-Version", "13"),
        ])
        for field in extra { headers.add(field.name, field.value) }
        return headers
    }

    /// Checks an upgrade request on the server and returns its key. A failure means answering 400
    /// (426 with `Sec-WebSocket-Version: 13` would also do for a wrong version; 400 keeps it simple).
    /// - Throws: `WireError(.handshakeFailed)` unless the method is GET, `Upgrade` contains
    ///   `websocket`, `Connection` contains `Upgrade`, `Sec-WebSocket-Version` is 13 and
    ///   `Sec-WebSocket-Key` is the base64 of 16 bytes.
    package static func validateRequest(method: String, headers: HTTPHeaders) throws -> String {
        guard method == "GET" else { throw WireError(.handshakeFailed, "upgrade request method is \(method), not GET") }
        guard headers.containsToken("websocket", in: "Upgrade") else {
            throw WireError(.handshakeFailed, "missing Upgrade: websocket")
        }
        guard headers.containsToken("Upgrade", in: "Connection") else {
            throw WireError(.handshakeFailed, "Connection does not contain Upgrade")
        }
        guard headers["Sec-WebSocket-Version"]?.trimmingSpaces == "13" else {
            throw WireError(.handshakeFailed, "unsupported Sec-WebSocket-Version")
        }
        guard let key = headers["Sec-WebSocket-Key"].map({ String($0.trimmingSpaces) }), !key.isEmpty else {
            throw WireError(.handshakeFailed, "missing Sec-WebSocket-Key")
        }
        guard let decoded = try? Base64.decode(key), decoded.count == 16 else {
            throw WireError(.handshakeFailed, "Sec-WebSocket-Key is not the base64 of 16 bytes")
        }
        return key
    }

    /// The header fields of the server's 101 answer to a request with `key`.
    package static func responseHeaders(key: String) -> HTTPHeaders {
        HTTPHeaders([
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Accept", acceptValue(forKey: key)),
        ])
    }

    /// Checks the server's answer on the client.
    /// - Throws: `WireError(.handshakeFailed)` (with `statusCode`) unless the status is 101,
    ///   `Upgrade` is `websocket`, `Connection` contains `Upgrade` and `Sec-WebSocket-Accept`
    ///   matches `key`; also when the server selected an extension or subprotocol we did not offer.
    package static func validateResponse(status: Int, headers: HTTPHeaders, key: String) throws {
        guard status == 101 else {
            throw WireError(.handshakeFailed, "upgrade refused with HTTP \(status)", statusCode: status)
        }
        guard headers.containsToken("websocket", in: "Upgrade") else {
            throw WireError(.handshakeFailed, "101 response without Upgrade: websocket", statusCode: status)
        }
        guard headers.containsToken("Upgrade", in: "Connection") else {
            throw WireError(.handshakeFailed, "101 response whose Connection does not contain Upgrade", statusCode: status)
        }
        guard headers["Sec-WebSocket-Accept"]?.trimmingSpaces == acceptValue(forKey: key)[...] else {
            throw WireError(.handshakeFailed, "Sec-WebSocket-Accept does not match the key", statusCode: status)
        }
        guard headers["Sec-WebSocket-Extensions"] == nil, headers["Sec-WebSocket-Protocol"] == nil else {
            throw WireError(.handshakeFailed, "server selected an extension or subprotocol that was not offered", statusCode: status)
        }
    }
}
