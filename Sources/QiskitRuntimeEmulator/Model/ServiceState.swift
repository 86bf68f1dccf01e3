import RuntimeWire
import RuntimeIO

/// Everything mutable in an ``EmulatorService``, guarded by one lock.
struct ServiceState: Sendable {
    var jobs: [String: EmulatedJob] = [:]
    /// Job ids, oldest first.
    var order: [String] = []
    /// What the jobs count against ``EmulatorLimits/maxRetainedBytes``.
    var retainedBytes = 0
    var nextSequence = 0
    var issuedTokens: Set<String> = []
    var rng: SplitMix64
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
    var streamHandler: (@Sendable (HTTPServerRequest, String) async -> HTTPServerAction)?

    init(seed: UInt64, faults: [HTTPFault]) {
        rng = SplitMix64(seed: seed)
        self.faults = faults.map(FaultSlot.init)
    }
}
