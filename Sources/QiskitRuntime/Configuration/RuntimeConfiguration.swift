/// Everything a ``RuntimeService`` needs: whom to log in as, which instance to bill, and how to
/// talk HTTP.
///
/// ```swift
/// var configuration = RuntimeConfiguration(
///     account: .accessToken(token, runtimeURL: "http://127.0.0.1:8080/runtime"),
///     instance: .init(hub: "ibm-q", group: "open", project: "main"),
///     transport: myTransport)
/// configuration.retryPolicy.maximumAttempts = 3
/// let service = try await RuntimeService(configuration: configuration)
/// ```
///
/// The value is `Sendable` and never shows credentials in its `description`, `dump` or `Mirror`.
public struct RuntimeConfiguration: Sendable {
    /// The credentials and the way to reach the service.
    public var account: Account
    /// The hub, group and project that jobs run under. When `nil`, the legacy login flow picks the
    /// default of the account's `/Network` list; with ``Account/accessToken(_:runtimeURL:)`` it is
    /// sent as JSON `null`.
    public var instance: Instance?
    /// The backend used by ``RuntimeService/run(program:backend:inputs:options:)`` when none is passed.
    public var defaultBackend: String?
    /// The value of the `X-Qx-Client-Application` header sent on every call.
    public var clientApplication: String
    /// The longest a single call may take when the caller gives no deadline of its own.
    public var requestTimeout: Duration
    /// The longest a job submission (`POST /jobs`) may take: its body can be megabytes of
    /// circuits, and the service answers only once it has stored them. Default 900 s (the Python
    /// client's read timeout for that call).
    public var submissionTimeout: Duration
    /// How often ``RuntimeJob/waitForFinalState(timeout:pollInterval:)`` and `result` poll by
    /// default a job that runs outside a session or batch. Default 500 ms, the rate IBM asks
    /// clients of its platform to keep to. Never less than ``minimumPollInterval``.
    public var pollInterval: Duration
    /// How often a job that runs in a session or batch (``RuntimeJob/sessionID`` is set) is polled
    /// by default: 100 ms, so that waiting does not add to the session's billed time. Never less
    /// than ``minimumPollInterval``.
    public var sessionPollInterval: Duration
    /// The shortest poll interval the SDK uses, 100 ms: a smaller ``pollInterval``,
    /// ``sessionPollInterval`` or `pollInterval:` argument is raised to it.
    public static let minimumPollInterval = Duration.milliseconds(100)
    /// When and how idempotent requests are retried.
    public var retryPolicy: RetryPolicy
    /// How a job learns that it finished: a websocket watcher (``CompletionMode/automatic``, the
    /// default) or status polling.
    public var completionMode: CompletionMode
    /// Keep-alive, reconnect and size settings of job websockets (interim results and the
    /// completion watcher).
    public var streaming: Streaming
    /// The memory budget of the `ndarray` values of one decoded result or interim result
    /// (default: 64 × the text, at least 64 MiB, at most 1 GiB).
    public var decodeBudget: DecodeBudget
    /// The most connections the default transport keeps open to one host (default
    /// ``defaultMaximumConnectionsPerHost``, as for a ``RuntimeHTTPTransport`` you make yourself).
    public var maximumConnectionsPerHost: Int
    /// The default of ``maximumConnectionsPerHost`` and of ``RuntimeHTTPTransport``'s limit: 16.
    public static let defaultMaximumConnectionsPerHost = 16
    /// A PEM file of trusted certificate authorities for TLS, instead of the system store.
    public var caFile: String?
    /// A directory of hashed certificate-authority files for TLS, instead of the system store.
    public var caPath: String?
    /// An HTTP proxy URL such as `http://proxy.example:3128`. No proxy is used unless set here
    /// (environment variables are not read).
    public var proxy: String?
    /// Allows sending credentials over plain `http`/`ws` to hosts that are not loopback. Off by
    /// default: such a request fails with `RuntimeError.Code.insecureTransport` before a byte is sent.
    public var allowInsecureTransport: Bool
    /// Allows an ``Account/ibmCloud(apiKey:instanceCRN:iamURL:serviceURL:)`` account to send its
    /// API key itself to the service (`Authorization: apikey <key>`) when the IAM token exchange
    /// fails for any reason but a refusal of the key (an unreachable IAM, a 5xx, an answer that is
    /// not a token). The Python client always does so; accounts with IP allow-lists reject that
    /// form, and the key is a long-lived secret, so it is off by default: then the key is sent to
    /// IAM only, and a failed exchange is an error. While the fallback is in use the exchange is
    /// tried again every minute.
    public var allowsAPIKeyAuthorization: Bool
    /// Receives the SDK's log lines. Lines never contain credentials.
    public var logHandler: RuntimeLogHandler?
    /// The HTTP client; `nil` (the default) uses a ``RuntimeHTTPTransport`` built from
    /// ``caFile``, ``caPath``, ``proxy`` and ``maximumConnectionsPerHost``, which belongs to the
    /// service (``RuntimeService/shutdown()`` shuts it down). A transport set here stays yours:
    /// the service never shuts it down; shut it down after the last service using it.
    public var transport: (any HTTPTransport)?

    /// The poll interval of a job: `requested`, else ``sessionPollInterval`` for a job in a
    /// session or batch and ``pollInterval`` for any other, never less than ``minimumPollInterval``.
    func pollInterval(requested: Duration?, inSession: Bool) -> Duration {
        max(requested ?? (inSession ? sessionPollInterval : pollInterval), Self.minimumPollInterval)
    }

    /// The clock for deadlines, backoff and polling; tests replace it.
    var clock: any RuntimeClock = SystemClock()
    /// A source of uniform random numbers in `0..<1` for backoff jitter; tests replace it.
    var random: @Sendable () -> Double = { Double.random(in: 0..<1) }

    /// Creates a configuration with defaults for everything but the account.
    /// - Parameters:
    ///   - account: the credentials and the way to reach the service.
    ///   - instance: hub, group and project; `nil` picks the account's default.
    ///   - transport: the HTTP client to use.
    public init(account: Account, instance: Instance? = nil, transport: (any HTTPTransport)? = nil) {
        self.account = account
        self.instance = instance
        self.defaultBackend = nil
        self.clientApplication = "qiskit-runtime-swift/0.1"
        self.requestTimeout = .seconds(60)
        self.submissionTimeout = .seconds(900)
        self.pollInterval = .milliseconds(500)
        self.sessionPollInterval = .milliseconds(100)
        self.retryPolicy = RetryPolicy()
        self.completionMode = .automatic
        self.streaming = Streaming()
        self.decodeBudget = DecodeBudget()
        self.maximumConnectionsPerHost = Self.defaultMaximumConnectionsPerHost
        self.caFile = nil
        self.caPath = nil
        self.proxy = nil
        self.allowInsecureTransport = false
        self.allowsAPIKeyAuthorization = false
        self.logHandler = nil
        self.transport = transport
    }
}

extension RuntimeConfiguration: CustomStringConvertible, CustomReflectable {
    /// A summary without credentials.
    public var description: String {
        "RuntimeConfiguration(account: \(account), instance: \(instance.map { "\($0)" } ?? "default"))"
    }

    /// A mirror without credentials.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "account": account,
            "instance": instance as Any,
            "defaultBackend": defaultBackend as Any,
            "clientApplication": clientApplication,
            "requestTimeout": requestTimeout,
            "submissionTimeout": submissionTimeout,
            "pollInterval": pollInterval,
            "sessionPollInterval": sessionPollInterval,
            "retryPolicy": retryPolicy,
            "completionMode": completionMode,
            "streaming": streaming,
            "decodeBudget": decodeBudget,
            "allowInsecureTransport": allowInsecureTransport,
            "allowsAPIKeyAuthorization": allowsAPIKeyAuthorization,
        ], displayStyle: .struct)
    }
}
