/// Turns a response that is not a success into a `RuntimeError`.
enum ResponseErrorMapping {
    /// The error for `response`: 401 → `.unauthorized`, 404 → `.notFound`, 409 → `.invalidState`
    /// when the call says so, anything else `.httpStatus`; with the status code, the service's
    /// message and code, and the redacted body. The service's numbered code, its trace and the
    /// `Retry-After` of a 429 or 503 are kept in their own fields.
    static func error(
        for response: RuntimeHTTPResponse, context: String, conflictMeansInvalidState: Bool, redactor: Redactor
    ) -> RuntimeError {
        let code: RuntimeError.Code
        switch response.status {
        case 401: code = .unauthorized
        case 404: code = .notFound
        case 409 where conflictMeansInvalidState: code = .invalidState
        default: code = .httpStatus
        }
        var message = "\(context): HTTP \(response.status)"
        let parsed = ServiceErrorBody.parse(response.body)
        if let parsed, parsed.hasSummary {
            message += ": " + parsed.summary
        }
        let text = String(decoding: response.body, as: UTF8.self)
        var error = RuntimeError(
            code, redactor.redact(message), statusCode: response.status,
            body: text.isEmpty ? nil : redactor.redact(text))
        error.serviceErrorCode = parsed?.numericCode
        error.serviceTrace = parsed?.trace.map(redactor.redact)
        error.retryAfter = retryAfter(of: response)
        return error
    }

    /// The `Retry-After` of a 429 or 503 in seconds (read as ``RetryPolicy`` reads it for its
    /// delays); `nil` for other statuses, without the header, or with an HTTP date.
    static func retryAfter(of response: RuntimeHTTPResponse) -> Duration? {
        guard response.status == 429 || response.status == 503, let header = response.header("Retry-After"),
              let seconds = RetryPolicy.retryAfterSeconds(header)
        else { return nil }
        return .seconds(seconds)
    }
}
