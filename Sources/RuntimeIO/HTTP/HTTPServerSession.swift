import RuntimeWire

/// Serves the requests of one server connection in order, in one task.
struct HTTPServerSession {
    let connection: any Connection
    let limits: HTTPLimits
    let timeouts: HTTPServerTimeouts
    let handler: HTTPServerHandler

    /// How long the server keeps reading (and discarding) after answering an error with
    /// `Connection: close`, so that the peer receives the response before the socket closes.
    static let lingerTime: Duration = .seconds(2)

    func run() async {
        var reader = HTTPMessageReader(connection: connection)
        // The accept, then the end of each response: what the wait for a request counts from.
        var idleSince = ContinuousClock.now
        var firstRequest = true
        while true {
            // The first byte of the request (pipelined bytes may already wait).
            if reader.unread.isEmpty {
                do {
                    let deadline = timeouts.firstByteDeadline(since: idleSince, firstRequest: firstRequest)
                    guard try await reader.fill(deadline: deadline) else {
                        connection.close()
                        return
                    }
                } catch {
                    // Idle past the limit, reset, or cancelled: nothing to answer.
                    connection.close()
                    return
                }
            }
            // The first request counts from the accept, a later one from now (its first byte
            // is here); the clock is read only when the request is not complete yet.
            var requestStart: ContinuousClock.Instant? = firstRequest ? idleSince : nil
            firstRequest = false

            // The head.
            let head: HTTPRequestHead
            do {
                if let buffered = try reader.takeBufferedRequestHead(limits: limits) {
                    head = buffered
                } else {
                    let start = requestStart ?? .now
                    requestStart = start
                    guard let parsed = try await reader.readRequestHead(limits: limits, deadline: timeouts.headDeadline(start: start)) else {
                        connection.close()
                        return
                    }
                    head = parsed
                }
            } catch {
                await reject(error, tooLargeStatus: 431, reader: &reader)
                return
            }

            // The body.
            let body: [UInt8]
            do {
                let framing = try HTTPBodyFraming.request(head, limits: limits)
                let deadline = framing == .none ? nil : timeouts.bodyDeadline(start: requestStart ?? .now)
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
                    try await connection.write(bytes, deadline: timeouts.writeDeadline(start: .now))
                } catch {
                    connection.close()
                    return
                }
                guard keepAlive else {
                    await linger(reader: &reader)
                    return
                }
            case .stream(let response, let produce):
                guard await stream(response, produce: produce, request: head, reader: &reader) else { return }
            case .upgrade(let response, let takeOver):
                var headResponse = HTTPResponseHead(status: response.status, headers: response.headers, version: .http11)
                if headResponse.headers["Date"] == nil {
                    headResponse.headers.add("Date", HTTPDate.now())
                }
                do {
                    try await connection.write(headResponse.serialize(), deadline: timeouts.writeDeadline(start: .now))
                } catch {
                    connection.close()
                    return
                }
                await takeOver(connection, reader.takeUnread())
                return
            }
            if timeouts.keepAliveIdle != nil { idleSince = .now }
        }
    }

    /// Sends a streamed response: the head, then what `produce` writes. Returns whether the
    /// connection stays open for another request; otherwise it is closed (or lingering) already.
    private func stream(
        _ response: HTTPServerResponse, produce: @Sendable (inout HTTPResponseBodyWriter) async throws -> Void,
        request: HTTPRequestHead, reader: inout HTTPMessageReader
    ) async -> Bool {
        // An HTTP/1.0 client has no chunked coding: its body ends when the connection closes.
        let chunked = request.version == .http11
        let keepAlive = chunked && request.keepAlive && !response.headers.containsToken("close", in: "Connection")
        var headers = response.headers
        headers.remove("Content-Length")
        headers.remove("Transfer-Encoding")
        headers.remove("Connection")
        if chunked { headers.add("Transfer-Encoding", "chunked") }
        if headers["Date"] == nil { headers.add("Date", HTTPDate.now()) }
        headers.add("Connection", keepAlive ? "keep-alive" : "close")
        do {
            let head = HTTPResponseHead(status: response.status, headers: headers, version: .http11).serialize()
            try await connection.write(head, deadline: timeouts.writeDeadline(start: .now))
            if request.method != "HEAD" {
                var writer = HTTPResponseBodyWriter(connection: connection, chunked: chunked, writeTimeout: timeouts.write)
                try await produce(&writer)
                try await writer.finish()
            }
        } catch {
            // The body is cut: closing without the last chunk tells the client so.
            connection.close()
            return false
        }
        guard keepAlive else {
            await linger(reader: &reader)
            return false
        }
        return true
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
        guard let error = error as? WireError else {
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
