import RuntimeWire
import Synchronization
import Testing
@testable import RuntimeIO

/// The server against idle and slow peers (timeouts), and streamed response bodies.
@Suite("HTTP server: timeouts and streamed bodies", .timeLimit(.minutes(3)))
struct HTTPServerHardeningTests {
    let base = HTTPServerTests()

    /// How long the client side waits for what must happen (generous: CI machines are loaded;
    /// only the server's own timeouts under test are short).
    static let patience: Duration = .seconds(120)

    func readResponse(_ reader: inout HTTPMessageReader, method: String = "GET") async throws -> HTTPClientResponse {
        try await base.readResponse(&reader, method: method, patience: Self.patience)
    }

    func readToEnd(_ reader: inout HTTPMessageReader) async throws -> Bool {
        try await base.readToEnd(&reader, patience: Self.patience)
    }

    func start(
        _ timeouts: HTTPServerTimeouts, maxConnections: Int = HTTPServer.defaultMaxConnections,
        handler: @escaping HTTPServerHandler = HTTPServerTests.echo
    ) -> (HTTPMemoryListener, HTTPServer) {
        let listener = HTTPMemoryListener()
        return (listener, HTTPServer.start(listener: listener, timeouts: timeouts, maxConnections: maxConnections, handler: handler))
    }

    /// Long limits for everything but what a test exercises.
    static let patient = HTTPServerTimeouts(
        requestHead: .seconds(600), keepAliveIdle: .seconds(600), request: .seconds(600), write: .seconds(600))

    // MARK: Timeouts

    @Test("deadlines: the first request counts from the accept, later ones from idle and their first byte")
    func deadlines() {
        let start = ContinuousClock.now
        let timeouts = HTTPServerTimeouts(requestHead: .seconds(30), keepAliveIdle: .seconds(60), request: .seconds(20), write: nil)
        #expect(timeouts.firstByteDeadline(since: start, firstRequest: true) == start + .seconds(20))
        #expect(timeouts.firstByteDeadline(since: start, firstRequest: false) == start + .seconds(60))
        #expect(timeouts.headDeadline(start: start) == start + .seconds(20))
        #expect(timeouts.bodyDeadline(start: start) == start + .seconds(20))
        #expect(timeouts.writeDeadline(start: start) == nil)
        let none = HTTPServerTimeouts(requestHead: nil, keepAliveIdle: nil, request: nil, write: nil)
        #expect(none.firstByteDeadline(since: start, firstRequest: true) == nil)
        #expect(none.headDeadline(start: start) == nil)
        let defaults = HTTPServerTimeouts()
        #expect(defaults.headDeadline(start: start) == start + .seconds(30))
        #expect(defaults.firstByteDeadline(since: start, firstRequest: false) == start + .seconds(60))
    }

    /// Sends `request` with only `change` made short, and expects the server to answer
    /// `served` responses and then close the connection with nothing more.
    func expectClosed(_ change: (inout HTTPServerTimeouts) -> Void, sending request: String, served: Int = 0) async throws {
        var timeouts = Self.patient
        change(&timeouts)
        let (listener, server) = start(timeouts)
        let connection = try listener.connect()
        if !request.isEmpty { try await connection.write(Array(request.utf8), deadline: nil) }
        var reader = HTTPMessageReader(connection: connection)
        for _ in 0..<served {
            let response = try await readResponse(&reader)
            #expect(response.status == 200)
            #expect(response.headers["Connection"] == "keep-alive")
        }
        #expect(try await readToEnd(&reader))
        #expect(reader.unread.isEmpty)
        await server.shutdown()
    }

    @Test("a connection that sends nothing is closed after the request-head timeout")
    func idleNewConnection() async throws {
        try await expectClosed({ $0.requestHead = .milliseconds(100) }, sending: "")
    }

    @Test("a head that never completes is cut at the request-head timeout (slowloris)")
    func partialHead() async throws {
        try await expectClosed({ $0.requestHead = .milliseconds(100) }, sending: "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    }

    @Test("a kept-alive connection is served, then closed after the keep-alive idle timeout")
    func keepAliveIdle() async throws {
        try await expectClosed({ $0.keepAliveIdle = .milliseconds(100) }, sending: "GET /one HTTP/1.1\r\nHost: x\r\n\r\n", served: 1)
    }

    @Test("a body that never completes is cut at the request timeout")
    func partialBody() async throws {
        try await expectClosed(
            { $0.request = .milliseconds(100) }, sending: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
    }

    @Test("idle connections at maxConnections do not lock others out: the head timeout frees the slots")
    func idleConnectionsAtTheLimit() async throws {
        var timeouts = Self.patient
        timeouts.requestHead = .milliseconds(200)
        let (listener, server) = start(timeouts, maxConnections: 4)
        var idle: [HTTPMemoryConnection] = []
        for _ in 0..<4 { idle.append(try listener.connect()) }
        let client = try listener.connect()
        try await client.write(Array("GET /served HTTP/1.1\r\nHost: x\r\n\r\n".utf8), deadline: nil)
        var reader = HTTPMessageReader(connection: client)
        #expect(try await readResponse(&reader).headers["X-Target"] == "/served")
        for connection in idle {
            var idleReader = HTTPMessageReader(connection: connection)
            #expect(try await readToEnd(&idleReader))
        }
        await server.shutdown()
    }

    // MARK: Streamed bodies

    static let pieces = (0..<40).map { index in [UInt8](repeating: UInt8(65 + index % 26), count: 16 * 1024 + index) }
    static let streamed: HTTPServerHandler = { request in
        if request.target == "/fail" {
            return .stream(HTTPServerResponse(status: 200)) { writer in
                for piece in pieces.prefix(10) { try await writer.write(piece) }
                throw WireError(.invalidState, "the producer failed")
            }
        }
        return .stream(HTTPServerResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain"), ("Content-Length", "3")]))) { writer in
            if request.method == "HEAD" { Issue.record("a HEAD request ran the producer") }
            for piece in pieces { try await writer.write(piece) }
        }
    }

    @Test("a streamed body arrives chunked and whole; the connection stays open for the next request")
    func streamedChunked() async throws {
        let (listener, server) = start(Self.patient, handler: Self.streamed)
        let connection = try listener.connect()
        try await connection.write(Array("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n".utf8), deadline: nil)
        var reader = HTTPMessageReader(connection: connection)
        for _ in 0..<2 {
            let response = try await readResponse(&reader)
            #expect(response.status == 200)
            #expect(response.headers["Transfer-Encoding"] == "chunked")
            #expect(response.headers["Content-Length"] == nil)
            #expect(response.headers["Connection"] == "keep-alive")
            #expect(response.body == Self.pieces.flatMap { $0 })
        }
        await server.shutdown()
    }

    @Test("HTTP/1.0 gets the streamed body until the connection closes; HEAD gets the head only")
    func streamedOldClientsAndHead() async throws {
        let (listener, server) = start(Self.patient, handler: Self.streamed)
        let old = try listener.connect()
        try await old.write(Array("GET / HTTP/1.0\r\n\r\n".utf8), deadline: nil)
        var reader = HTTPMessageReader(connection: old)
        let response = try await readResponse(&reader)
        #expect(response.headers["Connection"] == "close")
        #expect(response.headers["Transfer-Encoding"] == nil)
        #expect(response.body == Self.pieces.flatMap { $0 })

        let head = try listener.connect()
        try await head.write(Array("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n".utf8), deadline: nil)
        var headReader = HTTPMessageReader(connection: head)
        let headResponse = try await readResponse(&headReader, method: "HEAD")
        #expect(headResponse.headers["Transfer-Encoding"] == "chunked")
        #expect(headResponse.body.isEmpty)
        #expect(try await readResponse(&headReader).body == Self.pieces.flatMap { $0 })
        await server.shutdown()
    }

    @Test("a producer that fails midway cuts the body: the client sees an incomplete body, not a complete one")
    func streamedFailure() async throws {
        let (listener, server) = start(Self.patient, handler: Self.streamed)
        let connection = try listener.connect()
        try await connection.write(Array("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n".utf8), deadline: nil)
        var reader = HTTPMessageReader(connection: connection)
        await #expect(throws: WireError.self) { _ = try await readResponse(&reader) }
        await server.shutdown()
    }

    @Test("back-pressure: the producer never runs ahead of the peer by more than one chunk")
    func backPressure() async throws {
        let produced = Mutex(0)
        let handler: HTTPServerHandler = { _ in
            .stream(HTTPServerResponse(status: 200)) { writer in
                for piece in Self.pieces {
                    produced.withLock { $0 += piece.count }
                    try await writer.write(piece)
                }
            }
        }
        let connection = GatedConnection(request: Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let server = HTTPServer.start(listener: OneConnectionListener(connection), timeouts: Self.patient, handler: handler)
        var writes = 0
        var bodyLength = 0
        var decoder = HTTPChunkedDecoder(limits: HTTPLimits())
        var body: [UInt8] = []
        var pending: [UInt8] = []
        for await bytes in connection.writes {
            writes += 1
            if writes == 1 {
                // The head: the body starts after it.
                #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK\r\n"))
            } else {
                pending += bytes
                pending.removeFirst(try decoder.decode(pending[...], into: &body))
                // The producer waits inside this write: it produced exactly what was handed over.
                #expect(produced.withLock { $0 } == body.count)
                #expect(body.count - bodyLength <= HTTPResponseBodyWriter.flushThreshold + 17 * 1024)
                bodyLength = body.count
            }
            connection.release()
            if decoder.isComplete { break }
        }
        #expect(body == Self.pieces.flatMap { $0 })
        #expect(writes > Self.pieces.count * 16 * 1024 / HTTPResponseBodyWriter.flushThreshold)
        await server.shutdown()
    }
}
