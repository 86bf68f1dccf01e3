import Testing
@testable import RuntimeWire

@Suite("HTTP body framing and chunked coding")
struct HTTPBodyTests {
    let limits = HTTPLimits()

    func requestHead(_ fields: [(String, String)], version: HTTPVersion = .http11) -> HTTPRequestHead {
        HTTPRequestHead(method: "POST", target: "/", headers: HTTPHeaders(fields.map { (name: $0.0, value: $0.1) }), version: version)
    }

    func responseHead(_ status: Int, _ fields: [(String, String)], version: HTTPVersion = .http11) -> HTTPResponseHead {
        HTTPResponseHead(status: status, headers: HTTPHeaders(fields.map { (name: $0.0, value: $0.1) }), version: version)
    }

    func code(_ body: () throws -> Any) -> WireError.Code? {
        do {
            _ = try body()
            return nil
        } catch let error as WireError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test("request framing")
    func requestFraming() throws {
        #expect(try HTTPBodyFraming.request(requestHead([]), limits: limits) == HTTPBodyFraming.none)
        #expect(try HTTPBodyFraming.request(requestHead([("Content-Length", "0")]), limits: limits) == HTTPBodyFraming.none)
        #expect(try HTTPBodyFraming.request(requestHead([("Content-Length", "12")]), limits: limits) == .contentLength(12))
        #expect(try HTTPBodyFraming.request(requestHead([("Content-Length", "7, 7"), ("content-length", "7")]), limits: limits) == .contentLength(7))
        #expect(try HTTPBodyFraming.request(requestHead([("Transfer-Encoding", "Chunked")]), limits: limits) == .chunked)
        #expect(code { try HTTPBodyFraming.request(requestHead([("Content-Length", "7, 8")]), limits: limits) } == .invalidHTTP)
        #expect(code { try HTTPBodyFraming.request(requestHead([("Content-Length", "7"), ("Content-Length", "8")]), limits: limits) } == .invalidHTTP)
        #expect(code { try HTTPBodyFraming.request(requestHead([("Content-Length", "-1")]), limits: limits) } == .invalidHTTP)
        #expect(code { try HTTPBodyFraming.request(requestHead([("Content-Length", "+1")]), limits: limits) } == .invalidHTTP)
        #expect(code { try HTTPBodyFraming.request(requestHead([("Content-Length", "")]), limits: limits) } == .invalidHTTP)
        #expect(code { try HTTPBodyFraming.request(requestHead([("Content-Length", "99999999999999999999999")]), limits: limits) } == .invalidHTTP)
        #expect(code { try HTTPBodyFraming.request(requestHead([("Content-Length", "67108865")]), limits: limits) } == .messageTooLarge)
        #expect(code {
            try HTTPBodyFraming.request(requestHead([("Transfer-Encoding", "chunked"), ("Content-Length", "3")]), limits: limits)
        } == .invalidHTTP)
        #expect(code { try HTTPBodyFraming.request(requestHead([("Transfer-Encoding", "gzip")]), limits: limits) } == .invalidHTTP)
        #expect(code { try HTTPBodyFraming.request(requestHead([("Transfer-Encoding", "chunked, gzip")]), limits: limits) } == .invalidHTTP)
        #expect(code { try HTTPBodyFraming.request(requestHead([("Transfer-Encoding", "chunked, chunked")]), limits: limits) } == .invalidHTTP)
        #expect(code { try HTTPBodyFraming.request(requestHead([("Transfer-Encoding", "chunked,")]), limits: limits) } == .invalidHTTP)
        #expect(code {
            try HTTPBodyFraming.request(requestHead([("Transfer-Encoding", "chunked")], version: .http10), limits: limits)
        } == .invalidHTTP)
    }

    @Test("response framing")
    func responseFraming() throws {
        #expect(try HTTPBodyFraming.response(responseHead(200, [("Content-Length", "5")]), requestMethod: "HEAD", limits: limits) == HTTPBodyFraming.none)
        #expect(try HTTPBodyFraming.response(responseHead(204, []), requestMethod: "GET", limits: limits) == HTTPBodyFraming.none)
        #expect(try HTTPBodyFraming.response(responseHead(304, []), requestMethod: "GET", limits: limits) == HTTPBodyFraming.none)
        #expect(try HTTPBodyFraming.response(responseHead(101, []), requestMethod: "GET", limits: limits) == HTTPBodyFraming.none)
        #expect(try HTTPBodyFraming.response(responseHead(200, []), requestMethod: "GET", limits: limits) == .untilClose)
        #expect(try HTTPBodyFraming.response(responseHead(200, [("Content-Length", "5")]), requestMethod: "GET", limits: limits) == .contentLength(5))
        #expect(try HTTPBodyFraming.response(responseHead(200, [("Transfer-Encoding", "chunked")]), requestMethod: "GET", limits: limits) == .chunked)
        #expect(try HTTPBodyFraming.response(responseHead(200, [("Transfer-Encoding", "gzip")]), requestMethod: "GET", limits: limits) == .untilClose)
        #expect(try HTTPBodyFraming.response(
            responseHead(200, [("Transfer-Encoding", "chunked")], version: .http10), requestMethod: "GET", limits: limits) == .untilClose)
        #expect(code {
            try HTTPBodyFraming.response(responseHead(200, [("Transfer-Encoding", "chunked"), ("Content-Length", "5")]), requestMethod: "GET", limits: limits)
        } == .invalidHTTP)
        #expect(code {
            try HTTPBodyFraming.response(responseHead(200, [("Content-Length", "100")]), requestMethod: "GET", limits: HTTPLimits(maxBodyBytes: 99))
        } == .messageTooLarge)
    }

    func decodeAll(_ text: String, limits: HTTPLimits = HTTPLimits(), step: Int = .max) throws -> (body: String, consumed: Int, trailers: HTTPHeaders) {
        let bytes = Array(text.utf8)
        var decoder = HTTPChunkedDecoder(limits: limits)
        var body: [UInt8] = []
        var pending: [UInt8] = []
        var fed = 0
        while !decoder.isComplete && fed < bytes.count {
            let next = fed + min(bytes.count - fed, max(step, 1))
            pending += bytes[fed..<next]
            fed = next
            let used = try decoder.decode(pending[...], into: &body)
            pending.removeFirst(used)
        }
        return (String(decoding: body, as: UTF8.self), decoder.consumedBytes, decoder.trailers)
    }

    @Test("decodes chunked bodies byte by byte and in one piece")
    func chunkedDecoding() throws {
        let text = "5\r\nhello\r\n1;name=value;x=\"q\"\r\n \r\nA \r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\nNEXT"
        for step in [1, 2, 3, 7, 1000] {
            let result = try decodeAll(text, step: step)
            #expect(result.body == "hello 0123456789", "step \(step)")
            #expect(result.consumed == text.utf8.count - 4, "step \(step)")
            #expect(result.trailers["x-trailer"] == "yes")
        }
        let lf = try decodeAll("3\nabc\n0\n\n")
        #expect(lf.body == "abc")
        #expect(lf.consumed == 9)
        #expect(try decodeAll("0000\r\n\r\n").body == "")
    }

    @Test("stops at the end of the body and leaves the next message")
    func stopsAtEnd() throws {
        let bytes = Array("2\r\nab\r\n0\r\n\r\nGET / HTTP/1.1\r\n".utf8)
        var decoder = HTTPChunkedDecoder(limits: limits)
        var body: [UInt8] = []
        let used = try decoder.decode(bytes[...], into: &body)
        #expect(decoder.isComplete)
        #expect(used == 12)
        #expect(try decoder.decode(bytes[used...], into: &body) == 0)
        #expect(body == Array("ab".utf8))
    }

    @Test("rejects malformed chunked bodies", arguments: [
        ("x\r\n", WireError.Code.invalidHTTP),
        ("\r\n", .invalidHTTP),
        ("-1\r\n", .invalidHTTP),
        ("5 x\r\n", .invalidHTTP),
        ("3\r\nabcd\r\n", .invalidHTTP),
        ("3\r\nabc\rX", .invalidHTTP),
        ("3;a\u{1}\r\n", .invalidHTTP),
        ("FFFFFFFFFFFFFFFFFFFF\r\n", .invalidHTTP),
        ("7FFFFFFFFFFFFFFF\r\n", .messageTooLarge),
        ("0\r\n folded\r\n\r\n", .invalidHTTP),
        ("0\r\nBad Name: x\r\n\r\n", .invalidHTTP),
    ])
    func malformedChunked(text: String, expected: WireError.Code) {
        #expect(code { try decodeAll(text) } == expected, "\(text.debugDescription)")
    }

    @Test("enforces the body, line and trailer limits")
    func chunkedLimits() throws {
        let small = HTTPLimits(maxHeadBytes: 32, maxHeaderCount: 2, maxBodyBytes: 10, maxChunkLineBytes: 8)
        #expect(try decodeAll("5\r\n12345\r\n5\r\n12345\r\n0\r\n\r\n", limits: small).body == "1234512345")
        #expect(code { try decodeAll("5\r\n12345\r\n6\r\n123456\r\n0\r\n\r\n", limits: small) } == .messageTooLarge)
        #expect(code { try decodeAll("1;aaaaaaaaaaaa\r\n", limits: small) } == .messageTooLarge)
        #expect(code { try decodeAll("0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: small) } == .messageTooLarge)
        #expect(code { try decodeAll("0\r\nA: " + String(repeating: "x", count: 40) + "\r\n\r\n", limits: small) } == .messageTooLarge)
    }

    @Test("encodes chunked bodies that decode back")
    func chunkedEncoding() throws {
        #expect(HTTPChunkedEncoder.chunk([UInt8]()) == [])
        #expect(String(decoding: HTTPChunkedEncoder.chunk(Array("hello world 1234".utf8)), as: UTF8.self) == "10\r\nhello world 1234\r\n")
        #expect(String(decoding: HTTPChunkedEncoder.end(), as: UTF8.self) == "0\r\n\r\n")
        #expect(String(decoding: HTTPChunkedEncoder.end(trailers: HTTPHeaders([("A", "b")])), as: UTF8.self) == "0\r\nA: b\r\n\r\n")
        let body = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        for size in [1, 3, 999, 1000, 5000] {
            let encoded = HTTPChunkedEncoder.encode(body, chunkSize: size)
            var decoder = HTTPChunkedDecoder(limits: limits)
            var out: [UInt8] = []
            #expect(try decoder.decode(encoded[...], into: &out) == encoded.count)
            #expect(decoder.isComplete)
            #expect(out == body)
        }
        #expect(HTTPChunkedEncoder.encode([]) == Array("0\r\n\r\n".utf8))
    }
}
