import Synchronization

/// A ``WaiterQueue`` with its own lock, for an owner that keeps no other state beside its
/// waiters: callers suspend in ``wait(deadline:scheduler:timeoutError:)`` until an event, a
/// deadline or a cancellation; the event's side hands out outcomes with ``resolve(_:with:)``,
/// ``resolveFirst(with:)``, ``resolveAll(with:)`` or ``finish(with:)``. Every resumption happens
/// after the lock is released, on the thread of whoever resolved the waiter.
///
/// ```swift
/// let answer = Waiters<[UInt8]>()
/// let id = answer.enqueue()
/// startLookup { bytes in answer.resolve(id, with: .success(bytes)) }   // any thread, any time
/// let bytes = try await answer.wait(id, deadline: deadline)
/// ```
package final class Waiters<Value: Sendable>: Sendable {
    private let queue = Mutex(Waiting.Queue<Value>())

    package init() {}

    /// The waiters without an outcome yet.
    package var count: Int { queue.withLock { $0.count } }

    /// Whether ``finish(with:)`` was called.
    package var isFinished: Bool { queue.withLock { $0.isFinished } }

    /// Reserves a place in line, for a caller that must name itself (to whoever answers it)
    /// before it suspends with ``wait(_:deadline:scheduler:timeoutError:)``.
    package func enqueue() -> WaiterID {
        queue.withLock { $0.enqueue() }
    }

    /// Waits in line until an outcome; see ``Waiting/wait(deadline:scheduler:timeoutError:register:resolve:)``.
    /// - Throws: the error resolved with, `CancellationError`, or `timeoutError()` at `deadline`.
    package func wait(
        deadline: ContinuousClock.Instant? = nil,
        scheduler: (any DeadlineScheduler)? = nil,
        timeoutError: @escaping @Sendable () -> any Error = { Waiting.timedOut }
    ) async throws -> Value {
        try await wait(enqueue(), deadline: deadline, scheduler: scheduler, timeoutError: timeoutError)
    }

    /// Suspends the waiter `id` (from ``enqueue()``) until its outcome.
    /// - Throws: as ``wait(deadline:scheduler:timeoutError:)``.
    package func wait(
        _ id: WaiterID,
        deadline: ContinuousClock.Instant? = nil,
        scheduler: (any DeadlineScheduler)? = nil,
        timeoutError: @escaping @Sendable () -> any Error = { Waiting.timedOut }
    ) async throws -> Value {
        try await Waiting.wait(
            deadline: deadline, scheduler: scheduler, timeoutError: timeoutError,
            register: { continuation in queue.withLock { $0.register(id, continuation) } },
            resolve: { outcome in self.queue.withLock { $0.resolve(id, with: outcome) } })
    }

    /// Takes the waiter `id` (from ``enqueue()``) out of line when it will not wait after all.
    /// - Returns: the outcome it already had, if any.
    @discardableResult
    package func withdraw(_ id: WaiterID) -> Result<Value, any Error>? {
        queue.withLock { $0.withdraw(id) }
    }

    /// Gives the waiter `id` its outcome, unless it has one already.
    package func resolve(_ id: WaiterID, with outcome: Result<Value, any Error>) {
        queue.withLock { $0.resolve(id, with: outcome) }?.resume()
    }

    /// Hands `outcome` to the longest waiter.
    /// - Returns: false when nobody waits (the outcome was not delivered).
    @discardableResult
    package func resolveFirst(with outcome: Result<Value, any Error>) -> Bool {
        let handoff = queue.withLock { $0.resolveFirst(with: outcome) }
        guard case .delivered(let resumption) = handoff else { return false }
        resumption?.resume()
        return true
    }

    /// Gives `outcome` to every present waiter.
    package func resolveAll(with outcome: Result<Value, any Error>) {
        for resumption in queue.withLock({ $0.resolveAll(with: outcome) }) { resumption.resume() }
    }

    /// Gives `outcome` to every present and future waiter. Only the first call counts.
    package func finish(with outcome: Result<Value, any Error>) {
        for resumption in queue.withLock({ $0.finish(with: outcome) }) { resumption.resume() }
    }
}
