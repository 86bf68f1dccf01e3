import RuntimeIO
import RuntimeWire
import Synchronization

/// Learns of a job's end from its websocket instead of polling (DESIGN §4): while somebody waits
/// in `result()` or `waitForFinalState()`, one watcher task per job opens the job's stream,
/// discards what it carries, and on close 1000 reads the status once to confirm the final state.
/// A connection lost after it opened is re-established with the stream backoff; when no websocket
/// can be opened, when the retries run out, or when a close 1000 is not confirmed, the watcher
/// falls back to status polling at the waiter's poll interval.
///
/// Concurrent waiters of the same job share the watcher; it is cancelled, and its socket closed,
/// when the last waiter leaves (returns, times out or is cancelled). Cost per job: one upgrade,
/// one status read (and the result fetch of `result()`).
final class StreamCompletionStrategy: CompletionStrategy {
    private struct Waiter {
        let continuation: CheckedContinuation<JobStatus, any Error>
        let timer: Task<Void, Never>
    }

    private struct State {
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiter: UInt64 = 0
        var watcher: Task<Void, Never>?
        var generation: UInt64 = 0
    }

    private let client: ServiceClient
    private let connector: StreamConnector
    private let state = Mutex(State())

    init(client: ServiceClient, jobID: String) {
        self.client = client
        self.connector = StreamConnector(client: client, jobID: jobID)
    }

    /// How many waiters share the watcher, and whether one runs (for tests).
    var activity: (waiters: Int, watching: Bool) {
        state.withLock { ($0.waiters.count, $0.watcher != nil) }
    }

    func waitForFinalState(
        of job: RuntimeJob, deadline: ContinuousClock.Instant, pollInterval: Duration
    ) async throws -> JobStatus {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JobStatus, any Error>) in
                let registered: Bool = state.withLock { state in
                    if Task.isCancelled { return false }
                    let timer = Task { [clock = client.clock, weak self] in
                        do { try await clock.sleep(until: deadline) } catch { return }
                        self?.resume(id, with: .failure(job.timeoutError()))
                    }
                    state.waiters[id] = Waiter(continuation: continuation, timer: timer)
                    if state.watcher == nil {
                        state.generation &+= 1
                        let generation = state.generation
                        state.watcher = Task { [self] in
                            let outcome = await self.watch(job, pollInterval: pollInterval)
                            self.deliver(outcome, generation: generation)
                        }
                    }
                    return true
                }
                if !registered { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            resume(id, with: .failure(CancellationError()))
        }
    }

    /// Resumes one waiter; cancels the watcher when it was the last.
    private func resume(_ id: UInt64, with outcome: Result<JobStatus, any Error>) {
        let (waiter, watcher): (Waiter?, Task<Void, Never>?) = state.withLock { state in
            guard let waiter = state.waiters.removeValue(forKey: id) else { return (nil, nil) }
            guard state.waiters.isEmpty, let watcher = state.watcher else { return (waiter, nil) }
            state.watcher = nil
            return (waiter, watcher)
        }
        watcher?.cancel()
        waiter?.timer.cancel()
        waiter?.continuation.resume(with: outcome)
    }

    /// Resumes every waiter with the watcher's outcome.
    private func deliver(_ outcome: Result<JobStatus, any Error>, generation: UInt64) {
        let waiters: [Waiter] = state.withLock { state in
            guard state.generation == generation else { return [] }
            state.watcher = nil
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.timer.cancel()
            waiter.continuation.resume(with: outcome)
        }
    }

    /// The watcher: the job's final status, from the stream's close 1000 or from polling.
    private func watch(_ job: RuntimeJob, pollInterval: Duration) async -> Result<JobStatus, any Error> {
        do {
            return .success(try await watchStream(job, pollInterval: pollInterval))
        } catch {
            return .failure(error)
        }
    }

    private func watchStream(_ job: RuntimeJob, pollInterval: Duration) async throws -> JobStatus {
        let streaming = client.configuration.streaming
        var failures = 0
        var opened = false
        while true {
            try Task.checkCancellation()
            let connection: WebSocketConnection
            do {
                connection = try await connector.connect(deadline: client.callDeadline(nil))
            } catch {
                try InterimResultFeed.rethrowIfCancelled(error)
                // Never opened, or refused outright: poll.
                if !opened || StreamConnector.isRefusal(error) {
                    client.logger.log(.debug, "completion watcher of job \(job.jobID): \(InterimResultFeed.describe(error)); polling")
                    return try await poll(job, pollInterval: pollInterval)
                }
                failures += 1
                guard failures <= streaming.maximumReconnects else { return try await poll(job, pollInterval: pollInterval) }
                try await client.clock.sleep(until: client.clock.now + streaming.backoff(beforeRetry: failures))
                continue
            }
            opened = true
            var code: UInt16 = WebSocketCloseCode.abnormal
            do {
                while try await connection.receive() != nil { failures = 0 }
                code = connection.closeCode ?? WebSocketCloseCode.abnormal
            } catch {
                connection.abort()
                try InterimResultFeed.rethrowIfCancelled(error)
            }
            connection.abort()
            if code == WebSocketCloseCode.normal {
                let status = try await job.status()
                if status.isFinal { return status }
                return try await poll(job, pollInterval: pollInterval)
            }
            failures += 1
            guard failures <= streaming.maximumReconnects else { return try await poll(job, pollInterval: pollInterval) }
            try await client.clock.sleep(until: client.clock.now + streaming.backoff(beforeRetry: failures))
        }
    }

    private func poll(_ job: RuntimeJob, pollInterval: Duration) async throws -> JobStatus {
        try await PollingCompletionStrategy(clock: client.clock).waitForFinalState(
            of: job, deadline: job.deadline(after: nil), pollInterval: pollInterval)
    }
}
