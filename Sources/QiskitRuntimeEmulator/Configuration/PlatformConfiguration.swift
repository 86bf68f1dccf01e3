/// The v1 (today's IBM Quantum Platform) side of an emulator: its backends, the instance's plan
/// and usage limit, and session lengths (PLATFORM.md §2, §6).
///
/// ```swift
/// var configuration = EmulatorConfiguration(clock: .manual())
/// configuration.platform.openPlan = true               // Batch only, like the Open Plan
/// configuration.platform.usageLimit = .seconds(600)    // 10 minutes of run time
/// ```
public struct PlatformConfiguration: Sendable, Hashable {
    /// The backends of `GET /api/v1/backends`; jobs for any other backend are refused.
    public var backends: BackendCatalog
    /// An Open Plan instance: sessions in `dedicated` mode are refused (error code 1352), batches
    /// are allowed. `plan_id` of `/instances/usage` is `open` (`premium` otherwise).
    public var openPlan: Bool
    /// The instance's usage limit (run time of its jobs in the current month); `nil` for none. At
    /// the limit, `POST /jobs` is refused with error code 4317 and `usage_limit_reached` is
    /// true; from ``usageWarningFraction`` of it on, `POST /jobs` answers with a warning in
    /// `messages`.
    public var usageLimit: Duration?
    /// The fraction of ``usageLimit`` from which submissions carry a usage warning (0.9).
    public var usageWarningFraction: Double
    /// The longest a session or batch may last after it became active (`max_ttl`); also the
    /// largest `max_ttl` a client may ask for. 8 hours by default.
    public var sessionMaxTTL: Duration
    /// How long a session stays active after its last job ended (`interactive_ttl`); 60 s by
    /// default.
    public var sessionInteractiveTTL: Duration
    /// How Sampler and Estimator jobs are simulated: noise, qubit limit.
    public var simulator = SimulatorConfiguration()

    /// Creates a configuration; the defaults are the standard catalog, a premium plan without a
    /// usage limit, and sessions of at most 8 hours with an interactive TTL of 60 s.
    public init(
        backends: BackendCatalog = .standard,
        openPlan: Bool = false,
        usageLimit: Duration? = nil,
        usageWarningFraction: Double = 0.9,
        sessionMaxTTL: Duration = .seconds(8 * 3600),
        sessionInteractiveTTL: Duration = .seconds(60)
    ) {
        self.backends = backends
        self.openPlan = openPlan
        self.usageLimit = usageLimit
        self.usageWarningFraction = usageWarningFraction
        self.sessionMaxTTL = sessionMaxTTL
        self.sessionInteractiveTTL = sessionInteractiveTTL
    }
}
