/// A refusal of the service model, rendered by the request pipeline as an error response.
struct APIError: Error, Sendable, Hashable {
    var status: Int
    /// The `errors[0].code` of the runtime error body.
    var code: String
    /// The service's numbered error code (PLATFORM.md §3: 1352, 4317 …): when set,
    /// `errors[0].code` is this integer instead of ``code``.
    var numericCode: Int? = nil
    var message: String
    /// Sent as `Retry-After` (a 429).
    var retryAfterSeconds: Int? = nil

    static func jobNotFound(_ id: String) -> APIError {
        APIError(status: 404, code: "not_found", message: "Job not found: \(id)")
    }

    static func programNotFound(_ id: String) -> APIError {
        APIError(status: 404, code: "not_found", message: "Program not found: \(id)")
    }

    static func sessionNotFound(_ id: String) -> APIError {
        APIError(status: 404, code: "not_found", message: "Session not found: \(id)")
    }

    /// A job or session for a backend the instance does not have (error code 1007).
    static func backendNotFound(_ name: String) -> APIError {
        APIError(status: 400, code: "1007", numericCode: 1007, message: "Backend not found: \(name)")
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(status: 400, code: "bad_request", message: message)
    }

    /// A job whose inputs exceed one of the emulator's limits (``EmulatorLimits``).
    static func limitExceeded(_ message: String) -> APIError {
        APIError(status: 400, code: "bad_request", message: message)
    }

    static func conflict(_ message: String) -> APIError {
        APIError(status: 409, code: "conflict", message: message)
    }
}
