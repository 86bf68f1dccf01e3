import RuntimeWire

/// Owns the access token: performs the legacy login flow (PROTOCOL §1.1, §1.5) or the IBM Cloud
/// IAM token exchange (§1.6), shares one login among concurrent callers, renews an IAM token
/// before it expires, and renews the token once after a 401.
///
/// This is the login of the SDK, not a Qiskit Runtime session of jobs (``RuntimeSession``).
actor LoginSession {
    /// The share of an IAM token's lifetime after which it is renewed.
    static let renewalShare = 0.8

    private let account: RuntimeConfiguration.Account
    private let executor: RequestExecutor
    private let clientApplication: String
    private let allowInsecureTransport: Bool
    private let allowsAPIKeyAuthorization: Bool
    private let logger: Logger
    private let clock: any RuntimeClock

    private var current: LoginCredentials?
    private var generation = 0
    private var login: Task<LoginCredentials, any Error>?
    /// How many callers wait for a login another caller started (for tests).
    private(set) var joiners = 0

    init(configuration: RuntimeConfiguration, executor: RequestExecutor, logger: Logger) {
        self.account = configuration.account
        self.executor = executor
        self.clientApplication = configuration.clientApplication
        self.allowInsecureTransport = configuration.allowInsecureTransport
        self.allowsAPIKeyAuthorization = configuration.allowsAPIKeyAuthorization
        self.logger = logger
        self.clock = configuration.clock
    }

    /// Whether a 401 can be cured by logging in again.
    nonisolated var canRenew: Bool {
        switch account {
        case .legacyToken, .ibmCloud: return true
        case .accessToken: return false
        }
    }

    /// The current credentials, logging in first if there are none, and renewing them first when
    /// their renewal time has come. Concurrent callers share one renewal; if it fails while the
    /// old token has not expired yet, the old token is used (and the next call tries again).
    func credentials(deadline: ContinuousClock.Instant) async throws -> LoginCredentials {
        guard let current else { return try await sharedLogin(deadline: deadline) }
        guard let renewAt = current.renewAt, clock.now >= renewAt else { return current }
        do {
            if login == nil { logger.log(.info, "the access token is due for renewal; renewing it") }
            return try await sharedLogin(deadline: deadline)
        } catch let error as RuntimeError {
            guard let expiresAt = current.expiresAt, clock.now < expiresAt, !Task.isCancelled else { throw error }
            logger.log(.warning, "renewing the access token failed (\(error.message)); using the current one until it expires")
            return current
        }
    }

    /// New credentials after `stale` was refused with a 401, or `nil` when the account cannot log in
    /// again. Concurrent callers holding the same stale credentials share one login.
    func renew(after stale: LoginCredentials, deadline: ContinuousClock.Instant) async throws -> LoginCredentials? {
        guard canRenew else { return nil }
        if let current, current.generation != stale.generation { return current }
        current = nil
        logger.log(.warning, "the access token was refused (HTTP 401); logging in again")
        return try await sharedLogin(deadline: deadline)
    }

    /// Forgets the access token (after a logout).
    func clear() {
        current = nil
    }

    /// Logs in once for every concurrent caller. The first caller owns the login: if its task is
    /// cancelled the login is cancelled, and a joiner whose own task is not cancelled starts a
    /// new one instead of failing with someone else's `CancellationError`.
    private func sharedLogin(deadline: ContinuousClock.Instant) async throws -> LoginCredentials {
        while true {
            if let shared = login {
                joiners += 1
                defer { joiners -= 1 }
                do {
                    return try await shared.value
                } catch is CancellationError where !Task.isCancelled {
                    // The owner was cancelled; forget its login (unless it is gone already) and
                    // start one of our own.
                    if login == shared { login = nil }
                    continue
                }
            }
            generation += 1
            let number = generation
            let task = Task { [account, executor, clientApplication, allowInsecureTransport, allowsAPIKeyAuthorization, logger, clock] in
                try await Self.performLogin(
                    account: account, executor: executor, clientApplication: clientApplication,
                    allowInsecureTransport: allowInsecureTransport, allowsAPIKeyAuthorization: allowsAPIKeyAuthorization,
                    logger: logger, clock: clock, generation: number, deadline: deadline)
            }
            login = task
            defer { if login == task { login = nil } }
            let credentials = try await withTaskCancellationHandler {
                try await task.value
            } onCancel: {
                task.cancel()
            }
            current = credentials
            return credentials
        }
    }

    /// How long the API key is sent itself, after a failed IAM exchange, before the exchange is
    /// tried again (with ``RuntimeConfiguration/allowsAPIKeyAuthorization``).
    static let apiKeyFallbackPeriod = Duration.seconds(60)

    private static func performLogin(
        account: RuntimeConfiguration.Account, executor: RequestExecutor, clientApplication: String,
        allowInsecureTransport: Bool, allowsAPIKeyAuthorization: Bool, logger: Logger, clock: any RuntimeClock,
        generation: Int, deadline: ContinuousClock.Instant
    ) async throws -> LoginCredentials {
        switch account {
        case .ibmCloud(let apiKey, let crnText, let iamURLText, let serviceURLText):
            let crn = try InstanceCRN(crnText)
            let serviceURL = try BaseURL(try serviceURLText ?? crn.serviceURL())
            let iamURL = try BaseURL(iamURLText)
            try Self.checkSecure(iamURL, allowInsecureTransport)
            try Self.checkSecure(serviceURL, allowInsecureTransport)
            let start = clock.now
            let token: IAMTokenExchange.Token
            do {
                token = try await IAMTokenExchange.exchange(
                    apiKey: apiKey, iamURL: iamURL, executor: executor, deadline: deadline)
            } catch let error as RuntimeError where allowsAPIKeyAuthorization && Self.allowsFallback(after: error) {
                logger.log(
                    .warning,
                    "the IAM token exchange failed (\(error.message)); sending the API key itself "
                        + "(allowsAPIKeyAuthorization) and trying IAM again in \(apiKeyFallbackPeriod)")
                return LoginCredentials(
                    accessToken: Credential(apiKey), runtimeURL: serviceURL, apiURL: nil, generation: generation,
                    scheme: .apiKey(serviceCRN: crn.text), renewAt: start + apiKeyFallbackPeriod, expiresAt: nil)
            }
            logger.learned.add(token.accessToken)
            switch token.lifetimeSource {
            case .tokenClaims:
                logger.log(.info, "the IAM token's own exp and iat claims give its lifetime, \(token.lifetime)")
            case .expiresIn, .expiration, .assumed:
                break
            }
            logger.log(.info, "obtained an IBM Cloud IAM token valid for \(token.lifetime); service at \(serviceURL)")
            return LoginCredentials(
                accessToken: Credential(token.accessToken), runtimeURL: serviceURL, apiURL: nil,
                generation: generation, scheme: .bearer(serviceCRN: crn.text),
                renewAt: start + token.lifetime * Self.renewalShare, expiresAt: start + token.lifetime)
        case .accessToken(let token, let runtimeURL):
            return LoginCredentials(
                accessToken: Credential(token), runtimeURL: try BaseURL(runtimeURL), apiURL: nil,
                generation: generation)
        case .legacyToken(let apiToken, let authURLText):
            let redactor = Redactor(secrets: [apiToken])
            let authURL = try BaseURL(authURLText)
            try Self.checkSecure(authURL, allowInsecureTransport)
            let loginBody = WireJSON.body([JSONMember("apiToken", .string(apiToken))])
            let loginResponse = try await executor.send(
                RuntimeHTTPRequest(
                    method: "POST", url: authURL.appending(path: "/users/loginWithToken"),
                    headers: [("X-Qx-Client-Application", clientApplication), ("Content-Type", "application/json")],
                    body: loginBody),
                repeatable: true,  // a login only mints a token: safe to repeat
                deadline: deadline)
            guard (200..<300).contains(loginResponse.status) else {
                var error = ResponseErrorMapping.error(
                    for: loginResponse, context: "Login failed", conflictMeansInvalidState: false, redactor: redactor)
                if loginResponse.status == 401 || loginResponse.status == 403 { error.code = .unauthorized }
                throw error
            }
            let login = try WireJSON.parse(loginResponse.body, context: "Login")
            guard let accessToken = login["id"]?.stringValue, !accessToken.isEmpty else {
                throw RuntimeError(.invalidResponse, "Login: the response has no access token (field id)")
            }
            logger.learned.add(accessToken)
            let redactAll = Redactor(secrets: [apiToken, accessToken])
            let meResponse = try await executor.send(
                RuntimeHTTPRequest(
                    method: "GET", url: authURL.appending(path: "/users/me"),
                    headers: [("X-Access-Token", accessToken), ("X-Qx-Client-Application", clientApplication)]),
                deadline: deadline)
            guard (200..<300).contains(meResponse.status) else {
                throw ResponseErrorMapping.error(
                    for: meResponse, context: "Failed to read the user's service URLs", conflictMeansInvalidState: false,
                    redactor: redactAll)
            }
            let me = try WireJSON.parse(meResponse.body, context: "users/me")
            guard let runtimeText = me["urls"]?["services"]?["runtime"]?.stringValue else {
                throw RuntimeError(.unauthorized, "You are not authorized to use the runtime service.")
            }
            let runtimeURL = try BaseURL(runtimeText)
            let apiURL = try me["urls"]?["http"]?.stringValue.map { try BaseURL($0) }
            logger.log(.info, "logged in; runtime service at \(runtimeURL)")
            return LoginCredentials(
                accessToken: Credential(accessToken), runtimeURL: runtimeURL, apiURL: apiURL, generation: generation)
        }
    }

    /// Whether a failed IAM exchange may fall back to sending the API key: not when IAM refused
    /// the key (`.unauthorized`), the deadline passed or the service was shut down.
    static func allowsFallback(after error: RuntimeError) -> Bool {
        error.code != .unauthorized && error.code != .timedOut && error.code != .shutDown
    }

    /// Throws `.insecureTransport` when a credential would go over plain HTTP to a remote host.
    static func checkSecure(_ url: BaseURL, _ allowInsecureTransport: Bool) throws {
        guard url.allowsCredentials(insecureAllowed: allowInsecureTransport) else {
            throw RuntimeError(
                .insecureTransport,
                "refusing to send credentials over plain http to \(url.host); use https or set allowInsecureTransport")
        }
    }
}
