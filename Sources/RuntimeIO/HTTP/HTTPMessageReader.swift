import RuntimeWire

/// Reads HTTP/1.1 messages from a connection: buffers what arrives, parses heads and de-frames
/// bodies, and keeps bytes read past the current message for the next one (pipelining) or for
/// a protocol that takes the connection over (WebSocket upgrade).
struct HTTPMessageReader {
    let connection: any Connection
    private var buffer: [UInt8] = []
    private var start = 0
    /// Whether any byte has been received on this connection since the reader was created or
    /// ``resetReceived()`` was called.
    private(set) var receivedAny = false
    /// Largest single read; bodies with a known length read up to this at once.
    static let readSize = 256 * 1024

    init(connection: any Connection) {
        self.connection = connection
    }

    /// The bytes received but not consumed yet.
    var unread: ArraySlice<UInt8> { buffer[start...] }

    mutating func resetReceived() { receivedAny = false }

    /// Reads more bytes into the buffer. Returns false at end of stream.
    mutating func fill(deadline: ContinuousClock.Instant?, hint: Int = 64 * 1024) async throws -> Bool {
        if start > 0 && (start == buffer.count || start >= 64 * 1024) {
            buffer.removeFirst(start)
            start = 0
        }
        let bytes = try await connection.read(maxBytes: min(max(hint, 16 * 1024), Self.readSize), deadline: deadline)
        if bytes.isEmpty { return false }
        receivedAny = true
        if buffer.isEmpty {
            buffer = bytes
        } else {
            buffer.append(contentsOf: bytes)
        }
        return true
    }

    /// Reads a request head. Returns nil when the peer closes cleanly before sending any byte
    /// of a new request.
    mutating func readRequestHead(limits: HTTPLimits, deadline: ContinuousClock.Instant?) async throws -> HTTPRequestHead? {
        while true {
            if let head = try takeBufferedRequestHead(limits: limits) { return head }
            guard try await fill(deadline: deadline) else {
                if unread.allSatisfy({ $0 == 0x0D || $0 == 0x0A }) { return nil }
                throw WireError(.connectionClosed, "the peer closed the connection in the middle of a request head")
            }
        }
    }

    /// The request head at the start of the bytes already received, if they hold a complete
    /// one (consumed); `nil` when more bytes are needed.
    mutating func takeBufferedRequestHead(limits: HTTPLimits) throws -> HTTPRequestHead? {
        guard let parsed = try HTTPHeadParser.parseRequestHead(unread, limits: limits) else { return nil }
        start += parsed.consumed
        return parsed.head
    }

    /// Reads a response head, skipping interim 1xx responses other than 101.
    mutating func readResponseHead(limits: HTTPLimits, deadline: ContinuousClock.Instant?) async throws -> HTTPResponseHead {
        while true {
            if let parsed = try HTTPHeadParser.parseResponseHead(unread, limits: limits) {
                start += parsed.consumed
                if (100..<200).contains(parsed.head.status) && parsed.head.status != 101 { continue }
                return parsed.head
            }
            guard try await fill(deadline: deadline) else {
                throw WireError(
                    .connectionClosed,
                    receivedAny ? "the server closed the connection in the middle of a response head" : "the server closed the connection without a response")
            }
        }
    }

    /// Reads a whole body framed as `framing`, at most `limits.maxBodyBytes` of it.
    mutating func readBody(_ framing: HTTPBodyFraming, limits: HTTPLimits, deadline: ContinuousClock.Instant?) async throws -> [UInt8] {
        switch framing {
        case .none:
            return []
        case .contentLength(let length):
            guard length <= limits.maxBodyBytes else {
                throw WireError(.messageTooLarge, "body of \(length) bytes exceeds \(limits.maxBodyBytes)")
            }
            if buffer.count - start >= length {
                let body = Array(buffer[start..<(start + length)])
                start += length
                return body
            }
            // The rest is read straight into the body's own storage, sized once: a large body
            // costs its own size, not that of a growing buffer plus a copy of it. Reads never go
            // past the body, so nothing of a next message is taken.
            var body: [UInt8] = []
            body.reserveCapacity(length)
            body.append(contentsOf: buffer[start...])
            buffer = []
            start = 0
            while body.count < length {
                let bytes = try await connection.read(maxBytes: min(length - body.count, Self.readSize), deadline: deadline)
                guard !bytes.isEmpty else {
                    throw WireError(.connectionClosed, "the peer closed the connection in the middle of a body")
                }
                receivedAny = true
                body.append(contentsOf: bytes)
            }
            return body
        case .chunked:
            var decoder = HTTPChunkedDecoder(limits: limits)
            var body: [UInt8] = []
            while true {
                start += try decoder.decode(unread, into: &body)
                if decoder.isComplete { return body }
                guard try await fill(deadline: deadline) else {
                    throw WireError(.connectionClosed, "the peer closed the connection in the middle of a chunked body")
                }
            }
        case .untilClose:
            while try await fill(deadline: deadline) {
                if buffer.count - start > limits.maxBodyBytes {
                    throw WireError(.messageTooLarge, "body exceeds \(limits.maxBodyBytes) bytes")
                }
            }
            // The buffer becomes the body (moved, not copied).
            if start > 0 { buffer.removeFirst(start) }
            let body = buffer
            buffer = []
            start = 0
            return body
        }
    }

    /// Hands over everything not consumed yet and forgets it.
    mutating func takeUnread() -> [UInt8] {
        let rest = Array(unread)
        buffer = []
        start = 0
        return rest
    }
}
