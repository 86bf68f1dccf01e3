/// The time source of the SDK: deadlines are `ContinuousClock` instants, and tests swap in a
/// manual clock to drive backoff and polling without real waiting.
protocol RuntimeClock: Sendable {
    /// The current instant.
    var now: ContinuousClock.Instant { get }
    /// Suspends until `deadline`; throws `CancellationError` promptly when the task is cancelled.
    func sleep(until deadline: ContinuousClock.Instant) async throws
}
