import RuntimeWire

/// An HTTP/1.1 client with a keep-alive connection pool per (scheme, host, port).
///
/// Each request has one deadline covering waiting for a connection, connecting, writing and
/// reading. When a connection fails before any byte of the response arrived, an idempotent
/// request (GET, HEAD, PUT, DELETE, OPTIONS) is retried once on a fresh connection; every other
/// failure is thrown as a ``WireError`` whose `requestMayHaveBeenSent` says whether the request may have reached
/// the server. Cancelling the calling task throws `CancellationError` and closes the
/// connection the request was using.
package final class HTTPClient: Sendable {
    package let configuration: HTTPClientConfiguration
    private let connector: HTTPConnector
    private let pool: HTTPConnectionPool
    /// The loop the connections close on, when the client opens them itself.
    private let loop: EventLoop?

    /// A client whose connections go through ``ConnectionFactory`` on `loop`: plain TCP for
    /// `http`, TLS (verified per `transport`) for `https`, and the proxy of `transport` if any.
    package convenience init(
        configuration: HTTPClientConfiguration = HTTPClientConfiguration(),
        transport: TransportConfiguration = TransportConfiguration(),
        loop: EventLoop = .shared
    ) {
        self.init(configuration: configuration, loop: loop) { host, port, tls, deadline in
            try await ConnectionFactory.connect(
                host: host, port: port, tls: tls, configuration: transport, loop: loop, deadline: deadline)
        }
    }

    /// A client whose connections come from `connector` (tests use in-memory connections).
    /// `loop`, if given, is where those connections close (see ``closingFinished()``).
    package init(
        configuration: HTTPClientConfiguration = HTTPClientConfiguration(), loop: EventLoop? = nil,
        connector: @escaping HTTPConnector
    ) {
        self.configuration = configuration
        self.connector = connector
        self.loop = loop
        self.pool = HTTPConnectionPool(
            maxConnections: configuration.maximumConnectionsPerHost, maxIdle: configuration.maxIdleConnectionsPerHost,
            maxIdleTime: configuration.maxIdleTime)
    }

    /// Closes idle connections and makes further requests fail with `WireError(.shutDown)`.
    package func shutdown() {
        pool.shutdown()
    }

    /// Returns once the connections that ``shutdown()`` closed are closed on the loop: closing
    /// is queued on the loop in order, so one trip through the loop behind it is enough. At once
    /// for a client without a loop of its own, or when the loop is shut down.
    package func closingFinished() async {
        await loop?.drain()
    }

    /// Sends `request` and returns the complete response, whatever its status code.
    /// - Throws: `CancellationError` when the task is cancelled; a ``WireError`` otherwise
    ///   (`.invalidURL`, `.connectionFailed`, `.connectionClosed`, `.tlsFailed`,
    ///   `.timedOut`, `.invalidHTTP`, `.messageTooLarge` or `.shutDown`) whose `requestMayHaveBeenSent` says
    ///   whether any byte of the request was written, so a non-idempotent request such as
    ///   `POST /jobs` can be retried safely exactly when it is false.
    package func execute(_ request: HTTPClientRequest, deadline: ContinuousClock.Instant) async throws -> HTTPClientResponse {
        let url: HTTPURL
        do {
            url = try HTTPURL(request.url)
        } catch let error as WireError {
            throw error.request(mayHaveBeenSent: false)
        }
        if let body = request.body, body.count > configuration.maxRequestBodyBytes {
            throw WireError(.messageTooLarge, "request body of \(body.count) bytes exceeds \(configuration.maxRequestBodyBytes)")
                .request(mayHaveBeenSent: false)
        }
        let key = HTTPConnectionPool.Key(scheme: url.scheme, host: url.host, port: url.port)
        let bytes = Self.requestBytes(request, url: url)
        let keepAlive = !request.headers.containsToken("close", in: "Connection")
        var mayHaveBeenSent = false
        var fresh = false
        while true {
            let outcome = await attempt(request.method, bytes, url: url, key: key, keepAlive: keepAlive, fresh: fresh, deadline: deadline)
            switch outcome {
            case .response(let response):
                return response
            case .cancelled:
                throw CancellationError()
            case .failed(let error, let written, let receivedAny):
                mayHaveBeenSent = mayHaveBeenSent || written
                let retryable = error.code == .connectionClosed || error.code == .connectionFailed
                if !fresh, written, !receivedAny, retryable, request.isIdempotent, ContinuousClock.now < deadline {
                    fresh = true
                    continue
                }
                throw error.request(mayHaveBeenSent: mayHaveBeenSent)
            }
        }
    }

    private enum Outcome {
        case response(HTTPClientResponse)
        case cancelled
        case failed(WireError, written: Bool, receivedAny: Bool)
    }

    private func attempt(
        _ method: String, _ bytes: [UInt8], url: HTTPURL, key: HTTPConnectionPool.Key, keepAlive: Bool, fresh: Bool,
        deadline: ContinuousClock.Instant
    ) async -> Outcome {
        let lease: HTTPConnectionPool.Lease
        do {
            lease = try await pool.acquire(key, fresh: fresh, deadline: deadline)
        } catch {
            return Self.outcome(error, written: false, receivedAny: false)
        }
        let connection: any Connection
        switch lease {
        case .reuse(let idle):
            connection = idle
        case .connect:
            do {
                try Task.checkCancellation()
                connection = try await connector(url.host, url.port, url.isTLS, deadline)
            } catch {
                pool.release(key, nil, reusable: false)
                return Self.outcome(error, written: false, receivedAny: false)
            }
        }
        var reader = HTTPMessageReader(connection: connection)
        var written = false
        do {
            try Task.checkCancellation()
            written = true
            try await connection.write(bytes, deadline: deadline)
            let head = try await reader.readResponseHead(limits: configuration.responseLimits, deadline: deadline)
            let framing = try HTTPBodyFraming.response(head, requestMethod: method, limits: configuration.responseLimits)
            let body = try await reader.readBody(framing, limits: configuration.responseLimits, deadline: deadline)
            let reusable = keepAlive && head.keepAlive && framing != .untilClose && head.status != 101 && reader.unread.isEmpty
            pool.release(key, connection, reusable: reusable)
            return .response(HTTPClientResponse(status: head.status, reason: head.reason, headers: head.headers, body: body))
        } catch {
            connection.close()
            pool.release(key, connection, reusable: false)
            return Self.outcome(error, written: written, receivedAny: reader.receivedAny)
        }
    }

    private static func outcome(_ error: any Error, written: Bool, receivedAny: Bool) -> Outcome {
        if error is CancellationError { return .cancelled }
        if let error = error as? WireError { return .failed(error, written: written, receivedAny: receivedAny) }
        return .failed(WireError(.connectionFailed, "\(error)"), written: written, receivedAny: receivedAny)
    }

    /// The request in wire form, with `Host` and body framing.
    static func requestBytes(_ request: HTTPClientRequest, url: HTTPURL) -> [UInt8] {
        var headers = HTTPHeaders()
        if request.headers["Host"] == nil { headers.add("Host", url.hostHeader) }
        let chunked = request.headers.containsToken("chunked", in: "Transfer-Encoding")
        for field in request.headers where !HTTPClient.isFramingField(field.name) {
            headers.add(field.name, field.value)
        }
        let body = request.body ?? []
        if chunked {
            headers.add("Transfer-Encoding", "chunked")
        } else if request.body != nil || ["POST", "PUT", "PATCH"].contains(request.method) {
            headers.add("Content-Length", String(body.count))
        }
        var bytes = HTTPRequestHead(method: request.method, target: url.target, headers: headers).serialize()
        if chunked {
            bytes.append(contentsOf: HTTPChunkedEncoder.encode(body))
        } else {
            bytes.append(contentsOf: body)
        }
        return bytes
    }

    private static func isFramingField(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered == "content-length" || lowered == "transfer-encoding"
    }

    /// Idle and in-use connection counts for a URL's host, for tests.
    package func connectionCounts(for url: String) -> (idle: Int, inUse: Int)? {
        guard let url = try? HTTPURL(url) else { return nil }
        let key = HTTPConnectionPool.Key(scheme: url.scheme, host: url.host, port: url.port)
        return (pool.idleCount(key), pool.leasedCount(key))
    }
}
