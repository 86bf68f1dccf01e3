import RuntimeWire

/// Suspends a caller in a ``WaiterQueue`` until its event, its deadline or its cancellation,
/// whichever comes first.
///
/// The owner keeps a ``Queue`` in its own locked state, enqueues the caller under its lock
/// (usually together with its fast path), and then calls ``wait(deadline:scheduler:timeoutError:register:resolve:)``
/// with two closures that apply a change to that queue under the same lock:
///
/// ```swift
/// let id: WaiterID? = state.withLock { state in
///     if !state.held { state.held = true; return nil }  // fast path: no suspension
///     return state.waiters.enqueue()
/// }
/// guard let id else { return }
/// try await Waiting.wait(
///     register: { continuation in state.withLock { $0.waiters.register(id, continuation) } },
///     resolve: { outcome in self.state.withLock { $0.waiters.resolve(id, with: outcome) } })
/// ```
///
/// and, wherever the event happens, applies it under the lock and resumes outside it:
///
/// ```swift
/// let next = state.withLock { state -> Waiting.Resumption<Void>? in
///     guard case .delivered(let resumption) = state.waiters.resolveFirst(with: .success(())) else {
///         state.held = false
///         return nil
///     }
///     return resumption
/// }
/// next?.resume()
/// ```
///
/// **Keep the wait out of line on a fast path.** An async function's frame holds the locals of
/// every path through it, inlined callees included, and a task keeps the largest stack of frames
/// it ever needed until it ends. When most calls do not suspend (a gate that is usually free),
/// call `wait` from a separate `@inline(never)` function, as ``AsyncGate`` does: inlined into
/// `acquire()`, it cost every long-lived WebSocket task about 1.7 KB (measured with 2,000 streams).
///
/// `resolve` may do more than resolve the waiter, as long as it resumes nothing itself: an owner
/// that runs shared work for its waiters (a watcher, a fetch) takes that work out under the lock
/// when the queue becomes empty and cancels it after the lock is released, then returns the
/// resumption.
package enum Waiting {
    /// A waiter queue of checked continuations, as owners keep it in their state.
    package typealias Queue<Value: Sendable> = WaiterQueue<Value, CheckedContinuation<Value, any Error>>
    /// A resumption of a ``Queue``.
    package typealias Resumption<Value: Sendable> = WaiterResumption<Value, CheckedContinuation<Value, any Error>>

    /// The error of a wait whose deadline passed, unless the owner gives its own.
    package static let timedOut = WireError(.timedOut, "the deadline passed while waiting")

    /// Suspends the caller, already enqueued in the owner's queue, until its outcome.
    ///
    /// - Cancelling the task resolves the waiter with `CancellationError`, whether the
    ///   cancellation comes before the task suspended (it then never really suspends) or after.
    /// - With a `deadline`, the waiter is resolved with `timeoutError()` once it passes: by one
    ///   timer of `scheduler` (the event loop's timer heap unless given), cancelled when the wait
    ///   ends; a deadline already passed resolves it without a timer.
    /// - Whatever resolves the waiter first wins: a value handed over at the same instant as a
    ///   cancellation is returned, not lost.
    ///
    /// - Parameters:
    ///   - register: applies ``WaiterQueue/register(_:_:)`` for the waiter under the owner's lock
    ///     and returns its result. Called once, synchronously, while the task suspends.
    ///   - resolve: applies ``WaiterQueue/resolve(_:with:)`` for the waiter under the owner's lock
    ///     (and any bookkeeping of the owner) and returns the resumption. Called from the
    ///     cancellation handler or the deadline timer, on any thread; it must not resume
    ///     anything itself.
    /// - Returns: the value the waiter was resolved with.
    /// - Throws: the error it was resolved with: `CancellationError`, `timeoutError()`, or the
    ///   owner's (such as a shut-down error).
    package static func wait<Value: Sendable>(
        deadline: ContinuousClock.Instant? = nil,
        scheduler: (any DeadlineScheduler)? = nil,
        timeoutError: @escaping @Sendable () -> any Error = { Waiting.timedOut },
        register: (CheckedContinuation<Value, any Error>) -> Resumption<Value>?,
        resolve: @escaping @Sendable (Result<Value, any Error>) -> Resumption<Value>?
    ) async throws -> Value {
        var timer: (scheduler: any DeadlineScheduler, timer: DeadlineTimer)?
        if let deadline {
            let scheduler = scheduler ?? EventLoop.shared
            if deadline <= scheduler.now {
                resolve(.failure(timeoutError()))?.resume()
            } else {
                timer = (scheduler, scheduler.schedule(at: deadline) { resolve(.failure(timeoutError()))?.resume() })
            }
        }
        defer { if let timer { timer.scheduler.cancel(timer.timer) } }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                register(continuation)?.resume()
            }
        } onCancel: {
            resolve(.failure(CancellationError()))?.resume()
        }
    }
}
