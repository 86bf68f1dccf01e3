/// When and how the SDK retries a request.
///
/// Only requests that are safe to repeat are retried: `GET`, `PUT` and `DELETE` after a 5xx in
/// ``retryableStatusCodes``, a 429, or a connection failure; any method when the transport reports
/// that no byte of the request was written. A submission (`POST /jobs`, and `POST /sessions`) is
/// also retried after a 429, which is a refusal the service sends before it processes anything;
/// it is therefore never sent twice once it may have been received. The two logins (the legacy
/// token login and the IBM Cloud IAM token exchange) are `POST`s that are safe to repeat, and are
/// retried like a `GET`. Delays grow exponentially with jitter, a `Retry-After` header is
/// honoured, and no retry starts if its delay would end after the caller's deadline.
///
/// The defaults follow the Python client: up to 6 attempts, 0.5 s doubling to at most 8 s.
public struct RetryPolicy: Sendable, Hashable {
    /// The most attempts for one request, the first included. `1` disables retries.
    public var maximumAttempts: Int
    /// The delay before the first retry.
    public var initialBackoff: Duration
    /// The longest delay between two attempts, `Retry-After` excepted.
    public var maximumBackoff: Duration
    /// The part of each delay that is random, from 0 (none) to 1 (anything from zero to the full delay).
    public var jitter: Double
    /// Status codes that are retried on idempotent methods (429 is always retried on them).
    public var retryableStatusCodes: Set<Int>
    /// The longest `Retry-After` that is honoured; a longer one ends the retries.
    public var maximumRetryAfter: Duration

    /// Creates a policy; every parameter has the Python client's default.
    public init(
        maximumAttempts: Int = 6,
        initialBackoff: Duration = .milliseconds(500),
        maximumBackoff: Duration = .seconds(8),
        jitter: Double = 0.2,
        retryableStatusCodes: Set<Int> = [500, 502, 503, 504, 520, 521, 522, 524],
        maximumRetryAfter: Duration = .seconds(120)
    ) {
        self.maximumAttempts = maximumAttempts
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.jitter = jitter
        self.retryableStatusCodes = retryableStatusCodes
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// A policy that never retries.
    public static let none = RetryPolicy(maximumAttempts: 1)

    /// What happened to one attempt, as far as retrying is concerned.
    enum Outcome: Sendable, Equatable {
        /// A response with this status and `Retry-After` header value, if any.
        case status(Int, retryAfter: String?)
        /// A connection failure; `mayHaveBeenSent` tells whether the server may have seen the request.
        case connectionFailure(mayHaveBeenSent: Bool)
    }

    /// When a request may be sent again.
    enum Repetition: Sendable, Equatable {
        /// Idempotent (or a login): after a retryable status, a 429, or any connection failure.
        case always
        /// A submission: after a 429 (a refusal before processing) or a connection failure before
        /// any byte of the request was written; never after the service may have received it.
        case whenRefused
        /// Only after a connection failure before any byte of the request was written.
        case whenUnsent

        /// The repetition of a method: ``always`` when it is idempotent, else ``whenUnsent``.
        init(method: String) {
            self = RetryPolicy.isIdempotent(method) ? .always : .whenUnsent
        }
    }

    /// Whether a method may be repeated after the server may have seen it.
    static func isIdempotent(_ method: String) -> Bool {
        ["GET", "PUT", "DELETE", "HEAD", "OPTIONS"].contains(method.uppercased())
    }

    /// The delay before attempt `attempt + 1`, or `nil` when the request must not be retried.
    /// - Parameters:
    ///   - attempt: how many attempts were made so far (1 after the first).
    ///   - method: the request method.
    ///   - outcome: what happened to the last attempt.
    ///   - random: a uniform random number in `0..<1` for the jitter.
    func delay(afterAttempt attempt: Int, method: String, outcome: Outcome, random: Double) -> Duration? {
        delay(afterAttempt: attempt, repeatable: Self.isIdempotent(method), outcome: outcome, random: random)
    }

    /// The delay before attempt `attempt + 1`, or `nil` when the request must not be retried.
    /// - Parameter repeatable: whether the request may be sent again after the server may have
    ///   seen it (an idempotent method, or a login).
    func delay(afterAttempt attempt: Int, repeatable: Bool, outcome: Outcome, random: Double) -> Duration? {
        delay(afterAttempt: attempt, repetition: repeatable ? .always : .whenUnsent, outcome: outcome, random: random)
    }

    /// The delay before attempt `attempt + 1`, or `nil` when the request must not be retried.
    /// - Parameter repetition: when the request may be sent again.
    func delay(afterAttempt attempt: Int, repetition: Repetition, outcome: Outcome, random: Double) -> Duration? {
        guard attempt >= 1, attempt < maximumAttempts else { return nil }
        var retryAfter: Duration?
        switch outcome {
        case .connectionFailure(let mayHaveBeenSent):
            guard !mayHaveBeenSent || repetition == .always else { return nil }
        case .status(let status, let header):
            switch repetition {
            case .always: guard status == 429 || retryableStatusCodes.contains(status) else { return nil }
            case .whenRefused: guard status == 429 else { return nil }
            case .whenUnsent: return nil
            }
            if let header {
                guard let seconds = Self.retryAfterSeconds(header) else { break }
                let value = Duration.seconds(seconds)
                guard value <= maximumRetryAfter else { return nil }
                retryAfter = value
            }
        }
        let backoff = backoff(afterAttempt: attempt, random: random)
        if let retryAfter { return max(retryAfter, .zero) }
        return backoff
    }

    /// Exponential backoff with jitter: `initialBackoff · 2^(attempt−1)`, capped, minus a random
    /// share of at most ``jitter``.
    func backoff(afterAttempt attempt: Int, random: Double) -> Duration {
        var delay = initialBackoff
        var step = 1
        while step < attempt, delay < maximumBackoff {
            delay = delay * 2
            step += 1
        }
        delay = min(delay, maximumBackoff)
        let share = min(max(jitter, 0), 1) * min(max(random, 0), 1)
        return delay * (1 - share)
    }

    /// The seconds of a `Retry-After` header in its delta-seconds form; an HTTP date is not
    /// honoured (the exponential backoff applies instead).
    static func retryAfterSeconds(_ header: String) -> Int? {
        let trimmed = header.filter { $0 != " " && $0 != "\t" }
        guard !trimmed.isEmpty, trimmed.utf8.count <= 9, trimmed.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            return nil
        }
        return Int(trimmed)
    }
}
