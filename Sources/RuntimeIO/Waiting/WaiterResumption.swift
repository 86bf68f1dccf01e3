/// What a ``WaiterQueue`` change asks its owner to do once the lock is released: resume
/// `continuation` with `outcome`.
///
/// The queue never resumes anything itself. Its owner applies a change under its lock, takes the
/// resumptions out, releases the lock and only then calls ``resume()``: a continuation resumed
/// under a lock that a cancellation handler also takes can deadlock.
package struct WaiterResumption<Value: Sendable, Continuation> {
    package let continuation: Continuation
    package let outcome: Result<Value, any Error>

    package init(continuation: Continuation, outcome: Result<Value, any Error>) {
        self.continuation = continuation
        self.outcome = outcome
    }
}

extension WaiterResumption: Sendable where Continuation: Sendable {}

extension WaiterResumption where Continuation == CheckedContinuation<Value, any Error> {
    /// Resumes the waiting task with the outcome. Call it outside every lock.
    package func resume() {
        continuation.resume(with: outcome)
    }
}
