/// Options of ``RuntimeService/run(program:backend:inputs:options:)`` besides program, backend
/// and inputs. Each is sent in the `POST /jobs` body only when set.
///
/// ```swift
/// let options = RunOptions(tags: ["experiment-7"], maxExecutionTime: .seconds(300), isPrivate: true)
/// ```
public struct RunOptions: Sendable, Hashable {
    /// The runtime image, `name:tag`; sent as `runtime` (JSON `null` when not set on a legacy
    /// account, left out on an IBM Cloud account).
    public var image: String?
    /// The program's log level (`DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`); sent as
    /// `log_level` only when set.
    public var logLevel: String?
    /// Tags to attach to the job; sent as `tags` only when set.
    public var tags: [String]?
    /// The session or batch to run the job in (`session_id`). ``RuntimeSession/run(program:inputs:options:)``
    /// sets it; a job in a session is polled every 100 ms instead of 500 ms.
    public var sessionID: String?
    /// The most time the job may run on the backend (`cost`, whole seconds, rounded up); past it
    /// the service cancels the job with reason code 1305 and the SDK reports it as
    /// ``JobStatus/error``. At least one second.
    public var maxExecutionTime: Duration?
    /// Whether the job is private (`private: true`): its result can be read only once, and its
    /// inputs and results are not kept by the service afterwards.
    public var isPrivate: Bool
    /// The calibration of the backend to run with (`calibration_id`), instead of the current one.
    public var calibrationID: String?

    /// Creates options; everything defaults to the service's choice.
    public init(
        image: String? = nil, logLevel: String? = nil, tags: [String]? = nil, sessionID: String? = nil,
        maxExecutionTime: Duration? = nil, isPrivate: Bool = false, calibrationID: String? = nil
    ) {
        self.image = image
        self.logLevel = logLevel
        self.tags = tags
        self.sessionID = sessionID
        self.maxExecutionTime = maxExecutionTime
        self.isPrivate = isPrivate
        self.calibrationID = calibrationID
    }

    /// ``maxExecutionTime`` in whole seconds, rounded up; throws `.invalidConfiguration` for less
    /// than one second.
    func costSeconds() throws -> Int64? {
        try maxExecutionTime?.wholeSecondsRoundedUp(name: "maxExecutionTime")
    }
}
