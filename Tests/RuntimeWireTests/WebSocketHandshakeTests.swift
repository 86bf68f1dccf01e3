import Testing
@testable import RuntimeWire

@Suite("WebSocket handshake and URLs")
struct WebSocketHandshakeTests {
    private func request(_ changes: (inout HTTPHeaders) -> Void = { _ in }) -> HTTPHeaders {
        var headers = WebSocketHandshake.requestHeaders(host: "h", key: "dGhlIHNhbXBsZSBub25jZQ==")
        changes(&headers)
        return headers
    }

    @Test("The RFC 6455 §1.3 example key gives the example accept value")
    func acceptValue() {
        #expect(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test("Client keys are fresh base64 of 16 bytes")
    func clientKeys() throws {
        let first = WebSocketHandshake.makeClientKey()
        #expect(try Base64.decode(first).count == 16)
        #expect(first != WebSocketHandshake.makeClientKey())
    }

    @Test("Server accepts a valid request, case-insensitively and with token lists, and returns the key")
    func validRequest() throws {
        #expect(try WebSocketHandshake.validateRequest(method: "GET", headers: request()) == "dGhlIHNhbXBsZSBub25jZQ==")
        let mixed = request { $0.set("Connection", "keep-alive, upgrade"); $0.set("upgrade", "WebSocket") }
        #expect(try WebSocketHandshake.validateRequest(method: "GET", headers: mixed) == "dGhlIHNhbXBsZSBub25jZQ==")
    }

    @Test("Server rejects wrong method, missing upgrade tokens, wrong version, missing or malformed keys")
    func invalidRequests() {
        let cases: [(String, HTTPHeaders)] = [
            ("POST", request()),
            ("GET", request { $0.remove("Upgrade") }),
            ("GET", request { $0.set("Connection", "keep-alive") }),
            ("GET", request { $0.set("Sec-WebSocket-Version", "8") }),
            ("GET", request { $0.remove("Sec-WebSocket-Key") }),
            ("GET", request { $0.set("Sec-WebSocket-Key", "c2hvcnQ=") }),
            ("GET", request { $0.set("Sec-WebSocket-Key", "not base64 at all!!!") }),
        ]
        for (method, headers) in cases {
            #expect { try WebSocketHandshake.validateRequest(method: method, headers: headers) } throws: {
                ($0 as? WireError)?.code == .handshakeFailed
            }
        }
    }

    @Test("Client checks status, upgrade tokens and the accept value")
    func responses() throws {
        let key = "dGhlIHNhbXBsZSBub25jZQ=="
        try WebSocketHandshake.validateResponse(status: 101, headers: WebSocketHandshake.responseHeaders(key: key), key: key)
        var wrong = WebSocketHandshake.responseHeaders(key: key)
        wrong.set("Sec-WebSocket-Accept", "xxx")
        var extensions = WebSocketHandshake.responseHeaders(key: key)
        extensions.add("Sec-WebSocket-Extensions", "permessage-deflate")
        for (status, headers) in [(403, WebSocketHandshake.responseHeaders(key: key)), (101, wrong), (101, extensions), (101, HTTPHeaders())] {
            #expect { try WebSocketHandshake.validateResponse(status: status, headers: headers, key: key) } throws: {
                ($0 as? WireError)?.code == .handshakeFailed
            }
        }
    }

    @Test("URLs: schemes, default ports, targets, IPv6, and rejects")
    func urls() throws {
        let plain = try WebSocketURL("ws://127.0.0.1:8080/stream/jobs/abc?x=1#frag")
        #expect(!plain.isSecure && plain.host == "127.0.0.1" && plain.port == 8080 && plain.target == "/stream/jobs/abc?x=1")
        #expect(plain.hostHeader == "127.0.0.1:8080")
        let secure = try WebSocketURL("WSS://example.com")
        #expect(secure.isSecure && secure.port == 443 && secure.target == "/" && secure.hostHeader == "example.com")
        let v6 = try WebSocketURL("ws://[::1]:9/?q")
        #expect(v6.host == "::1" && v6.port == 9 && v6.target == "/?q" && v6.hostHeader == "[::1]:9")
        for bad in ["http://x/", "ws://", "ws://:80/", "ws://h:0/", "ws://h:70000/", "ws://u@h/", "ws://[::1/"] {
            #expect { try WebSocketURL(bad) } throws: { ($0 as? WireError)?.code == .invalidURL }
        }
    }
}
