/// One call to the service, before credentials and headers are added.
struct ServiceRequest: Sendable {
    /// Which base URL the path is relative to.
    enum Target: Sendable {
        /// The runtime service (`urls.services.runtime`, or the configured runtime URL).
        case runtime
        /// The legacy API (`urls.http`), for `/Network`.
        case api
    }

    var method: String
    var target: Target
    /// The path, each segment already percent-escaped, starting with `/`.
    var path: String
    var query: [(String, String)]
    var body: [UInt8]?
    /// What the call was doing, for error messages: "Failed to cancel job abc".
    var context: String
    /// Whether HTTP 409 means `RuntimeError.Code.invalidState` for this call (PROTOCOL §2.3.4).
    var conflictMeansInvalidState: Bool
    /// When the request may be sent again; `nil` decides by its method.
    var repetition: RetryPolicy.Repetition?
    /// The longest the call may take instead of the configuration's request timeout (the
    /// submission timeout of `POST /jobs`); `nil` uses the request timeout.
    var timeout: Duration?

    init(
        _ method: String, _ target: Target = .runtime, path: [String], query: [(String, String)] = [],
        body: [UInt8]? = nil, context: String, conflictMeansInvalidState: Bool = false
    ) {
        self.method = method
        self.target = target
        self.path = PercentEncoding.path(path)
        self.query = query
        self.body = body
        self.context = context
        self.conflictMeansInvalidState = conflictMeansInvalidState
    }
}
