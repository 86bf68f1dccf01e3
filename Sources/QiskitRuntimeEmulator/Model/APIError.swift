/// A refusal of the service model, rendered by the router as an error response.
struct APIError: Error, Sendable, Hashable {
    var status: Int
    /// The `errors[0].code` of the runtime error body.
    var code: String
    var message: String
    /// Sent as `Retry-After` (a 429).
    var retryAfterSeconds: Int? = nil

    static func jobNotFound(_ id: String) -> APIError {
        APIError(status: 404, code: "not_found", message: "Job not found: \(id)")
    }

    static func programNotFound(_ id: String) -> APIError {
        APIError(status: 404, code: "not_found", message: "Program not found: \(id)")
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
