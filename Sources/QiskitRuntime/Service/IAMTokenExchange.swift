import RuntimeWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The IBM Cloud IAM API-key grant (PROTOCOL §1.6): `POST {iam}/identity/token` with a form
/// body, answered by a bearer token and its lifetime.
enum IAMTokenExchange {
    /// A token and how long it stays valid from the moment it was requested.
    struct Token: Sendable {
        let accessToken: String
        let lifetime: Duration
    }

    /// The OAuth grant type of an IBM Cloud API key.
    static let grantType = "urn:ibm:params:oauth:grant-type:apikey"
    /// The lifetime assumed when the response states none (IAM's maximum).
    static let defaultLifetime = Duration.seconds(3600)

    /// The token request: form-encoded, with neither a bearer token nor a service CRN.
    static func request(apiKey: String, iamURL: BaseURL) -> HTTPRequest {
        // The grant type is sent as IAM documents it (`:` needs no escaping in a form value); the
        // key is percent-escaped, so `+`, `&` and `=` in it survive form decoding.
        let body = "grant_type=" + grantType + "&apikey=" + PercentEncoding.escape(apiKey)
        return HTTPRequest(
            method: "POST", url: iamURL.appending(path: "/identity/token"),
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: Array(body.utf8))
    }

    /// Exchanges `apiKey` for a token. A refusal (4xx) is `.unauthorized` with IAM's error text,
    /// any other failure `.httpStatus`; the API key never appears in the error. The exchange only
    /// mints a token, so it is retried like a `GET` (5xx, 429, connection failures).
    static func exchange(
        apiKey: String, iamURL: BaseURL, executor: RequestExecutor, deadline: ContinuousClock.Instant
    ) async throws -> Token {
        let response = try await executor.send(request(apiKey: apiKey, iamURL: iamURL), repeatable: true, deadline: deadline)
        let redactor = Redactor(secrets: [apiKey])
        guard (200..<300).contains(response.status) else {
            throw error(for: response, redactor: redactor)
        }
        return try parse(response.body, redactor: redactor)
    }

    /// Reads `access_token` and the lifetime: `expires_in` seconds, else `expiration` (epoch
    /// seconds) minus now, else ``defaultLifetime``.
    static func parse(_ body: [UInt8], redactor: Redactor) throws -> Token {
        let json: JSONValue
        do {
            json = try WireJSON.parse(body, context: "IBM Cloud IAM token")
        } catch let error as RuntimeError {
            throw RuntimeError(error.code, redactor.redact(error.message), offset: error.offset)
        }
        guard let token = json["access_token"]?.stringValue, !token.isEmpty else {
            throw RuntimeError(.invalidResponse, "IBM Cloud IAM token: the response has no access_token")
        }
        if let seconds = number(json["expires_in"]) {
            return Token(accessToken: token, lifetime: clamped(seconds))
        }
        if let expiration = number(json["expiration"]) {
            let remaining = expiration - Date().timeIntervalSince1970
            return Token(accessToken: token, lifetime: clamped(remaining))
        }
        return Token(accessToken: token, lifetime: defaultLifetime)
    }

    /// The error of a refused exchange, with IAM's `errorMessage`/`errorCode` (or the runtime and
    /// OAuth shapes) and the redacted body.
    static func error(for response: HTTPResponse, redactor: Redactor) -> RuntimeError {
        var message = "IBM Cloud IAM token exchange failed: HTTP \(response.status)"
        if let detail = detail(response.body) { message += ": " + detail }
        let text = String(decoding: response.body, as: UTF8.self)
        let code: RuntimeError.Code = (400..<500).contains(response.status) && response.status != 429
            ? .unauthorized : .httpStatus
        return RuntimeError(
            code, redactor.redact(message), statusCode: response.status,
            body: text.isEmpty ? nil : redactor.redact(text))
    }

    private static func detail(_ body: [UInt8]) -> String? {
        guard !body.isEmpty, let json = try? WireJSON.parse(body, context: "IAM error") else { return nil }
        if let message = json["errorMessage"]?.stringValue {
            if let code = json["errorCode"]?.stringValue { return "\(message) (code \(code))" }
            return message
        }
        if let description = json["error_description"]?.stringValue { return description }
        return ServiceErrorBody(body)?.summary
    }

    /// `seconds` as a duration between zero and one year (a wild value from the wire cannot trap).
    private static func clamped(_ seconds: Double) -> Duration {
        .seconds(min(max(seconds, 0), 365 * 86_400))
    }

    private static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .integer(let i)?: return Double(i)
        case .double(let d)? where d.isFinite: return d
        default: return nil
        }
    }
}
