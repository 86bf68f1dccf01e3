/// Runs an action once a deadline has passed: how every deadline of a suspended caller is
/// enforced (``Waiting/wait(deadline:scheduler:timeoutError:register:resolve:)``, ``Waiters``).
///
/// In production it is the event loop's timer heap (``EventLoop`` conforms): one heap entry per
/// deadline, no task and no thread per waiter, fired at most about a millisecond late. Tests
/// supply a manual clock that fires the actions it holds when it is advanced.
package protocol DeadlineScheduler: Sendable {
    /// The current instant, as deadlines are compared with it.
    var now: ContinuousClock.Instant { get }

    /// Runs `action` once, from any thread, after `deadline` has passed, unless the timer is
    /// cancelled first.
    func schedule(at deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) -> DeadlineTimer

    /// Forgets `timer` if it has not fired yet; callable from any thread, any number of times.
    func cancel(_ timer: DeadlineTimer)
}
