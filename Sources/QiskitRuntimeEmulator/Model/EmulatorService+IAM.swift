import RuntimeIO

/// The IBM Cloud side of the model (PROTOCOL.md §1.6): IAM bearer tokens for the v1 API, and
/// what tests observe of it.
extension EmulatorService {
    /// How many requests reached `POST /identity/token`, refused ones included.
    public var iamTokenRequestCount: Int {
        state.withLock { $0.iamTokenRequests }
    }

    /// How many v1 requests (`/api/v1/…`) were refused with 401 for a missing, unknown, revoked
    /// or expired bearer token.
    public var v1UnauthorizedCount: Int {
        state.withLock { $0.v1Unauthorized }
    }

    /// The last request received under `/api/v1`, headers included, for tests that check what a
    /// client sends on the wire.
    public var lastV1Request: RecordedRequest? {
        state.withLock { $0.lastV1Request }
    }

    /// The last request received on `/identity/token`, headers included.
    public var lastIAMRequest: RecordedRequest? {
        state.withLock { $0.lastIAMRequest }
    }

    /// Revokes every IAM token issued so far: the v1 API refuses them with 401 from now on, as it
    /// refuses expired ones. New tokens can be obtained from `POST /identity/token`.
    public func revokeIAMTokens() {
        state.withLock { $0.bearerTokens.removeAll() }
    }

    /// Whether `token` was issued by `POST /identity/token`, is not revoked and has not expired
    /// on the configuration's clock.
    public func isValidBearerToken(_ token: String?) -> Bool {
        guard let token, !token.isEmpty else { return false }
        let now = self.now
        return state.withLock { state in
            guard let expiresAt = state.bearerTokens[token] else { return false }
            return now < expiresAt
        }
    }

    /// Whether `key` is the configured API key (``EmulatorConfiguration/iamAPIKey``), compared in
    /// time that does not depend on where they differ.
    func isIAMAPIKey(_ key: String) -> Bool {
        let expected = Array(configuration.iamAPIKey.utf8)
        let given = Array(key.utf8)
        guard expected.count == given.count, !expected.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }

    /// Counts a request to the token endpoint and remembers it as ``lastIAMRequest``.
    func recordIAMRequest(_ request: HTTPServerRequest) {
        let record = RecordedRequest(method: request.method, target: request.target, headers: request.headers.fields)
        state.withLock { state in
            state.iamTokenRequests += 1
            state.lastIAMRequest = record
        }
    }

    /// Issues a token (a JWT, ``IAMAccessTokenFormat``) for the configured API key, or `nil` for
    /// any other key. Expired tokens
    /// are forgotten here, so the table stays as small as the number of live tokens.
    func issueIAMToken(apiKey: String) -> IAMToken? {
        guard isIAMAPIKey(apiKey) else { return nil }
        let now = self.now
        let lifetime = max(0, EmulatorClock.microseconds(configuration.iamTokenLifetime))
        let (sum, overflow) = now.addingReportingOverflow(lifetime)
        let expiresAt = overflow ? Int64.max : sum
        return state.withLock { state in
            state.bearerTokens = state.bearerTokens.filter { $0.value > now }
            var token = IAMAccessTokenFormat.token(issuedAt: now, expiresAt: expiresAt, entropy: state.secret(hexDigits: 48))
            while state.bearerTokens[token] != nil {
                token = IAMAccessTokenFormat.token(issuedAt: now, expiresAt: expiresAt, entropy: state.secret(hexDigits: 48))
            }
            state.bearerTokens[token] = expiresAt
            return IAMToken(
                accessToken: token, refreshToken: "not_supported", lifetime: lifetime, expiresAt: expiresAt)
        }
    }

    /// Remembers a v1 request as ``lastV1Request``.
    func recordV1Request(_ request: HTTPServerRequest) {
        let record = RecordedRequest(method: request.method, target: request.target, headers: request.headers.fields)
        state.withLock { $0.lastV1Request = record }
    }

    /// Counts a v1 request refused with 401.
    func recordV1Unauthorized() {
        state.withLock { $0.v1Unauthorized += 1 }
    }
}
