/// Default pacing of emulated jobs; each job can override it through its inputs.
///
/// | Input | Meaning | Default |
/// |---|---|---|
/// | `queued_s` | seconds a job stays QUEUED | ``queued`` |
/// | `interval_s` | seconds between RUNNING and the first interim result, and between results | ``interval`` |
/// | `interim_count` | number of interim results (`hello-world` reads `iterations` instead) | ``interimCount`` |
/// | `max_execution_s` | `long-running` only: seconds of RUNNING before it is cut off | ``maxExecutionTime`` |
///
/// A job that completes or fails does so one interval after its last interim result (one
/// interval after it started running when it publishes none).
public struct EmulatorTiming: Sendable, Hashable {
    /// How long a job stays QUEUED.
    public var queued: Duration
    /// Delay from RUNNING to the first interim result, between results, and from the last one to
    /// the final state.
    public var interval: Duration
    /// How many interim results a job publishes.
    public var interimCount: Int
    /// How long `long-running` runs before it ends as "Cancelled - Ran too long".
    public var maxExecutionTime: Duration

    /// Creates a timing; the defaults are 0.5 s queued, 0.5 s between results, 5 results and
    /// 3 s of maximum execution.
    public init(
        queued: Duration = .milliseconds(500),
        interval: Duration = .milliseconds(500),
        interimCount: Int = 5,
        maxExecutionTime: Duration = .seconds(3)
    ) {
        self.queued = queued
        self.interval = interval
        self.interimCount = interimCount
        self.maxExecutionTime = maxExecutionTime
    }
}
