import RuntimeWire

/// The one error type of QiskitRuntime.
///
/// Every failure the SDK, its transports and its codecs report is a `RuntimeError`, except the
/// cancellation of the caller's own task, which surfaces as `CancellationError`. Match on
/// ``code`` to react to a kind of failure; ``message`` is for people.
///
/// ```swift
/// do {
///     let value = try await job.result(timeout: .seconds(30))
/// } catch let error as RuntimeError where error.code == .timedOut {
///     // the deadline passed; the remote job keeps running
/// }
/// ```
///
/// A `RuntimeError` never contains an access token or API key: every place that builds one from
/// request data redacts credentials first.
///
/// The lower layers of the package (its codecs and its I/O) throw an internal error of their own;
/// the SDK converts it into a `RuntimeError` with the same code, message, offset, status code,
/// body, service code, trace, `Retry-After` and ``underlyingError`` where it leaves those layers,
/// so a user only ever sees this type.
///
/// An error answer of the service also carries the service's numbered code, so that a caller can
/// react to a reason without matching text:
///
/// ```swift
/// do {
///     let job = try await service.run(program: "sampler", backend: "ibm_torino", inputs: inputs)
/// } catch let error as RuntimeError where error.serviceCode == .tooManyPendingJobs {
///     // wait for some of your jobs to finish (error.retryAfter, if the service said how long)
/// }
/// ```
public struct RuntimeError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is. New codes may be added in later releases, so a `switch`
    /// over codes should keep a `default` case.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        // The codes are RuntimeWire's, so that a lower layer's error converts one to one.
        private let base: WireError.Code
        private init(_ base: WireError.Code) { self.init(wireCode: base) }
        /// The lower layers' code this one wraps.
        package var wireCode: WireError.Code { base }
        /// The public code of a lower layer's code.
        package init(wireCode: WireError.Code) { self.base = wireCode }

        /// Text that is not valid JSON, or JSON nested deeper than the limit.
        public static let invalidJSON = Code(.invalidJSON)
        /// Text that is not strict, padded, standard-alphabet base64.
        public static let invalidBase64 = Code(.invalidBase64)
        /// Bytes that are not a valid numpy `.npy` file of a supported dtype.
        public static let invalidNPY = Code(.invalidNPY)
        /// A tagged RuntimeEncoder value (`__type__`/`__value__`) whose payload is malformed.
        public static let invalidValue = Code(.invalidValue)
        /// A ``RuntimeValue`` that does not match the `Decodable` type asked for.
        public static let decodingFailed = Code(.decodingFailed)
        /// A value that cannot be encoded, such as an `Encodable` input with no JSON form.
        public static let encodingFailed = Code(.encodingFailed)
        /// zlib failed to inflate or deflate, or the output exceeded its limit.
        public static let compressionFailed = Code(.compressionFailed)
        /// A system library loaded at run time (libz.so.1, libcurl.so.4) is missing or lacks a symbol.
        public static let libraryUnavailable = Code(.libraryUnavailable)
        /// A malformed HTTP/1.1 message head or body.
        public static let invalidHTTP = Code(.invalidHTTP)
        /// A malformed WebSocket frame.
        public static let invalidWebSocketFrame = Code(.invalidWebSocketFrame)
        /// A message, header section or body larger than the configured limit.
        public static let messageTooLarge = Code(.messageTooLarge)
        /// The ndarrays of one document would inflate to more than its decode budget (see
        /// `RuntimeConfiguration.DecodeBudget`); the message names the budget in bytes.
        public static let decodeBudgetExceeded = Code(.decodeBudgetExceeded)
        /// A URL that cannot be used: unsupported scheme, missing host, bad port.
        public static let invalidURL = Code(.invalidURL)
        /// A connection could not be established (DNS, refused, unreachable, proxy).
        public static let connectionFailed = Code(.connectionFailed)
        /// The peer closed or reset the connection.
        public static let connectionClosed = Code(.connectionClosed)
        /// TLS failed: an untrusted certificate, a handshake error, or a CA file that cannot be read.
        public static let tlsFailed = Code(.tlsFailed)
        /// The HTTP upgrade to WebSocket was refused or answered wrongly.
        public static let handshakeFailed = Code(.handshakeFailed)
        /// The peer broke the protocol (WebSocket close 1002, 1007 and the like).
        public static let protocolViolation = Code(.protocolViolation)
        /// The event loop, client or service was shut down.
        public static let shutDown = Code(.shutDown)
        /// A deadline passed before the operation finished.
        public static let timedOut = Code(.timedOut)
        /// The service answered with a status code that is not a success; see ``RuntimeError/statusCode``
        /// and ``RuntimeError/body``.
        public static let httpStatus = Code(.httpStatus)
        /// The credentials were refused (HTTP 401, or a failed login).
        public static let unauthorized = Code(.unauthorized)
        /// The job or program does not exist (HTTP 404).
        public static let notFound = Code(.notFound)
        /// The job is in a state that does not allow the operation, such as cancelling a finished job
        /// or asking for the result of a cancelled one.
        public static let invalidState = Code(.invalidState)
        /// The job failed or ran too long; the message follows the Qiskit templates.
        public static let jobFailed = Code(.jobFailed)
        /// The service reported a job status this SDK does not know.
        public static let unknownStatus = Code(.unknownStatus)
        /// No interim-result stream can be opened for the job.
        public static let streamUnavailable = Code(.streamUnavailable)
        /// The job's interim results are already being consumed by another live stream (they are unicast).
        public static let alreadyStreaming = Code(.alreadyStreaming)
        /// The interim-result stream could not be re-established within its retry budget.
        public static let reconnectsExhausted = Code(.reconnectsExhausted)
        /// A credential would have been sent over plain HTTP to a host that is not loopback.
        public static let insecureTransport = Code(.insecureTransport)
        /// The configuration is inconsistent or incomplete.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The service answered with a body this SDK cannot interpret.
        public static let invalidResponse = Code(.invalidResponse)
        /// An argument the caller passed is invalid before anything is sent: a primitive pub whose
        /// parameter values and observables do not broadcast, a Pauli label of the wrong width, a
        /// non-positive shot count, bit arrays that cannot be joined.
        public static let invalidArgument = Code(.invalidArgument)
        /// A circuit that cannot be used: OpenQASM text that does not parse, a circuit that cannot be
        /// translated for the backend (a two-qubit gate on uncoupled qubits, a bad layout). The
        /// circuit library's error is in ``RuntimeError/underlyingError``.
        public static let invalidCircuit = Code(.invalidCircuit)
        /// A circuit does not fit the backend's instruction set (a gate outside its basis, a qubit
        /// outside the device, a two-qubit gate on an uncoupled pair), found before submitting: the
        /// service would fail the job with reason code 1517. The circuit library's error, with the
        /// gate, qubits and line, is in ``RuntimeError/underlyingError``.
        public static let isaViolation = Code(.isaViolation)

        /// The code's name, such as `timedOut`.
        public var description: String { base.rawValue }
    }

    // Every field lives in the lower layers' error, so that converting one keeps them all.
    private var wire: WireError

    /// What kind of failure this is.
    public var code: Code {
        get { Code(wireCode: wire.code) }
        set { wire.code = newValue.wireCode }
    }
    /// A human-readable explanation. Never contains credentials.
    public var message: String {
        get { wire.message }
        set { wire.message = newValue }
    }
    /// For decoding failures: the byte offset in the input where the problem was found.
    public var offset: Int? {
        get { wire.offset }
        set { wire.offset = newValue }
    }
    /// For ``Code/httpStatus`` and related codes: the HTTP status code of the response.
    public var statusCode: Int? {
        get { wire.statusCode }
        set { wire.statusCode = newValue }
    }
    /// For service errors: the response body as text (the service's `{"errors":[…]}` or legacy
    /// `{"error":{…}}` document), with credentials redacted.
    public var body: String? {
        get { wire.body }
        set { wire.body = newValue }
    }
    /// The error this one wraps, when it reports a failure of another library: for
    /// ``Code/isaViolation`` and ``Code/invalidCircuit`` the circuit library's `CircuitError`
    /// (``circuitError`` reads it typed). An error converted from the package's lower layers keeps
    /// the error those layers wrapped, if any (it is nil when they reported the failure
    /// themselves: everything they knew is in the other fields). Not part of equality or hashing.
    public var underlyingError: (any Error & Sendable)? {
        get { wire.underlyingError }
        set { wire.underlyingError = newValue }
    }

    /// For an error answer of the service: its numbered error code, such as 4317 (usage limit
    /// reached), read from the body — the first `errors[].code` that is an integer or a string of
    /// digits, or the legacy API's `error.code` (which that API often sets to the HTTP status).
    /// `nil` when the error did not come from a response, or its body had no such code (the
    /// runtime API also sends words such as `"not_found"`). ``serviceCode`` is the same number
    /// as a ``ServiceErrorCode``, to compare with its named codes.
    public internal(set) var serviceErrorCode: Int? {
        get { wire.serviceErrorCode }
        set { wire.serviceErrorCode = newValue }
    }
    /// ``serviceErrorCode`` as a ``ServiceErrorCode``:
    /// `error.serviceCode == .usageLimitReached`.
    public var serviceCode: ServiceErrorCode? {
        serviceErrorCode.map(ServiceErrorCode.init(rawValue:))
    }
    /// For an error answer of the service: the body's `trace`, the identifier IBM support asks
    /// for, if the body had one that is a string (credentials redacted).
    public internal(set) var serviceTrace: String? {
        get { wire.serviceTrace }
        set { wire.serviceTrace = newValue }
    }
    /// For an answer with status 429 (too many requests) or 503 (unavailable): how long the
    /// service asked the client to wait, from its `Retry-After` header in seconds; `nil` when it
    /// sent none, or a date instead of seconds. The SDK has already honoured it for the requests it
    /// retries (see ``RetryPolicy``), so an error you catch carries the last answer's value.
    public internal(set) var retryAfter: Duration? {
        get { wire.retryAfter }
        set { wire.retryAfter = newValue }
    }

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: a human-readable explanation; it must not contain credentials.
    ///   - offset: for decoding failures, the byte offset of the problem.
    ///   - statusCode: for HTTP failures, the response's status code.
    ///   - body: for HTTP failures, the response body as text.
    ///   - underlyingError: the error of another library this one reports, if any.
    public init(
        _ code: Code, _ message: String, offset: Int? = nil, statusCode: Int? = nil, body: String? = nil,
        underlyingError: (any Error & Sendable)? = nil
    ) {
        wire = WireError(
            code.wireCode, message, offset: offset, statusCode: statusCode, body: body, underlyingError: underlyingError)
    }

    /// The public form of a lower layer's error: every field kept.
    package init(_ error: WireError) {
        wire = error
    }

    /// `error` as the SDK reports it: a lower layer's error becomes a `RuntimeError`; any other
    /// error (`CancellationError`, ``HTTPTransportFailure``, a `RuntimeError`) is returned as is.
    package static func converting(_ error: any Error) -> any Error {
        if let wire = error as? WireError { return RuntimeError(wire) }
        return error
    }

    /// Errors are equal when their code, message, offset, status code and body are
    /// (``underlyingError``, ``serviceErrorCode``, ``serviceTrace`` and ``retryAfter`` are not
    /// compared: the service's code and trace are read from the body, which is).
    public static func == (lhs: RuntimeError, rhs: RuntimeError) -> Bool {
        lhs.wire == rhs.wire
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(wire)
    }

    /// `RuntimeError(code): message`, with the offset or status code when there is one.
    public var description: String { wire.description }

    /// The description followed by the response body, if any.
    public var debugDescription: String { wire.debugDescription }
}
