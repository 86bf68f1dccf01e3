/// A fault the emulator injects into HTTP responses, for testing clients' error handling.
///
/// Faults are deterministic: ``Trigger/next(_:)`` hits the next N matching requests,
/// ``Trigger/everyNth(_:)`` hits every N-th matching request (the 1st hit is request N), a
/// reproducible rate of 1/N, and ``Trigger/random(probability:seed:)`` hits each matching
/// request with a probability drawn from a generator seeded with `seed` (the same sequence of
/// requests gives the same hits). A fault is checked after the request is routed and before the
/// access token is checked. When several faults match, the first in the list wins and only it
/// consumes the request.
///
/// ```swift
/// var faults = Faults()
/// faults.http = [
///     HTTPFault(endpoint: .jobResults, effect: .status(503), trigger: .next(2)),
///     HTTPFault(endpoint: .getJob, effect: .rateLimited(retryAfterSeconds: 1), trigger: .everyNth(3)),
///     HTTPFault(endpoint: .submitJob, effect: .serviceError(status: 400, code: 3458, message: "Too many pending jobs."),
///               trigger: .next(1)),
/// ]
/// ```
public struct HTTPFault: Sendable, Hashable {
    /// What the fault does to the response.
    public enum Effect: Sendable, Hashable {
        /// Answer with this status (normally 5xx) and a `{"errors":[…],"trace"}` body.
        case status(Int)
        /// Answer 429 with `Retry-After: seconds` and a `{"errors":[…]}` body.
        case rateLimited(retryAfterSeconds: Int)
        /// Answer normally after waiting this long (real time, also with a manual clock: it
        /// models the network, not the job).
        case delay(Duration)
        /// Answer with the normal status but a body cut in the middle (invalid JSON).
        case malformedBody
        /// Answer with `status` (400–599; anything else becomes 500) and a service error whose
        /// numbered code is `code` and whose message is `message`, in the error body of the API
        /// the request went to: `{"errors":[{"code": code, "message", "more_info"}], "trace"}`
        /// under `/runtime` and `/api/v1`, `{"error":{"name", "message", "code": code,
        /// "statusCode"}}` under the legacy `/api`. With `retryAfterSeconds`, also a
        /// `Retry-After` header. For example a usage limit:
        /// `.serviceError(status: 429, code: 4317, message: "Usage limit reached.", retryAfterSeconds: 3600)`.
        case serviceError(status: Int, code: Int, message: String, retryAfterSeconds: Int? = nil)
    }

    /// Which matching requests are hit.
    public enum Trigger: Sendable, Hashable {
        /// The next `count` matching requests.
        case next(Int)
        /// Every `n`-th matching request (n ≥ 1), forever.
        case everyNth(Int)
        /// Each matching request with this probability (0…1), from a generator seeded with `seed`.
        case random(probability: Double, seed: UInt64)
    }

    /// The endpoint aimed at, or `nil` for every endpoint.
    public var endpoint: EmulatorEndpoint?
    /// What happens.
    public var effect: Effect
    /// When it happens.
    public var trigger: Trigger

    /// Creates a fault.
    public init(endpoint: EmulatorEndpoint?, effect: Effect, trigger: Trigger) {
        self.endpoint = endpoint
        self.effect = effect
        self.trigger = trigger
    }
}
