import RuntimeWire
import Synchronization

/// The authenticated REST client under ``RuntimeService`` and ``RuntimeJob``: adds the headers,
/// refuses insecure transport, retries through ``RequestExecutor``, logs in again once on a 401
/// and maps failures to `RuntimeError`.
final class ServiceClient: Sendable {
    let configuration: RuntimeConfiguration
    let login: LoginSession
    let executor: RequestExecutor
    let logger: Logger
    /// The live interim-result streams, by job id (unicast; ended by a remote cancel).
    let streams = StreamRegistry()
    /// The backend configurations read so far, kept for the service's lifetime.
    let backendConfigurations = BackendConfigurationCache()
    private let shutDown = Atomic<Bool>(false)

    init(configuration: RuntimeConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        let logger = Logger(handler: configuration.logHandler, redactor: Redactor(secrets: [configuration.account.secret]))
        self.logger = logger
        self.executor = RequestExecutor(
            transport: transport, policy: configuration.retryPolicy, clock: configuration.clock,
            random: configuration.random, logger: logger)
        self.login = LoginSession(configuration: configuration, executor: executor, logger: logger)
    }

    var clock: any RuntimeClock { configuration.clock }

    /// The deadline of one call: the caller's, but no later than `timeout` (by default the
    /// request timeout) from now.
    func callDeadline(_ deadline: ContinuousClock.Instant?, timeout: Duration? = nil) -> ContinuousClock.Instant {
        let limit = clock.now + (timeout ?? configuration.requestTimeout)
        guard let deadline else { return limit }
        return min(deadline, limit)
    }

    func markShutDown() { shutDown.store(true, ordering: .releasing) }

    /// Whether ``markShutDown()`` was called.
    var isShutDown: Bool { shutDown.load(ordering: .acquiring) }

    /// Sends `request`; returns the response when its status is 2xx or in `accepting`, throws otherwise.
    func perform(
        _ request: ServiceRequest, deadline: ContinuousClock.Instant? = nil, accepting: Set<Int> = []
    ) async throws -> RuntimeHTTPResponse {
        guard !shutDown.load(ordering: .acquiring) else {
            throw RuntimeError(.shutDown, "\(request.context): the service was shut down")
        }
        let deadline = callDeadline(deadline, timeout: request.timeout)
        var credentials = try await login.credentials(deadline: deadline)
        var renewed = false
        while true {
            let base: BaseURL
            switch request.target {
            case .runtime: base = credentials.runtimeURL
            case .api:
                guard let apiURL = credentials.apiURL else {
                    throw RuntimeError(.invalidConfiguration, "\(request.context): the account has no API URL")
                }
                base = apiURL
            }
            try LoginSession.checkSecure(base, configuration.allowInsecureTransport)
            let headers = Self.headers(
                for: credentials, clientApplication: configuration.clientApplication, hasBody: request.body != nil)
            let http = RuntimeHTTPRequest(
                method: request.method, url: base.appending(path: request.path, query: PercentEncoding.query(request.query)),
                headers: RuntimeHTTPHeaders(headers), body: request.body)
            let response = try await executor.send(
                http, repetition: request.repetition ?? RetryPolicy.Repetition(method: request.method), deadline: deadline)
            if response.status == 401, !renewed,
               let fresh = try await login.renew(after: credentials, deadline: deadline)
            {
                credentials = fresh
                renewed = true
                continue
            }
            if (200..<300).contains(response.status) || accepting.contains(response.status) { return response }
            let error = ResponseErrorMapping.error(
                for: response, context: request.context, conflictMeansInvalidState: request.conflictMeansInvalidState,
                redactor: Redactor(secrets: [configuration.account.secret, credentials.accessToken.secret]))
            logger.log(.debug, "\(request.method) \(request.path): \(error.message)")
            throw error
        }
    }

    /// The `IBM-API-Version` sent on every call of an IBM Cloud account (PROTOCOL §1.4).
    static let ibmAPIVersion = "2026-04-15"

    /// The headers of one service call: `X-Access-Token` (legacy), or `Authorization: Bearer`,
    /// `Service-CRN` and `IBM-API-Version` (IBM Cloud); `Content-Type: application/json` with a body.
    static func headers(
        for credentials: LoginCredentials, clientApplication: String, hasBody: Bool
    ) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)]
        switch credentials.scheme {
        case .accessToken:
            headers = [("X-Access-Token", credentials.accessToken.secret)]
        case .bearer(let serviceCRN):
            headers = [
                ("Authorization", "Bearer " + credentials.accessToken.secret), ("Service-CRN", serviceCRN),
                ("IBM-API-Version", ibmAPIVersion),
            ]
        case .apiKey(let serviceCRN):
            headers = [
                ("Authorization", "apikey " + credentials.accessToken.secret), ("Service-CRN", serviceCRN),
                ("IBM-API-Version", ibmAPIVersion),
            ]
        }
        headers.append(("X-Qx-Client-Application", clientApplication))
        headers.append(("Accept", "*/*"))
        if hasBody { headers.append(("Content-Type", "application/json")) }
        return headers
    }

    /// Whether the service streams interim results over a websocket; `false` on the IBM Cloud
    /// `/api/v1` API, where a job's stream ends, empty, when the job does (DESIGN §5).
    var supportsStreaming: Bool { configuration.account.supportsStreaming }

    /// Whether the account speaks the IBM Cloud `/api/v1` API.
    var usesCloudAPI: Bool { configuration.account.usesCloudAPI }

    /// Sends `request` and parses the JSON body of its success.
    ///
    /// A success whose body is not JSON (cut or garbled on the way) is an `.invalidResponse`;
    /// for a request that is safe to repeat (a `GET`) it is sent again, like a 5xx, as the retry
    /// policy allows and within the deadline.
    func performJSON(_ request: ServiceRequest, deadline: ContinuousClock.Instant? = nil) async throws -> JSONValue {
        let policy = configuration.retryPolicy
        let repeatable = RetryPolicy.isIdempotent(request.method)
        let limit = callDeadline(deadline, timeout: request.timeout)
        var attempt = 0
        while true {
            attempt += 1
            let response = try await perform(request, deadline: limit)
            do {
                return try WireJSON.parse(response.body, context: request.context)
            } catch let error as RuntimeError where repeatable && attempt < policy.maximumAttempts {
                let delay = policy.backoff(afterAttempt: attempt, random: configuration.random())
                guard clock.now + delay < limit else { throw error }
                logger.log(.warning, "\(request.method) \(request.path): the body is not JSON; retry \(attempt) in \(delay)")
                try await clock.sleep(until: clock.now + delay)
            }
        }
    }
}
