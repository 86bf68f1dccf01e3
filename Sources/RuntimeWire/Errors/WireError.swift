/// The error the lower layers (RuntimeWire, QuantumCircuits' users, RuntimeIO) throw.
///
/// It is internal to the package: the SDK converts it at its boundary into its public
/// `RuntimeError` (which stores one), and the emulator turns it into the service's error bodies.
/// A `WireError` never contains an access token or API key: every place that builds one from
/// request data redacts credentials first.
package struct WireError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is. The SDK's public `RuntimeError.Code` wraps one of these, so
    /// the list names the codes of every layer; the SDK's own codes are thrown only by the SDK.
    package enum Code: String, Sendable, Hashable, CustomStringConvertible {
        // Codecs (RuntimeWire)
        case invalidJSON
        case invalidBase64
        case invalidNPY
        case invalidValue
        case decodingFailed
        case encodingFailed
        case compressionFailed
        case libraryUnavailable
        case invalidHTTP
        case invalidWebSocketFrame
        case messageTooLarge
        case decodeBudgetExceeded
        // Transport (RuntimeIO)
        case invalidURL
        case connectionFailed
        case connectionClosed
        case tlsFailed
        case handshakeFailed
        case protocolViolation
        case shutDown
        case timedOut
        // Service (QiskitRuntime)
        case httpStatus
        case unauthorized
        case notFound
        case invalidState
        case jobFailed
        case unknownStatus
        case streamUnavailable
        case alreadyStreaming
        case reconnectsExhausted
        case insecureTransport
        case invalidConfiguration
        case invalidResponse
        case invalidArgument
        case invalidCircuit
        case isaViolation

        /// The code's name, such as `timedOut`.
        package var description: String { rawValue }
    }

    package var code: Code
    /// Never contains credentials.
    package var message: String
    /// For decoding failures: the byte offset in the input where the problem was found.
    package var offset: Int?
    /// For HTTP failures: the response's status code.
    package var statusCode: Int?
    /// For HTTP failures: the response body as text, with credentials redacted.
    package var body: String?
    /// The error of another library this one reports. Not part of equality or hashing.
    package var underlyingError: (any Error & Sendable)?
    /// For a failed HTTP request (RuntimeIO's `HTTPClient`): whether any byte of the request was
    /// written before the failure; false only when none was, so that even a `POST` can be retried.
    /// Nil for other errors. Not part of equality or hashing.
    package var requestMayHaveBeenSent: Bool?
    /// For HTTP failures: the service's numbered error code read from the body (the first
    /// `errors[].code`, or the legacy `error.code`, that is an integer or an integer string).
    /// Not part of equality or hashing.
    package var serviceErrorCode: Int?
    /// For HTTP failures: the body's `trace`, if it is a string (credentials redacted). Not part
    /// of equality or hashing.
    package var serviceTrace: String?
    /// For HTTP 429 and 503: the response's `Retry-After` in seconds, if it had one. Not part of
    /// equality or hashing.
    package var retryAfter: Duration?

    package init(
        _ code: Code, _ message: String, offset: Int? = nil, statusCode: Int? = nil, body: String? = nil,
        underlyingError: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.offset = offset
        self.statusCode = statusCode
        self.body = body
        self.underlyingError = underlyingError
    }

    /// This error, saying whether the HTTP request that failed may have reached the server.
    package func request(mayHaveBeenSent: Bool) -> WireError {
        var copy = self
        copy.requestMayHaveBeenSent = mayHaveBeenSent
        return copy
    }

    /// Equal when code, message, offset, status code and body are (``underlyingError``,
    /// ``requestMayHaveBeenSent``, ``serviceErrorCode``, ``serviceTrace`` and ``retryAfter`` are
    /// not compared; the service's code and trace are read from the body, which is).
    package static func == (lhs: WireError, rhs: WireError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.offset == rhs.offset && lhs.statusCode == rhs.statusCode
            && lhs.body == rhs.body
    }

    /// Hashes what ``==`` compares.
    package func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
        hasher.combine(offset)
        hasher.combine(statusCode)
        hasher.combine(body)
    }

    /// `RuntimeError(code): message`, with the offset or status code when there is one. It names
    /// the SDK's public type because lower-layer errors reach users as one (and their text may be
    /// quoted in messages and the emulator's error bodies).
    package var description: String {
        var text = "RuntimeError(\(code)): \(message)"
        if let offset { text += " (at byte \(offset))" }
        if let statusCode { text += " (HTTP \(statusCode))" }
        return text
    }

    /// The description followed by the response body, if any.
    package var debugDescription: String {
        guard let body, !body.isEmpty else { return description }
        return description + "; body: " + body
    }
}
