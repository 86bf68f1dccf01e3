import RuntimeWire
import Synchronization
import Testing
@testable import RuntimeIO

/// The server, driven by raw bytes over in-memory connections.
@Suite("HTTP server (in memory)", .timeLimit(.minutes(1)))
struct HTTPServerTests {
    static let echo: HTTPServerHandler = { request in
        var headers = HTTPHeaders([("X-Method", request.method), ("X-Target", request.target)])
        if request.target.hasPrefix("/chunked") { headers.add("Transfer-Encoding", "chunked") }
        return .respond(HTTPServerResponse(status: 200, headers: headers, body: request.body))
    }

    func withServer(
        limits: HTTPLimits = HTTPLimits(), maxConnections: Int = HTTPServer.defaultMaxConnections,
        handler: @escaping HTTPServerHandler = Self.echo,
        _ body: (HTTPMemoryListener, HTTPServer) async throws -> Void
    ) async throws {
        let listener = HTTPMemoryListener()
        let server = HTTPServer.start(listener: listener, limits: limits, maxConnections: maxConnections, handler: handler)
        do {
            try await body(listener, server)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    func readResponse(
        _ reader: inout HTTPMessageReader, method: String = "GET", patience: Duration = .seconds(30)
    ) async throws -> HTTPClientResponse {
        let head = try await reader.readResponseHead(limits: HTTPLimits(), deadline: .now + patience)
        let framing = try HTTPBodyFraming.response(head, requestMethod: method, limits: HTTPLimits())
        let body = try await reader.readBody(framing, limits: HTTPLimits(), deadline: .now + patience)
        return HTTPClientResponse(status: head.status, reason: head.reason, headers: head.headers, body: body)
    }

    func readToEnd(_ reader: inout HTTPMessageReader, patience: Duration = .seconds(30)) async throws -> Bool {
        while try await reader.fill(deadline: .now + patience) {}
        return true
    }

    @Test("at maxConnections the server stops accepting; a waiting client is served once a connection closes")
    func connectionLimit() async throws {
        try await withServer(maxConnections: 2) { listener, server in
            var open: [HTTPMemoryConnection] = []
            for index in 0..<2 {
                let connection = try listener.connect()
                try await connection.write(Array("GET /\(index) HTTP/1.1\r\nHost: x\r\n\r\n".utf8), deadline: nil)
                var reader = HTTPMessageReader(connection: connection)
                #expect(try await readResponse(&reader).headers["X-Target"] == "/\(index)")
                open.append(connection)
            }
            // The accept loop parks at the limit (bounded wait, no fixed sleep).
            let clock = ContinuousClock()
            let start = clock.now
            while !server.isAtConnectionLimit, clock.now - start < .seconds(30) { await Task.yield() }
            #expect(server.isAtConnectionLimit)
            let third = try listener.connect()
            try await third.write(Array("GET /third HTTP/1.1\r\nHost: x\r\n\r\n".utf8), deadline: nil)
            #expect(server.acceptedConnectionCount == 2)
            #expect(server.openConnectionCount == 2)
            open[0].close()
            var reader = HTTPMessageReader(connection: third)
            #expect(try await readResponse(&reader).headers["X-Target"] == "/third")
            #expect(server.acceptedConnectionCount == 3)
            #expect(server.openConnectionCount <= 2)
        }
    }

    @Test("answers pipelined requests in order on one connection")
    func pipelining() async throws {
        try await withServer { listener, _ in
            let connection = try listener.connect()
            var raw: [UInt8] = []
            for index in 0..<5 {
                raw += Array("POST /\(index) HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n\(index)".utf8)
            }
            raw += Array("GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
            try await connection.write(raw, deadline: nil)
            var reader = HTTPMessageReader(connection: connection)
            for index in 0..<5 {
                let response = try await readResponse(&reader)
                #expect(response.headers["X-Target"] == "/\(index)")
                #expect(response.body == Array("\(index)".utf8))
                #expect(response.headers["Content-Length"] == "1")
                #expect(response.headers["Date"]?.hasSuffix(" GMT") == true)
            }
            let last = try await readResponse(&reader)
            #expect(last.headers["Transfer-Encoding"] == "chunked")
            #expect(listener.acceptedCount == 1)
            connection.close()
        }
    }

    @Test("rejects malformed and oversized requests, then closes", arguments: [
        ("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("BAD\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + String(repeating: "a", count: 1024) + "\r\n400\r\n", 413),
        ("GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "a", count: 3000) + "\r\n\r\n", 431),
        ("GET / HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n", 417),
    ])
    func rejects(text: String, status: Int) async throws {
        let limits = HTTPLimits(maxHeadBytes: 2048, maxBodyBytes: 1500)
        try await withServer(limits: limits) { listener, _ in
            let connection = try listener.connect()
            try await connection.write(Array(text.utf8), deadline: nil)
            var reader = HTTPMessageReader(connection: connection)
            let response = try await readResponse(&reader)
            #expect(response.status == status)
            #expect(response.headers["Connection"] == "close")
            connection.shutdownOutput()
            #expect(try await readToEnd(&reader))
        }
    }

    @Test("a half-sent request on one connection does not delay another")
    func halfSent() async throws {
        try await withServer { listener, _ in
            let slow = try listener.connect()
            try await slow.write(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab".utf8), deadline: nil)
            let fast = try listener.connect()
            try await fast.write(Array("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n".utf8), deadline: nil)
            var reader = HTTPMessageReader(connection: fast)
            let response = try await readResponse(&reader)
            #expect(response.headers["X-Target"] == "/fast")
            try await slow.write(Array("cdefghij".utf8), deadline: nil)
            var slowReader = HTTPMessageReader(connection: slow)
            #expect(try await readResponse(&slowReader).body == Array("abcdefghij".utf8))
        }
    }

    @Test("answers Expect: 100-continue before the body")
    func expectContinue() async throws {
        try await withServer { listener, _ in
            let connection = try listener.connect()
            try await connection.write(
                Array("PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n".utf8), deadline: nil)
            let interim = try await connection.read(maxBytes: 100, deadline: .now + .seconds(30))
            #expect(String(decoding: interim, as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
            try await connection.write(Array("abc".utf8), deadline: nil)
            var reader = HTTPMessageReader(connection: connection)
            #expect(try await readResponse(&reader).body == Array("abc".utf8))
        }
    }

    @Test("HTTP/1.0 closes after the response; HEAD gets no body; chunked bodies are de-chunked")
    func versionsAndMethods() async throws {
        try await withServer { listener, _ in
            let old = try listener.connect()
            try await old.write(Array("POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi".utf8), deadline: nil)
            var reader = HTTPMessageReader(connection: old)
            let response = try await readResponse(&reader)
            #expect(response.body == Array("hi".utf8))
            #expect(response.headers["Connection"] == "close")
            #expect(try await readToEnd(&reader))

            let connection = try listener.connect()
            try await connection.write(Array("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n".utf8), deadline: nil)
            try await connection.write(
                Array("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: 1\r\n\r\n".utf8),
                deadline: nil)
            var reader2 = HTTPMessageReader(connection: connection)
            let head = try await readResponse(&reader2, method: "HEAD")
            #expect(head.headers["Content-Length"] == "0")
            #expect(head.body.isEmpty)
            #expect(try await readResponse(&reader2).body == Array("abcde".utf8))
        }
    }

    @Test("an upgrade hands the connection and the bytes after the head to the new protocol")
    func upgrade() async throws {
        let received = Mutex<[UInt8]>([])
        let gate = HTTPTestGate()
        let handler: HTTPServerHandler = { _ in
            .upgrade(HTTPServerResponse(status: 101, headers: HTTPHeaders([("Upgrade", "test")]))) { connection, rest in
                received.withLock { $0 = rest }
                try? await connection.write(Array("after".utf8), deadline: nil)
                connection.close()
                gate.open()
            }
        }
        try await withServer(handler: handler) { listener, _ in
            let connection = try listener.connect()
            try await connection.write(Array("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: test\r\n\r\nFRAME".utf8), deadline: nil)
            await gate.wait()
            var reader = HTTPMessageReader(connection: connection)
            let head = try await reader.readResponseHead(limits: HTTPLimits(), deadline: .now + .seconds(30))
            #expect(head.status == 101)
            #expect(Array(reader.unread) == Array("after".utf8))
            #expect(received.withLock { $0 } == Array("FRAME".utf8))
        }
    }

    @Test("closes a connection whose request does not complete within the request timeout")
    func requestTimeout() async throws {
        let listener = HTTPMemoryListener()
        let server = HTTPServer.start(listener: listener, timeouts: HTTPServerTimeouts(request: .milliseconds(200)), handler: Self.echo)
        let connection = try listener.connect()
        try await connection.write(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8), deadline: nil)
        var reader = HTTPMessageReader(connection: connection)
        #expect(try await readToEnd(&reader))
        #expect(reader.unread.isEmpty)
        await server.shutdown()
    }

    @Test("formats IMF-fixdate timestamps")
    func dates() {
        #expect(HTTPDate.format(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(secondsSince1970: 951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
    }
}
