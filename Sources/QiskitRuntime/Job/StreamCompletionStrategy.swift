import RuntimeIO
import RuntimeWire
import Synchronization

/// Learns of a job's end from its websocket instead of polling (DESIGN §4): while somebody waits
/// in `result()` or `waitForFinalState()`, one watcher task per job opens the job's stream,
/// discards what it carries, and on close 1000 reads the status once to confirm the final state.
/// A connection lost after it opened is re-established with the stream backoff, reading the
/// status at each reconnect (a final one ends the wait); a connection counts as failed unless it
/// carried a frame after its acknowledgement. When no websocket can be opened, when the retries
/// run out, or when a close 1000 is not confirmed, the watcher falls back to status polling at
/// the waiter's poll interval. Beside the websocket, the status is read every
/// `max(pollInterval, streaming.statusCheckInterval)`, so no websocket behaviour can hold the
/// wait beyond that once the job is final.
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
        /// The final status, once a status read of the job found it (a final status is final).
        var final: JobStatus?
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
                let registered: Result<JobStatus, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if let final = state.final { return .success(final) }
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
                    return nil
                }
                if let registered { continuation.resume(with: registered) }
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

    /// A status read of the job found it final: every waiter returns with it now, and the
    /// watcher (whose outcome would come later, or never) is cancelled.
    func finalStatusObserved(_ status: JobStatus) {
        let (waiters, watcher): ([Waiter], Task<Void, Never>?) = state.withLock { state in
            state.final = status
            guard !state.waiters.isEmpty || state.watcher != nil else { return ([], nil) }
            // The running watcher's outcome is stale from now on.
            state.generation &+= 1
            let waiters = Array(state.waiters.values)
            state.waiters = [:]
            defer { state.watcher = nil }
            return (waiters, state.watcher)
        }
        watcher?.cancel()
        for waiter in waiters {
            waiter.timer.cancel()
            waiter.continuation.resume(returning: status)
        }
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

    /// The watcher: the job's final status, from the stream's close 1000, from a status read at
    /// a reconnect, from the periodic status check, or from polling.
    private func watch(_ job: RuntimeJob, pollInterval: Duration) async -> Result<JobStatus, any Error> {
        do {
            return .success(try await watchStream(job, pollInterval: pollInterval))
        } catch {
            return .failure(error)
        }
    }

    /// The websocket and, beside it, a status read every `max(pollInterval, statusCheckInterval)`:
    /// whatever the websocket does (a server that acknowledges and drops the stream again and
    /// again, floods pings, holds it open in silence…), the wait ends at most one check after
    /// the job is final.
    private func watchStream(_ job: RuntimeJob, pollInterval: Duration) async throws -> JobStatus {
        let checkInterval = max(pollInterval, client.configuration.streaming.statusCheckInterval)
        let final = try await withThrowingTaskGroup(of: JobStatus?.self) { group -> JobStatus? in
            // `followStream` returns nil when it is time to poll; the check never returns nil.
            group.addTask { try await self.followStream(job) }
            group.addTask { try await self.checkPeriodically(job, every: checkInterval) }
            defer { group.cancelAll() }
            guard let outcome = try await group.next() else { throw CancellationError() }
            return outcome
        }
        if let final { return final }
        // Polling from here on: the periodic check has ended with the group.
        return try await poll(job, pollInterval: pollInterval)
    }

    /// Reads the job's status every `interval` until it is final (failed reads are logged and
    /// tried again at the next check).
    private func checkPeriodically(_ job: RuntimeJob, every interval: Duration) async throws -> JobStatus? {
        let clock = client.clock
        var next = clock.now + interval
        while true {
            try await clock.sleep(until: next)
            next = max(next + interval, clock.now)
            if let status = await readStatus(job), status.isFinal { return status }
        }
    }

    /// The job's status from the service, or nil (logged) when the read fails; cancellation
    /// propagates as nil too (the caller's sleep throws next).
    private func readStatus(_ job: RuntimeJob) async -> JobStatus? {
        do {
            return try await job.status()
        } catch {
            client.logger.log(.debug, "completion watcher of job \(job.jobID): status read failed: \(InterimResultFeed.describe(error))")
            return nil
        }
    }

    /// Follows the job's websocket: the final status on close 1000 (confirmed by a status read)
    /// or from a status read at a reconnect; nil when it is time to poll instead (no websocket to
    /// be had, retries used up, a close 1000 not confirmed). A connection counts as failed unless
    /// it delivered a data frame after its acknowledgement; the acknowledgement alone does not.
    private func followStream(_ job: RuntimeJob) async throws -> JobStatus? {
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
                    return nil
                }
                failures += 1
                switch try await afterFailure(job, failures: failures) {
                case .final(let status): return status
                case .poll: return nil
                case .retry: continue
                }
            }
            opened = true
            var code: UInt16 = WebSocketCloseCode.abnormal
            var frames = 0
            do {
                while try await connection.receive() != nil { frames += 1 }
                code = connection.closeCode ?? WebSocketCloseCode.abnormal
            } catch {
                connection.abort()
                try InterimResultFeed.rethrowIfCancelled(error)
            }
            connection.abort()
            if code == WebSocketCloseCode.normal {
                // Confirmed by one status read; a failed read is tried again by polling.
                if let status = await readStatus(job), status.isFinal { return status }
                return nil
            }
            // The first frame is the acknowledgement: only frames after it are progress.
            if frames > 1 { failures = 0 }
            failures += 1
            switch try await afterFailure(job, failures: failures) {
            case .final(let status): return status
            case .poll: return nil
            case .retry: continue
            }
        }
    }

    /// What follows a failed connection.
    private enum NextStep {
        case final(JobStatus)
        case poll
        case retry
    }

    /// After the `failures`-th failed connection in a row: the job's status read over REST (a
    /// final one ends the watch), then polling once the retries are used up, or the backoff.
    private func afterFailure(_ job: RuntimeJob, failures: Int) async throws -> NextStep {
        if let status = await readStatus(job), status.isFinal { return .final(status) }
        try Task.checkCancellation()
        let streaming = client.configuration.streaming
        guard failures <= streaming.maximumReconnects else { return .poll }
        try await client.clock.sleep(until: client.clock.now + streaming.backoff(beforeRetry: failures))
        return .retry
    }

    private func poll(_ job: RuntimeJob, pollInterval: Duration) async throws -> JobStatus {
        try await PollingCompletionStrategy(clock: client.clock, logger: client.logger).waitForFinalState(
            of: job, deadline: job.deadline(after: nil), pollInterval: pollInterval)
    }
}
