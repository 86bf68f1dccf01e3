import RuntimeWire

/// Writes the body of a streamed response (``HTTPServerAction/stream(_:produce:)``) as it is
/// produced.
///
/// Bytes collect in a buffer of at most about ``flushThreshold`` bytes; a full buffer goes out as
/// one chunk (chunked coding) or as raw bytes (an HTTP/1.0 peer, whose body ends when the
/// connection closes), and the write waits until the kernel took it, so a slow reader slows the
/// producer down instead of growing the buffer. Each write must complete within the server's
/// write timeout.
package struct HTTPResponseBodyWriter {
    /// The buffer size at which bytes go out.
    package static let flushThreshold = 64 * 1024

    /// Where flushed bytes go: a connection, or memory (``collect(_:)``).
    private let connection: (any Connection)?
    private let chunked: Bool
    private let writeTimeout: Duration?
    private var buffer: [UInt8] = []
    private var collected: [UInt8] = []
    /// Body bytes handed to ``write(_:)`` so far.
    package private(set) var count = 0

    init(connection: (any Connection)?, chunked: Bool, writeTimeout: Duration?) {
        self.connection = connection
        self.chunked = chunked
        self.writeTimeout = writeTimeout
    }

    /// The whole body `produce` writes, collected in memory (for tests that call a handler
    /// directly, without a connection).
    package static func collect(_ produce: (inout HTTPResponseBodyWriter) async throws -> Void) async throws -> [UInt8] {
        var writer = HTTPResponseBodyWriter(connection: nil, chunked: false, writeTimeout: nil)
        try await produce(&writer)
        try await writer.finish()
        return writer.collected
    }

    /// Appends `bytes` to the body; sends the buffer once it holds ``flushThreshold`` bytes.
    /// - Throws: `WireError(.connectionClosed)` or `.timedOut` when the peer went away or
    ///   stopped reading, `CancellationError`.
    package mutating func write(_ bytes: some Collection<UInt8>) async throws {
        count += bytes.count
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushThreshold { try await flush() }
    }

    /// Appends the UTF-8 bytes of `text`; see ``write(_:)``.
    package mutating func write(_ text: String) async throws {
        try await write(text.utf8)
    }

    /// Sends what is buffered now.
    package mutating func flush() async throws {
        guard !buffer.isEmpty else { return }
        guard let connection else {
            collected.append(contentsOf: buffer)
            return buffer.removeAll(keepingCapacity: true)
        }
        let deadline = writeTimeout.map { ContinuousClock.now + $0 }
        try await connection.write(chunked ? HTTPChunkedEncoder.chunk(buffer) : buffer, deadline: deadline)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Sends the rest and ends the body (with the last chunk in chunked coding).
    mutating func finish() async throws {
        guard chunked, let connection else { return try await flush() }
        var last = HTTPChunkedEncoder.chunk(buffer)
        last.append(contentsOf: HTTPChunkedEncoder.end())
        buffer = []
        try await connection.write(last, deadline: writeTimeout.map { ContinuousClock.now + $0 })
    }
}
