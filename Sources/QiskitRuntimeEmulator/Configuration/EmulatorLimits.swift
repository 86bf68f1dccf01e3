/// What one job or one peer can make the emulator hold, and how long it waits for slow peers.
///
/// Job inputs over a per-job limit are refused at submission with a 400 service error naming the
/// limit. Final jobs beyond ``maxRetainedFinalJobs``, or whose bytes push the total over
/// ``maxRetainedBytes``, are evicted oldest first when a job is submitted (a later read of an
/// evicted job gets the service's 404, as a deleted one does); a submission that still does not
/// fit because unfinished jobs hold the budget is refused with 429 and `Retry-After`.
/// Connections idle or slow past a timeout are closed without an answer. See the
/// "Limits and hostile peers" section of `Docs/Emulator.md`.
public struct EmulatorLimits: Sendable, Hashable {
    /// The most interim results one job may publish (inputs `interim_count`, `iterations`).
    public var maxInterimResultsPerJob: Int
    /// The most characters of padding in each interim result (input `interim_padding`).
    public var maxInterimPadding: Int
    /// The most bytes of interim-result JSON text one job may publish in all (its count times
    /// the size of one result).
    public var maxInterimBytesPerJob: Int
    /// How many final jobs are kept; older final jobs are evicted when a job is submitted.
    public var maxRetainedFinalJobs: Int
    /// The most bytes all retained jobs may hold: each job counts its submission body, its final
    /// result text and 1 KiB of bookkeeping.
    public var maxRetainedBytes: Int
    /// How long a request head may take: counted from the accept for a connection's first
    /// request, from its first byte for later ones.
    public var requestHeadTimeout: Duration
    /// How long a kept-alive connection may stay idle between requests.
    public var keepAliveTimeout: Duration
    /// How long a whole request (head and body) may take to arrive.
    public var requestTimeout: Duration
    /// How long one write of a response (each chunk of a streamed one) may wait for the peer to read.
    public var writeTimeout: Duration

    /// Creates limits; the defaults allow 100,000 interim results of up to 1,000,000 characters of
    /// padding and 256 MiB per job, keep 10,000 final jobs and 1 GiB of jobs, and give 30 s for a
    /// request head, 60 s of keep-alive idle, 120 s for a whole request and 60 s per write.
    public init(
        maxInterimResultsPerJob: Int = 100_000,
        maxInterimPadding: Int = 1_000_000,
        maxInterimBytesPerJob: Int = 256 << 20,
        maxRetainedFinalJobs: Int = 10_000,
        maxRetainedBytes: Int = 1 << 30,
        requestHeadTimeout: Duration = .seconds(30),
        keepAliveTimeout: Duration = .seconds(60),
        requestTimeout: Duration = .seconds(120),
        writeTimeout: Duration = .seconds(60)
    ) {
        self.maxInterimResultsPerJob = maxInterimResultsPerJob
        self.maxInterimPadding = maxInterimPadding
        self.maxInterimBytesPerJob = maxInterimBytesPerJob
        self.maxRetainedFinalJobs = maxRetainedFinalJobs
        self.maxRetainedBytes = maxRetainedBytes
        self.requestHeadTimeout = requestHeadTimeout
        self.keepAliveTimeout = keepAliveTimeout
        self.requestTimeout = requestTimeout
        self.writeTimeout = writeTimeout
    }

    /// The fixed cost of a job counted against ``maxRetainedBytes`` besides its body and result.
    static let jobOverheadBytes = 1024
}
