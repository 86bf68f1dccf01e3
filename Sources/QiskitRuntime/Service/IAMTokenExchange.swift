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
        /// Where ``lifetime`` was read from.
        enum LifetimeSource: Sendable, Equatable {
            /// `expires_in`, which the token's own claims confirm (or it has none).
            case expiresIn
            /// The token's `exp − iat`: `expires_in` was missing or disagreed.
            case tokenClaims
            /// `expiration` (epoch seconds) minus now: neither of the above.
            case expiration
            /// None of them: ``IAMTokenExchange/defaultLifetime``.
            case assumed
        }

        let accessToken: String
        let lifetime: Duration
        let lifetimeSource: LifetimeSource
        /// Whether the token is a JSON Web Token the SDK could read.
        let isJWT: Bool
    }

    /// How far `expires_in` may differ from the token's `exp − iat` and still count as agreeing
    /// (both are whole seconds, rounded by different clocks).
    static let lifetimeTolerance = Duration.seconds(2)

    /// The OAuth grant type of an IBM Cloud API key.
    static let grantType = "urn:ibm:params:oauth:grant-type:apikey"
    /// The lifetime assumed when the response states none (IAM's maximum).
    static let defaultLifetime = Duration.seconds(3600)

    /// The token request: form-encoded, with neither a bearer token nor a service CRN.
    static func request(apiKey: String, iamURL: BaseURL) -> RuntimeHTTPRequest {
        // The grant type is sent as IAM documents it (`:` needs no escaping in a form value); the
        // key is percent-escaped, so `+`, `&` and `=` in it survive form decoding.
        let body = "grant_type=" + grantType + "&apikey=" + PercentEncoding.escape(apiKey)
        return RuntimeHTTPRequest(
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

    /// Reads `access_token` and the lifetime: `expires_in` seconds when the token's own `exp`
    /// and `iat` claims (it is a JWT) agree with it or are missing; the claims' `exp − iat` when
    /// `expires_in` is missing or disagrees; else `expiration` (epoch seconds) minus now; else
    /// ``defaultLifetime``.
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
        let claims = JSONWebToken(token)
        let stated = number(json["expires_in"]).map(clamped)
        if let claimed = claims?.lifetime.map({ min($0, maximumLifetime) }) {
            if let stated, stated - claimed <= lifetimeTolerance, claimed - stated <= lifetimeTolerance {
                return Token(accessToken: token, lifetime: stated, lifetimeSource: .expiresIn, isJWT: true)
            }
            return Token(accessToken: token, lifetime: claimed, lifetimeSource: .tokenClaims, isJWT: true)
        }
        let isJWT = claims != nil
        if let stated {
            return Token(accessToken: token, lifetime: stated, lifetimeSource: .expiresIn, isJWT: isJWT)
        }
        if let expiration = number(json["expiration"]) {
            let remaining = expiration - Date().timeIntervalSince1970
            return Token(accessToken: token, lifetime: clamped(remaining), lifetimeSource: .expiration, isJWT: isJWT)
        }
        return Token(accessToken: token, lifetime: defaultLifetime, lifetimeSource: .assumed, isJWT: isJWT)
    }

    /// The error of a refused exchange, with IAM's `errorMessage`/`errorCode` (or the runtime and
    /// OAuth shapes), the redacted body and the `Retry-After` of a 429 or 503.
    static func error(for response: RuntimeHTTPResponse, redactor: Redactor) -> RuntimeError {
        var message = "IBM Cloud IAM token exchange failed: HTTP \(response.status)"
        if let detail = detail(response.body) { message += ": " + detail }
        let text = String(decoding: response.body, as: UTF8.self)
        let code: RuntimeError.Code = (400..<500).contains(response.status) && response.status != 429
            ? .unauthorized : .httpStatus
        var error = RuntimeError(
            code, redactor.redact(message), statusCode: response.status,
            body: text.isEmpty ? nil : redactor.redact(text))
        error.retryAfter = ResponseErrorMapping.retryAfter(of: response)
        return error
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

    /// The longest lifetime believed: one year (a wild value from the wire cannot trap).
    static let maximumLifetime = Duration.seconds(365 * 86_400)

    /// `seconds` as a duration between zero and ``maximumLifetime``.
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
