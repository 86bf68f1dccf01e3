/// Everything an emulator needs: credentials, pacing of jobs, faults, limits and its clock.
///
/// The default credentials (``defaultAPIToken``, ``defaultIAMAPIKey``) are public constants,
/// convenient for tests in one process: ``Emulator/start(configuration:host:port:)`` refuses
/// to serve them on an address that is not loopback. The `qiskit-runtime-emulator` command
/// generates random ones instead (``makeSecret()``) and prints the token.
///
/// ```swift
/// let clock = EmulatorClock.manual()
/// let configuration = EmulatorConfiguration(apiToken: "my-token", clock: clock)
/// let emulator = EmulatorService(configuration: configuration)
/// ```
public struct EmulatorConfiguration: Sendable {
    /// The public default of ``apiToken``, for emulators on loopback only.
    public static let defaultAPIToken = "emulator-api-token"
    /// The public default of ``iamAPIKey``, for emulators on loopback only.
    public static let defaultIAMAPIKey = "emulator-api-key"

    /// The API token `POST /api/users/loginWithToken` accepts.
    public var apiToken: String
    /// Access tokens accepted without logging in (for clients configured with an access token
    /// and a runtime URL). Tokens issued by the login endpoint are always accepted until
    /// `POST /runtime/logout` revokes them.
    public var accessTokens: Set<String>
    /// Default pacing of jobs.
    public var timing: EmulatorTiming
    /// Server-wide faults.
    public var faults: Faults
    /// The clock driving jobs: real time by default, ``EmulatorClock/manual(startingAt:)`` for tests.
    public var clock: EmulatorClock
    /// Whether a COMPLETED job's final result is also delivered on its stream, as one more
    /// interim event just before the final event (the service did so from 2022). Off by default.
    public var finalResultInStream: Bool
    /// Hub, group and project the emulator's single account belongs to (`GET /api/Network`).
    public var hub: String
    /// See ``hub``.
    public var group: String
    /// See ``hub``.
    public var project: String
    /// The base URL clients use to reach the emulator, such as `http://127.0.0.1:8080`, used in
    /// `GET /api/users/me`. When `nil`, it is built from the request's `Host` header.
    public var publicBaseURL: String?
    /// How many events a subscription buffers for a slow consumer before it is ended (see
    /// ``EmulatorService/subscribe(toJob:)``).
    public var streamBufferLimit: Int
    /// Seed of the generator of ids, tokens and sample counts: equal seeds give equal runs,
    /// including the access tokens the login and IAM endpoints issue (predictable: for tests).
    /// `nil` (the default): ids and samples come from a random seed and issued tokens from the
    /// system's cryptographically secure generator.
    public var seed: UInt64?
    /// The IBM Cloud API key the local IAM endpoint `POST /identity/token` accepts (the v1 API,
    /// PROTOCOL.md §1.6).
    public var iamAPIKey: String
    /// The instance CRN the v1 API (`/api/v1`) expects in every request's `Service-CRN` header.
    public var instanceCRN: String
    /// How long an IAM token issued by `POST /identity/token` stays valid (`expires_in`),
    /// measured on ``clock``. One hour by default (IAM's usual lifetime); make it short to test
    /// renewal.
    public var iamTokenLifetime: Duration
    /// The most connections (websocket streams included) the server serves at once; at the limit
    /// it stops accepting and further clients wait in the listen backlog until one closes.
    /// Lowered at start to what the process's file-descriptor limit allows (see
    /// ``Emulator/raiseFileDescriptorLimit()``).
    public var maxConnections: Int
    /// The v1 platform: backends, plan, usage limit and session lengths (set it after `init`).
    public var platform = PlatformConfiguration()
    /// Whether the v1 API also accepts `Authorization: apikey <iamAPIKey>`, the form the official
    /// client falls back to when the IAM exchange fails (PLATFORM §1). True by default, as on an
    /// instance without an IP allow-list; false refuses it with 401, as an instance with one does.
    public var acceptsAPIKeyAuthorization = true
    /// What one job or peer can make the emulator hold, and its timeouts for slow peers.
    public var limits: EmulatorLimits

    /// Creates a configuration.
    public init(
        apiToken: String = defaultAPIToken,
        accessTokens: Set<String> = [],
        timing: EmulatorTiming = EmulatorTiming(),
        faults: Faults = Faults(),
        clock: EmulatorClock = .realTime(),
        finalResultInStream: Bool = false,
        hub: String = "ibm-q",
        group: String = "open",
        project: String = "main",
        publicBaseURL: String? = nil,
        streamBufferLimit: Int = 1024,
        seed: UInt64? = nil,
        iamAPIKey: String = defaultIAMAPIKey,
        instanceCRN: String = "crn:v1:bluemix:public:quantum-computing:us-east:a/emulator:emulator-instance::",
        iamTokenLifetime: Duration = .seconds(3600),
        maxConnections: Int = 16_384,
        limits: EmulatorLimits = EmulatorLimits()
    ) {
        self.apiToken = apiToken
        self.accessTokens = accessTokens
        self.timing = timing
        self.faults = faults
        self.clock = clock
        self.finalResultInStream = finalResultInStream
        self.hub = hub
        self.group = group
        self.project = project
        self.publicBaseURL = publicBaseURL
        self.streamBufferLimit = streamBufferLimit
        self.seed = seed
        self.iamAPIKey = iamAPIKey
        self.instanceCRN = instanceCRN
        self.iamTokenLifetime = iamTokenLifetime
        self.maxConnections = maxConnections
        self.limits = limits
    }

    /// A fresh random secret for ``apiToken`` or ``iamAPIKey``: 32 bytes from the system's
    /// cryptographically secure generator, as 64 hexadecimal digits.
    public static func makeSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return generator.hex(count: 64)
    }
}
