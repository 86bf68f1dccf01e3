import RuntimeIO
import Synchronization

/// The part of a job's websocket user (an interim-result stream, or the completion watcher's own
/// connection) that other tasks touch: whether it finished or was stopped from outside, its open
/// connection (to close it from outside), and the waits a stop cuts short. ``StreamRegistry``
/// holds these, never the stream itself, so a stream that is released leaves the registry in its
/// `deinit`.
final class StreamControl: Sendable {
    /// How a stream ended, as the completion watcher that follows it needs to know.
    enum End: Sendable, Hashable {
        /// The stream ended with the job (a normal close, a final status, a remote cancel): the
        /// job's status is final or about to be.
        case jobEnded
        /// The stream failed, was cancelled or released: says nothing about the job.
        case abandoned
    }

    private struct State {
        var finished = false
        var cancelled = false
        var endedRemotely = false
        var connection: WebSocketConnection?
        /// The status check that runs while `connection` is open.
        var watchdog: Task<Void, Never>?
    }

    private let state = Mutex(State())
    /// Callers waiting for a stop from outside (``endNormally()``).
    private let stops = Waiters<Void>()
    /// Callers waiting for the end (``waitForEnd()``).
    private let ends = Waiters<End>()

    init() {}

    /// Whether the stream ended (normally, with an error, or remotely).
    var isFinished: Bool { state.withLock { $0.finished || $0.endedRemotely } }

    /// Whether ``endNormally()`` was called: the stream was stopped from outside and delivers
    /// nothing more.
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
    func finish(_ end: End = .abandoned) {
        close(end, cancelled: false)
    }

    /// Whether the consumer's task was cancelled (``cancel()``).
    var wasCancelled: Bool { state.withLock { $0.cancelled } }

    /// The consumer's task was cancelled: marks the stream finished and closes its connection
    /// at once, from the cancelling thread, instead of after the pending read has failed and
    /// the consumer has resumed (one hop to the I/O thread instead of three).
    func cancel() {
        close(.abandoned, cancelled: true)
    }

    /// Marks the stream finished, takes its connection and watchdog out under the lock, and
    /// closes them after releasing it: the socket first (it is what a cancelling caller waits
    /// for), then the watchdog, then the waiters of its end.
    private func close(_ end: End, cancelled: Bool) {
        let (connection, watchdog) = state.withLock { state in
            state.finished = true
            if cancelled { state.cancelled = true }
            defer {
                state.connection = nil
                state.watchdog = nil
            }
            return (state.connection, state.watchdog)
        }
        connection?.abort()
        watchdog?.cancel()
        ends.finish(with: .success(end))
    }

    /// Ends the stream normally (after the job was cancelled, or to hand the websocket over to
    /// an interim-result stream): closes the connection at once and cuts pending waits short.
    func endNormally() {
        let (connection, watchdog) = state.withLock { state in
            state.endedRemotely = true
            defer { state.watchdog = nil }
            return (state.connection, state.watchdog)
        }
        connection?.abort()
        watchdog?.cancel()
        stops.finish(with: .success(()))
        ends.finish(with: .success(.jobEnded))
    }

    /// Returns when the stream is stopped from outside, or when the task is cancelled.
    func waitForStop() async {
        _ = try? await stops.wait()
    }

    /// How many callers wait for the end (completion watchers following the stream; for tests).
    var followerCount: Int { ends.count }

    /// How the stream ended, once it has.
    /// - Throws: `CancellationError`.
    func waitForEnd() async throws -> End {
        try await ends.wait()
    }
}
