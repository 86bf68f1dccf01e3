import RuntimeIO
import Synchronization

/// The part of an interim-result stream other tasks touch: whether it finished or was ended
/// remotely, its open connection (to close it from outside), and the waits a remote end cuts
/// short. ``StreamRegistry`` holds these, never the stream itself, so a stream that is released
/// leaves the registry in its `deinit`.
final class StreamControl: Sendable {
    private struct State {
        var finished = false
        var cancelled = false
        var endedRemotely = false
        var connection: WebSocketConnection?
        /// The status check that runs while `connection` is open.
        var watchdog: Task<Void, Never>?
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    init() {}

    /// Whether the stream ended (normally, with an error, or remotely).
    var isFinished: Bool { state.withLock { $0.finished || $0.endedRemotely } }

    /// Whether ``endNormally()`` was called.
    var endedRemotely: Bool { state.withLock { $0.endedRemotely } }

    /// Records the open connection and the task that watches it; false (and both are ended)
    /// once ended remotely.
    func adopt(_ connection: WebSocketConnection, watchdog: Task<Void, Never>? = nil) -> Bool {
        let (adopted, previous) = state.withLock { state -> (Bool, Task<Void, Never>?) in
            guard !state.endedRemotely, !state.finished else { return (false, nil) }
            state.connection = connection
            defer { state.watchdog = watchdog }
            return (true, state.watchdog)
        }
        // Cancelled outside the lock (cancellation runs handlers on this thread).
        previous?.cancel()
        if !adopted {
            watchdog?.cancel()
            connection.abort()
        }
        return adopted
    }

    /// Closes `connection` and forgets it (and its watchdog).
    func drop(_ connection: WebSocketConnection) {
        connection.abort()
        let watchdog = state.withLock { state -> Task<Void, Never>? in
            guard state.connection === connection else { return nil }
            state.connection = nil
            defer { state.watchdog = nil }
            return state.watchdog
        }
        watchdog?.cancel()
    }

    /// Marks the stream finished and closes its connection.
    func finish() {
        let (connection, watchdog) = state.withLock { state in
            state.finished = true
            defer {
                state.connection = nil
                state.watchdog = nil
            }
            return (state.connection, state.watchdog)
        }
        connection?.abort()
        watchdog?.cancel()
    }

    /// Whether the consumer's task was cancelled (``cancel()``).
    var wasCancelled: Bool { state.withLock { $0.cancelled } }

    /// The consumer's task was cancelled: marks the stream finished and closes its connection
    /// at once, from the cancelling thread, instead of after the pending read has failed and
    /// the consumer has resumed (one hop to the I/O thread instead of three).
    func cancel() {
        let (connection, watchdog) = state.withLock { state in
            state.finished = true
            state.cancelled = true
            defer {
                state.connection = nil
                state.watchdog = nil
            }
            return (state.connection, state.watchdog)
        }
        // The socket first: it is what the caller waits for.
        connection?.abort()
        watchdog?.cancel()
    }

    /// Ends the stream normally (after the job was cancelled): closes the connection at once and
    /// cuts pending waits short.
    func endNormally() {
        let (connection, waiters, watchdog) = state.withLock { state in
            state.endedRemotely = true
            let waiters = Array(state.waiters.values)
            state.waiters = [:]
            defer { state.watchdog = nil }
            return (state.connection, waiters, state.watchdog)
        }
        connection?.abort()
        watchdog?.cancel()
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when the stream is ended remotely, or when the task is cancelled.
    func waitForRemoteEnd() async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.endedRemotely || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
