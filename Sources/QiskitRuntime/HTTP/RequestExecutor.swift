/// Sends one request through the transport, retrying it as the ``RetryPolicy`` allows, inside
/// the caller's deadline. Returns the last response whatever its status; throws the last
/// connection failure as a `RuntimeError`, `CancellationError` or `.timedOut`.
struct RequestExecutor: Sendable {
    let transport: any HTTPTransport
    let policy: RetryPolicy
    let clock: any RuntimeClock
    let random: @Sendable () -> Double
    let logger: Logger

    /// - Parameter repeatable: whether the request may be repeated once the server may have seen
    ///   it; `nil` decides by its method (``RetryPolicy/isIdempotent(_:)``).
    func send(_ request: RuntimeHTTPRequest, repeatable: Bool? = nil, deadline: ContinuousClock.Instant) async throws -> RuntimeHTTPResponse {
        let repetition: RetryPolicy.Repetition = repeatable.map { $0 ? .always : .whenUnsent }
            ?? RetryPolicy.Repetition(method: request.method)
        return try await send(request, repetition: repetition, deadline: deadline)
    }

    /// - Parameter repetition: when the request may be sent again (see ``RetryPolicy/Repetition``).
    func send(
        _ request: RuntimeHTTPRequest, repetition: RetryPolicy.Repetition, deadline: ContinuousClock.Instant
    ) async throws -> RuntimeHTTPResponse {
        var attempt = 0
        while true {
            try Task.checkCancellation()
            guard clock.now < deadline else {
                throw RuntimeError(.timedOut, "\(request.method) \(request.url): the deadline passed")
            }
            attempt += 1
            let outcome: RetryPolicy.Outcome
            let failure: Result<RuntimeHTTPResponse, RuntimeError>
            do {
                let response = try await transport.send(request, deadline: deadline)
                logger.log(.debug, "\(request.method) \(request.url) -> \(response.status)")
                if (200..<300).contains(response.status) { return response }
                outcome = .status(response.status, retryAfter: response.header("Retry-After"))
                failure = .success(response)
            } catch let error as HTTPTransportFailure {
                outcome = .connectionFailure(mayHaveBeenSent: error.requestMayHaveBeenSent)
                failure = .failure(error.error)
            } catch let error as RuntimeError where error.code == .connectionFailed || error.code == .connectionClosed {
                outcome = .connectionFailure(mayHaveBeenSent: true)
                failure = .failure(error)
            }
            guard let delay = policy.delay(afterAttempt: attempt, repetition: repetition, outcome: outcome,
                                           random: random())
            else { return try failure.get() }
            let wake = clock.now + delay
            guard wake < deadline else { return try failure.get() }
            logger.log(.warning, "\(request.method) \(request.url): \(Self.describe(outcome)); retry \(attempt) in \(delay)")
            try await clock.sleep(until: wake)
        }
    }

    private static func describe(_ outcome: RetryPolicy.Outcome) -> String {
        switch outcome {
        case .status(let status, _): return "HTTP \(status)"
        case .connectionFailure: return "connection failed"
        }
    }
}
