import RuntimeWire

/// Serves the requests of one server connection in order, in one task.
struct HTTPServerSession {
    let connection: any Connection
    let limits: HTTPLimits
    let requestTimeout: Duration?
    let handler: HTTPServerHandler

    /// How long the server keeps reading (and discarding) after answering an error with
    /// `Connection: close`, so that the peer receives the response before the socket closes.
    static let lingerTime: Duration = .seconds(2)

    func run() async {
        var reader = HTTPMessageReader(connection: connection)
        while true {
            let deadline = requestTimeout.map { ContinuousClock.now + $0 }
            // The head.
            let head: HTTPRequestHead
            do {
                guard let parsed = try await reader.readRequestHead(limits: limits, deadline: deadline) else {
                    connection.close()
                    return
                }
                head = parsed
            } catch {
                await reject(error, tooLargeStatus: 431, reader: &reader)
                return
            }

            // The body.
            let body: [UInt8]
            do {
                let framing = try HTTPBodyFraming.request(head, limits: limits)
                if let expect = head.headers["Expect"] {
                    guard expect.lowercased() == "100-continue" else {
                        await fail(417, "unsupported expectation", reader: &reader)
                        return
                    }
                    if framing != .none && reader.unread.isEmpty && head.version == .http11 {
                        try await connection.write(HTTPResponseHead(status: 100).serialize(), deadline: deadline)
                    }
                }
                body = try await reader.readBody(framing, limits: limits, deadline: deadline)
            } catch {
                await reject(error, tooLargeStatus: 413, reader: &reader)
                return
            }

            // The handler, then the response.
            let request = HTTPServerRequest(method: head.method, target: head.target, headers: head.headers, body: body)
            let action = await handler(request)
            switch action {
            case .respond(let response):
                let keepAlive = head.keepAlive && !response.headers.containsToken("close", in: "Connection")
                let bytes = Self.responseBytes(response, method: head.method, version: head.version, keepAlive: keepAlive)
                do {
                    try await connection.write(bytes, deadline: nil)
                } catch {
                    connection.close()
                    return
                }
                guard keepAlive else {
                    await linger(reader: &reader)
                    return
                }
            case .upgrade(let response, let takeOver):
                var headResponse = HTTPResponseHead(status: response.status, headers: response.headers, version: .http11)
                if headResponse.headers["Date"] == nil {
                    headResponse.headers.add("Date", HTTPDate.now())
                }
                do {
                    try await connection.write(headResponse.serialize(), deadline: nil)
                } catch {
                    connection.close()
                    return
                }
                await takeOver(connection, reader.takeUnread())
                return
            }
        }
    }

    /// The response in wire form, with framing, `Date` and `Connection` headers set.
    static func responseBytes(_ response: HTTPServerResponse, method: String, version: HTTPVersion, keepAlive: Bool) -> [UInt8] {
        var headers = response.headers
        let chunked = headers.containsToken("chunked", in: "Transfer-Encoding") && version == .http11
        let noBody = (100..<200).contains(response.status) || response.status == 204 || response.status == 304
        headers.remove("Content-Length")
        headers.remove("Transfer-Encoding")
        headers.remove("Connection")
        if !noBody {
            if chunked {
                headers.add("Transfer-Encoding", "chunked")
            } else {
                headers.add("Content-Length", String(response.body.count))
            }
        }
        if headers["Date"] == nil { headers.add("Date", HTTPDate.now()) }
        if keepAlive {
            headers.add("Connection", "keep-alive")
        } else {
            headers.add("Connection", "close")
        }
        var bytes = HTTPResponseHead(status: response.status, headers: headers, version: .http11).serialize()
        if !noBody && method != "HEAD" {
            if chunked {
                bytes.append(contentsOf: HTTPChunkedEncoder.encode(response.body))
            } else {
                bytes.append(contentsOf: response.body)
            }
        }
        return bytes
    }

    /// Answers a failure to read a request: `tooLargeStatus` for a head or body over its limit,
    /// 400 for malformed HTTP; any other error (I/O, timeout) just closes.
    private func reject(_ error: any Error, tooLargeStatus: Int, reader: inout HTTPMessageReader) async {
        guard let error = error as? RuntimeError else {
            connection.close()
            return
        }
        switch error.code {
        case .messageTooLarge: await fail(tooLargeStatus, error.message, reader: &reader)
        case .invalidHTTP: await fail(400, error.message, reader: &reader)
        default: connection.close()
        }
    }

    /// Answers an error with `Connection: close`, then closes.
    private func fail(_ status: Int, _ message: String, reader: inout HTTPMessageReader) async {
        let response = HTTPServerResponse(
            status: status, headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8")]), body: Array((message + "\n").utf8))
        let bytes = Self.responseBytes(response, method: "GET", version: .http11, keepAlive: false)
        do {
            try await connection.write(bytes, deadline: ContinuousClock.now + Self.lingerTime)
        } catch {
            connection.close()
            return
        }
        await linger(reader: &reader)
    }

    /// Half-closes, then discards what the peer still sends for a short while before closing,
    /// so that a close with unread bytes does not reset the connection before the peer has read
    /// our last response.
    private func linger(reader: inout HTTPMessageReader) async {
        connection.shutdownOutput()
        let deadline = ContinuousClock.now + Self.lingerTime
        var discarded = 0
        while discarded < 1 << 20 {
            guard let bytes = try? await connection.read(maxBytes: 64 * 1024, deadline: deadline), !bytes.isEmpty else { break }
            discarded += bytes.count
        }
        connection.close()
    }
}
