import RuntimeWire
import RuntimeIO

/// Everything mutable in an ``EmulatorService``, guarded by one lock.
struct ServiceState: Sendable {
    var jobs: [String: EmulatedJob] = [:]
    /// Job ids, oldest first.
    var order: [String] = []
    /// What the jobs and uploaded programs count against ``EmulatorLimits/maxRetainedBytes``.
    var retainedBytes = 0
    /// Run time (microseconds) of evicted v1 jobs, which still counts against the usage limit.
    var evictedUsage: Int64 = 0
    var nextSequence = 0
    var issuedTokens: Set<String> = []
    /// Ids, job seeds (and, when ``seeded``, issued tokens).
    var rng: SplitMix64
    /// Whether the configuration had a seed: issued tokens then come from ``rng`` too.
    let seeded: Bool
    var faults: [FaultSlot]
    var subscriptions: [String: [UInt64: Subscription]] = [:]
    var nextSubscriptionID: UInt64 = 0
    var wakeups = WakeupQueue()
    /// The instant the real-time timer sleeps until, if one sleeps.
    var timerTarget: Int64?
    var timerTask: Task<Void, Never>?
    var clockObserver: UInt64?
    var traceCounter: UInt64 = 0
    /// IAM bearer tokens issued by `POST /identity/token`, with the instant each expires.
    var bearerTokens: [String: Int64] = [:]
    var iamTokenRequests = 0
    var v1Unauthorized = 0
    var lastV1Request: RecordedRequest?
    var lastIAMRequest: RecordedRequest?
    /// Programs uploaded with `POST /runtime/programs`, by id; they count against
    /// ``EmulatorLimits/maxRetainedBytes`` in ``retainedBytes`` as jobs do.
    var programs: [String: UploadedProgram] = [:]
    /// Uploaded program ids, oldest first.
    var programOrder: [String] = []
    /// Sessions and batches of the v1 API, by id.
    var sessions: [String: EmulatedSession] = [:]
    var streamHandler: (@Sendable (HTTPServerRequest, String) async -> HTTPServerAction)?
    /// The tasks running primitive jobs' simulations, by job id, until they end.
    var primitiveTasks: [String: Task<Void, Never>] = [:]

    init(seed: UInt64?, faults: [HTTPFault]) {
        seeded = seed != nil
        rng = SplitMix64(seed: seed ?? UInt64.random(in: .min ... .max))
        self.faults = faults.map(FaultSlot.init)
    }

    /// A new credential of `count` hexadecimal digits: from the system's cryptographically
    /// secure generator, or from the seeded generator when the configuration has a seed.
    mutating func secret(hexDigits count: Int) -> String {
        if seeded { return rng.hex(count: count) }
        var generator = SystemRandomNumberGenerator()
        return generator.hex(count: count)
    }
}
