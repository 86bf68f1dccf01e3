/// The one way a task waits for an operation that the event loop completes (a read, a write, an
/// accept, a connect), safe whichever comes first: the loop registering the operation or the
/// task being cancelled.
enum LoopWaiter {
    /// Runs `start` on the loop thread with a fresh token and the task's continuation, then
    /// suspends until the continuation is resumed.
    ///
    /// Cancelling the task marks the token cancelled, so a `start` that has not run yet fails at
    /// once (it must check `token.isCancelled`), and runs `cancel` on the loop, which ends the
    /// operation if it is registered (and does nothing otherwise). When the loop is shut down,
    /// `refused` runs on the calling task and the wait throws the loop's shut-down error.
    static func wait<Value: Sendable>(
        on loop: EventLoop,
        start: @escaping @Sendable (OperationToken, CheckedContinuation<Value, any Error>) -> Void,
        cancel: @escaping @Sendable (OperationToken) -> Void,
        refused: () -> Void = {}
    ) async throws -> Value {
        let token = OperationToken()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                if !loop.execute({ start(token, continuation) }) {
                    refused()
                    continuation.resume(throwing: loop.shutDownError)
                }
            }
        } onCancel: {
            token.cancel()
            loop.execute { cancel(token) }
        }
    }
}
