import RuntimeIO

/// The time source of the SDK: deadlines are `ContinuousClock` instants, and tests swap in a
/// manual clock to drive backoff, polling and deadlines without real waiting.
///
/// It is also the ``DeadlineScheduler`` of every suspended caller's deadline (a `result()`
/// waiter, a completion waiter): one timer per deadline, no task per waiter. The default
/// schedules on the event loop's timer heap, at the same distance from ``now`` as from the
/// real now; a manual clock fires its timers when it is advanced.
protocol RuntimeClock: DeadlineScheduler {
    /// The current instant.
    var now: ContinuousClock.Instant { get }
    /// Suspends until `deadline`; throws `CancellationError` promptly when the task is cancelled.
    func sleep(until deadline: ContinuousClock.Instant) async throws
}

extension RuntimeClock {
    func schedule(at deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) -> DeadlineTimer {
        EventLoop.shared.schedule(at: ContinuousClock.now + (deadline - now), action)
    }

    func cancel(_ timer: DeadlineTimer) {
        EventLoop.shared.cancel(timer)
    }
}
