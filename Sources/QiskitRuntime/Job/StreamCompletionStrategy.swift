import RuntimeIO
import RuntimeWire
import Synchronization

/// Learns of a job's end from its websocket instead of polling (DESIGN §4): while somebody waits
/// in `result()` or `waitForFinalState()`, one watcher task per job follows the job's websocket
/// through a ``JobStreamDriver`` in its ``JobStreamStateMachine/Purpose/completion`` role (the
/// same machine, reconnect policy and liveness rules as an interim-result stream), discarding what
/// it carries; on close 1000 it reads the status once to confirm the final state. Reconnects,
/// their status reads and the fallback to polling are the machine's.
///
/// **One socket per job.** When the job has a live interim-result stream, the watcher opens no
/// websocket of its own: it waits for that stream's end (a normal end is confirmed by one status
/// read). A stream that starts while the watcher holds a websocket takes over: the watcher closes
/// its socket and follows the stream (``StreamRegistry``).
///
/// **Never held up by a consumer.** Beside the websocket — its own or a stream's, whose consumer
/// may not be reading — the status is read every `max(pollInterval, streaming.statusCheckInterval)`,
/// so no websocket behaviour and no stalled consumer can hold the wait beyond that once the job is
/// final.
///
/// Concurrent waiters of the same job share the watcher; it is cancelled, and its socket closed,
/// when the last waiter leaves (returns, times out or is cancelled). Waiters wait in a
/// ``Waiting/Queue``; their deadlines are timers of the configuration's clock. Cost per job: one
/// upgrade, one status read (and the result fetch of `result()`).
final class StreamCompletionStrategy: CompletionStrategy {
    private struct State {
        var waiters = Waiting.Queue<JobStatus>()
        var watcher: Task<Void, Never>?
        var generation: UInt64 = 0
        /// The final status, once a status read of the job found it (a final status is final).
        var final: JobStatus?
    }

    private let client: ServiceClient
    private let jobID: String
    private let state = Mutex(State())

    init(client: ServiceClient, jobID: String) {
        self.client = client
        self.jobID = jobID
    }

    /// How many waiters share the watcher, and whether one runs (for tests).
    var activity: (waiters: Int, watching: Bool) {
        state.withLock { ($0.waiters.count, $0.watcher != nil) }
    }

    func waitForFinalState(
        of job: RuntimeJob, deadline: ContinuousClock.Instant?, pollInterval: Duration
    ) async throws -> JobStatus {
        let entry = state.withLock { state -> (id: WaiterID?, final: JobStatus?) in
            if let final = state.final { return (nil, final) }
            let id = state.waiters.enqueue()
            if state.watcher == nil {
                state.generation &+= 1
                let generation = state.generation
                state.watcher = Task { [self] in
                    let outcome = await self.watch(job, pollInterval: pollInterval)
                    self.deliver(outcome, generation: generation)
                }
            }
            return (id, nil)
        }
        if let final = entry.final { return final }
        guard let id = entry.id else { throw CancellationError() }
        return try await Waiting.wait(
            deadline: deadline, scheduler: client.clock, timeoutError: { job.timeoutError() },
            register: { continuation in state.withLock { $0.waiters.register(id, continuation) } },
            resolve: { outcome in
                // The last waiter to leave takes the watcher out, to cancel it outside the lock.
                let (resumption, watcher) = self.state.withLock { state -> (Waiting.Resumption<JobStatus>?, Task<Void, Never>?) in
                    let resumption = state.waiters.resolve(id, with: outcome)
                    guard state.waiters.isEmpty, let watcher = state.watcher else { return (resumption, nil) }
                    state.watcher = nil
                    state.generation &+= 1
                    return (resumption, watcher)
                }
                watcher?.cancel()
                return resumption
            })
    }

    /// A status read of the job found it final: every waiter returns with it now, and the
    /// watcher (whose outcome would come later, or never) is cancelled.
    func finalStatusObserved(_ status: JobStatus) {
        let (resumptions, watcher) = state.withLock { state -> ([Waiting.Resumption<JobStatus>], Task<Void, Never>?) in
            state.final = status
            // The running watcher's outcome is stale from now on.
            state.generation &+= 1
            defer { state.watcher = nil }
            return (state.waiters.finish(with: .success(status)), state.watcher)
        }
        watcher?.cancel()
        for resumption in resumptions { resumption.resume() }
    }

    /// Resumes every waiter with the watcher's outcome.
    private func deliver(_ outcome: Result<JobStatus, any Error>, generation: UInt64) {
        let resumptions = state.withLock { state -> [Waiting.Resumption<JobStatus>] in
            guard state.generation == generation else { return [] }
            state.watcher = nil
            return state.waiters.resolveAll(with: outcome)
        }
        for resumption in resumptions { resumption.resume() }
    }

    /// The watcher: the job's final status, from the websocket (its own or a stream's), from the
    /// periodic status check, or from polling.
    private func watch(_ job: RuntimeJob, pollInterval: Duration) async -> Result<JobStatus, any Error> {
        let checkInterval = max(pollInterval, client.configuration.streaming.statusCheckInterval)
        do {
            return .success(try await withThrowingTaskGroup(of: JobStatus.self) { group in
                group.addTask { try await self.follow(job, pollInterval: pollInterval) }
                group.addTask { try await self.checkPeriodically(job, every: checkInterval) }
                defer { group.cancelAll() }
                guard let status = try await group.next() else { throw CancellationError() }
                return status
            })
        } catch {
            return .failure(error)
        }
    }

    /// The job's final status from its websocket: the live interim-result stream's when there is
    /// one, else a connection of the watcher's own (given up when a stream claims the job).
    private func follow(_ job: RuntimeJob, pollInterval: Duration) async throws -> JobStatus {
        while true {
            try Task.checkCancellation()
            let control = StreamControl()
            if let stream = client.streams.attachWatcher(control, jobID: jobID) {
                // One socket per job: the stream's. Its normal end is the job's, confirmed by one
                // status read; any other end leaves the websocket to the watcher again.
                if try await stream.waitForEnd() == .jobEnded, let status = await readStatus(job), status.isFinal {
                    return status
                }
                continue
            }
            let driver = JobStreamDriver(.completion, job: job, client: client, control: control, pollInterval: pollInterval)
            let output: JobStreamDriver.Output
            do {
                output = try await withTaskCancellationHandler {
                    try await driver.next()
                } onCancel: {
                    control.cancel()
                }
            } catch {
                client.streams.detachWatcher(control, jobID: jobID)
                throw error
            }
            client.streams.detachWatcher(control, jobID: jobID)
            if case .end(let status?) = output { return status }
            // Stopped: an interim-result stream claimed the job; follow it.
        }
    }

    /// Reads the job's status every `interval` until it is final (failed reads are logged and
    /// tried again at the next check).
    private func checkPeriodically(_ job: RuntimeJob, every interval: Duration) async throws -> JobStatus {
        let clock = client.clock
        var next = clock.now + interval
        while true {
            try await clock.sleep(until: next)
            next = max(next + interval, clock.now)
            if let status = await readStatus(job), status.isFinal { return status }
        }
    }

    /// The job's status from the service, or nil (logged) when the read fails.
    private func readStatus(_ job: RuntimeJob) async -> JobStatus? {
        do {
            return try await job.status()
        } catch {
            client.logger.log(.debug, "completion watcher of job \(jobID): status read failed: \(JobStreamStateMachine.describe(error))")
            return nil
        }
    }
}
