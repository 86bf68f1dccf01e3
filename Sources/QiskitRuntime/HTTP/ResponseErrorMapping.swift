/// Turns a response that is not a success into a `RuntimeError`.
enum ResponseErrorMapping {
    /// The error for `response`: 401 → `.unauthorized`, 404 → `.notFound`, 409 → `.invalidState`
    /// when the call says so, anything else `.httpStatus`; with the status code, the service's
    /// message and code, and the redacted body.
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
        if let parsed = ServiceErrorBody(response.body) {
            message += ": " + parsed.summary
        }
        let text = String(decoding: response.body, as: UTF8.self)
        return RuntimeError(
            code, redactor.redact(message), statusCode: response.status,
            body: text.isEmpty ? nil : redactor.redact(text))
    }
}
