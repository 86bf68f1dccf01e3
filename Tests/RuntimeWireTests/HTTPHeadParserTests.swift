import Testing
@testable import RuntimeWire

@Suite("HTTP head parser")
struct HTTPHeadParserTests {
    let limits = HTTPLimits()

    func request(_ text: String, limits: HTTPLimits = HTTPLimits()) throws -> (head: HTTPRequestHead, consumed: Int)? {
        try HTTPHeadParser.parseRequestHead(Array(text.utf8)[...], limits: limits)
    }

    func response(_ text: String, limits: HTTPLimits = HTTPLimits()) throws -> (head: HTTPResponseHead, consumed: Int)? {
        try HTTPHeadParser.parseResponseHead(Array(text.utf8)[...], limits: limits)
    }

    func error(_ body: () throws -> Any?) -> WireError? {
        do {
            _ = try body()
            return nil
        } catch let error as WireError {
            return error
        } catch {
            return nil
        }
    }

    @Test("parses a request head and reports the bytes it took")
    func simpleRequest() throws {
        let text = "GET /jobs?limit=5 HTTP/1.1\r\nHost: example.com\r\nX-Access-Token:  abc \r\n\r\nBODY"
        let parsed = try #require(try request(text))
        #expect(parsed.head.method == "GET")
        #expect(parsed.head.target == "/jobs?limit=5")
        #expect(parsed.head.version == .http11)
        #expect(parsed.head.headers["host"] == "example.com")
        #expect(parsed.head.headers["X-ACCESS-TOKEN"] == "abc")
        #expect(parsed.consumed == text.utf8.count - 4)
        #expect(parsed.head.keepAlive)
    }

    @Test("returns nil until the blank line arrives, for every prefix")
    func incremental() throws {
        let text = "POST /jobs HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n"
        let bytes = Array(text.utf8)
        for end in 0..<bytes.count {
            #expect(try HTTPHeadParser.parseRequestHead(bytes[0..<end], limits: limits) == nil)
        }
        let parsed = try #require(try HTTPHeadParser.parseRequestHead(bytes[...], limits: limits))
        #expect(parsed.consumed == bytes.count)
    }

    @Test("works on a slice that does not start at index zero")
    func sliceOffsets() throws {
        let bytes = Array("XXXXGET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
        let parsed = try #require(try HTTPHeadParser.parseRequestHead(bytes[4...], limits: limits))
        #expect(parsed.head.target == "/")
        #expect(parsed.consumed == bytes.count - 4)
        let bad = Array("XXXXGET / HTTP/1.1\r\nHost: h\r\nBad Name: v\r\n\r\n".utf8)
        let failure = error { try HTTPHeadParser.parseRequestHead(bad[4...], limits: limits) }
        #expect(failure?.code == .invalidHTTP)
        #expect(failure?.offset == 28)
    }

    @Test("accepts bare LF line endings and leading empty lines")
    func lenientLineEndings() throws {
        let parsed = try #require(try request("\r\n\nGET /a HTTP/1.1\nHost: h\n\n"))
        #expect(parsed.head.target == "/a")
        #expect(parsed.consumed == 28)
    }

    @Test("HTTP/1.0 and HTTP/1.1 keep-alive rules")
    func keepAlive() throws {
        #expect(try request("GET / HTTP/1.0\r\n\r\n")?.head.keepAlive == false)
        #expect(try request("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")?.head.keepAlive == true)
        #expect(try request("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")?.head.keepAlive == false)
        #expect(try request("GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, Close\r\n\r\n")?.head.keepAlive == false)
        #expect(try response("HTTP/1.0 200 OK\r\n\r\n")?.head.keepAlive == false)
        #expect(try response("HTTP/1.1 200 OK\r\n\r\n")?.head.keepAlive == true)
    }

    @Test("rejects malformed request heads with an offset", arguments: [
        ("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", 25),        // obs-fold
        ("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 20),                 // space before colon
        ("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", 25),
        ("GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n", 25),
        ("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 23),                // bare CR
        ("GET / HTTP/1.1\r\nHost: a\u{7F}\r\n\r\n", 23),            // DEL
        ("GET / HTTP/1.1\r\nHost: a\u{01}\r\n\r\n", 23),            // control
        ("G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 1),
        ("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 4),
        ("GET / HTTP/2.0\r\nHost: h\r\n\r\n", 6),
        ("GET / HTTX/1.1\r\nHost: h\r\n\r\n", 6),
        ("GET / HTTP/1.1 \r\nHost: h\r\n\r\n", 6),
        ("GET /\r\nHost: h\r\n\r\n", 3),
        ("GET\r\nHost: h\r\n\r\n", 0),
        ("GET / HTTP/1.1\r\n\r\n", 0),                               // no Host
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 0),        // two Hosts
        ("GET /\u{7F} HTTP/1.1\r\nHost: h\r\n\r\n", 5),
        ("GET / HTTP/1.1\r\nHost: h\u{0}\r\n\r\n", 23),
    ])
    func malformedRequests(text: String, offset: Int) {
        let failure = error { try request(text) }
        #expect(failure?.code == .invalidHTTP, "\(text.debugDescription)")
        #expect(failure?.offset == offset, "\(text.debugDescription)")
    }

    @Test("enforces the head size and header count limits")
    func limitsEnforced() throws {
        let small = HTTPLimits(maxHeadBytes: 64, maxHeaderCount: 3)
        let long = "GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "a", count: 100)
        #expect(error { try request(long, limits: small) }?.code == .messageTooLarge)
        #expect(error { try request(long, limits: small) }?.offset == 64)
        // Incomplete but under the limit: need more bytes.
        #expect(try request(String(long.prefix(50)), limits: small) == nil)
        // Exactly at the limit is fine.
        let exact = "GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "a", count: 64 - 32) + "\r\n\r\n"
        #expect(exact.utf8.count == 64)
        #expect(try request(exact, limits: small)?.consumed == 64)
        let many = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        #expect(error { try request(many, limits: small) }?.code == .messageTooLarge)
        let three = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n"
        #expect(try request(three, limits: small)?.head.headers.fields.count == 3)
        // A default 64 KiB limit on a huge header section that never ends.
        let huge = Array("GET / HTTP/1.1\r\nHost: h\r\nX: ".utf8) + [UInt8](repeating: 0x61, count: 70_000)
        #expect(error { try HTTPHeadParser.parseRequestHead(huge[...], limits: limits) }?.code == .messageTooLarge)
    }

    @Test("parses status lines")
    func statusLines() throws {
        let parsed = try #require(try response("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))
        #expect(parsed.head.status == 404)
        #expect(parsed.head.reason == "Not Found")
        #expect(parsed.head.headers["content-length"] == "0")
        #expect(try response("HTTP/1.1 200\r\n\r\n")?.head.reason == "")
        #expect(try response("HTTP/1.1 200 \r\n\r\n")?.head.reason == "")
        #expect(try response("HTTP/1.0 503 Service Unavailable\n\n")?.head.version == .http10)
        #expect(try response("HTTP/1.1 200 OK\r\nX: 1\r\n") == nil)
    }

    @Test("rejects malformed status lines", arguments: [
        "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 099 Low\r\n\r\n",
        "HTTP/1.1 abc OK\r\n\r\n",
        "HTTP/3.0 200 OK\r\n\r\n",
        "HTTP/1.1\r\n\r\n",
        "ICY 200 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\n folded: x\r\n\r\n",
        "\r\n",
    ])
    func malformedResponses(text: String) {
        #expect(error { try response(text) }?.code == .invalidHTTP, "\(text.debugDescription)")
    }

    @Test("serialises heads that parse back to the same value")
    func roundTrip() throws {
        var headers = HTTPHeaders()
        headers.add("Host", "localhost:8080")
        headers.add("X-Access-Token", "t")
        headers.add("Content-Length", "12")
        let head = HTTPRequestHead(method: "POST", target: "/jobs?x=%20", headers: headers)
        let bytes = head.serialize()
        #expect(String(decoding: bytes, as: UTF8.self)
            == "POST /jobs?x=%20 HTTP/1.1\r\nHost: localhost:8080\r\nX-Access-Token: t\r\nContent-Length: 12\r\n\r\n")
        let parsed = try #require(try HTTPHeadParser.parseRequestHead(bytes[...], limits: limits))
        #expect(parsed.head == head)
        #expect(parsed.consumed == bytes.count)

        let response = HTTPResponseHead(status: 431, headers: HTTPHeaders([("Connection", "close")]))
        #expect(response.reason == "Request Header Fields Too Large")
        let responseBytes = response.serialize()
        #expect(String(decoding: responseBytes, as: UTF8.self)
            == "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n")
        #expect(try HTTPHeadParser.parseResponseHead(responseBytes[...], limits: limits)?.head == response)
    }

    @Test("serialisation cannot inject lines")
    func noInjection() throws {
        let head = HTTPRequestHead(method: "GET", target: "/a\r\nX: y", headers: HTTPHeaders([("Host", "h\r\nEvil: 1")]))
        let text = String(decoding: head.serialize(), as: UTF8.self)
        #expect(!text.contains("\r\nEvil"))
        #expect(!text.contains("\r\nX: y"))
        #expect(HTTPResponseHead(status: 200, reason: "OK\r\nSet-Cookie: a").serialize().filter { $0 == 0x0A }.count == 2)
    }
}
