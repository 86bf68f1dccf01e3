import QiskitRuntime
import RuntimeIO
import RuntimeWire
import Synchronization

/// The emulated Qiskit Runtime service: accounts, programs, jobs on a clock, and faults.
///
/// The service is transport-independent: the HTTP layer hands every request to its request
/// pipeline, and the websocket layer follows a job through ``subscribe(toJob:)``. Jobs do no work while time
/// passes: a job's state is computed from its timeline when asked, and a single scheduler (a
/// heap of wake-up instants, only for jobs that have subscribers) delivers interim results and
/// final states to subscribers — driven by ``EmulatorClock/advance(by:)`` on a manual clock, or
/// by one timer task on a real-time clock.
///
/// ```swift
/// let clock = EmulatorClock.manual()
/// let service = EmulatorService(configuration: .init(clock: clock))
/// let events = try service.subscribe(toJob: id)
/// clock.advance(by: .seconds(2))
/// for await event in events { … }
/// ```
public final class EmulatorService: Sendable {
    /// The configuration the service was created with (faults added later with ``inject(_:)``
    /// are not reflected here).
    public let configuration: EmulatorConfiguration
    let state: Mutex<ServiceState>
    /// HTTP requests handled so far, websocket upgrades included (read by `runtime-bench`).
    let handledRequests = Atomic<Int>(0)
    /// One simulation at a time (Sampler and Estimator jobs).
    /// One simulation at a time (a device runs one job at a time, and two large statevectors
    /// need twice the memory): jobs wait their turn in submission order, cancellably.
    let simulationLane = AsyncGate()

    /// Creates a service with no jobs.
    public init(configuration: EmulatorConfiguration = EmulatorConfiguration()) {
        self.configuration = configuration
        self.state = Mutex(ServiceState(seed: configuration.seed, faults: configuration.faults.http))
        let observer = configuration.clock.addObserver { [weak self] in self?.pump() }
        state.withLock { $0.clockObserver = observer }
    }

    deinit {
        let (observer, task) = state.withLock { ($0.clockObserver, $0.timerTask) }
        if let observer { configuration.clock.removeObserver(observer) }
        task?.cancel()
        // Simulations still running stop at their next check.
        let simulations = state.withLock { state in state.jobs.values.compactMap { $0.primitive?.cancellation } }
        for cancellation in simulations { cancellation.cancel() }
    }

    var now: Int64 { configuration.clock.microsecondsSince1970 }

    // MARK: Public model API

    /// Adds an HTTP fault while the service runs (after those of the configuration).
    public func inject(_ fault: HTTPFault) {
        state.withLock { $0.faults.append(FaultSlot(fault)) }
    }

    /// Whether `token` is a valid access token: issued by the login endpoint and not logged
    /// out, or listed in ``EmulatorConfiguration/accessTokens``.
    public func isValidAccessToken(_ token: String?) -> Bool {
        guard let token, !token.isEmpty else { return false }
        if configuration.accessTokens.contains(token) { return true }
        return state.withLock { $0.issuedTokens.contains(token) }
    }

    /// The job's current status, or `nil` if there is no such job.
    public func status(ofJob jobID: String) -> EmulatorJobStatus? {
        settleSessions()
        let now = self.now
        return state.withLock { $0.jobs[jobID]?.status(at: now) }
    }

    /// The websocket faults of a job (server-wide faults overridden by the job's inputs), or
    /// `nil` if there is no such job.
    public func streamFaults(ofJob jobID: String) -> StreamFaults? {
        state.withLock { $0.jobs[jobID]?.streamFaults }
    }

    /// Follows a job's events from now on.
    ///
    /// Delivers each interim result as it is published (results published before the call are
    /// not replayed: fetch `GET /jobs/{id}/interim_results` for those), then one
    /// ``StreamEvent/final(_:)`` when the job reaches a final state, and ends. With
    /// ``EmulatorConfiguration/finalResultInStream`` a completed job's result comes as one more
    /// ``StreamEvent/interim(_:)`` just before the final event. A job that is already final
    /// yields its final event at once.
    ///
    /// Buffering: at most ``EmulatorConfiguration/streamBufferLimit`` events wait for a slow
    /// consumer. When the buffer is full the subscription is ended without a final event (as a
    /// dropped connection would be); the consumer recovers missed results from
    /// `GET /jobs/{id}/interim_results`. Ending the iteration (or cancelling its task) removes
    /// the subscription.
    /// - Throws: `RuntimeError(.notFound)` if there is no such job.
    public func subscribe(toJob jobID: String) throws -> AsyncStream<StreamEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: StreamEvent.self, bufferingPolicy: .bufferingOldest(max(1, configuration.streamBufferLimit)))
        try subscribe(toJob: jobID, sink: .stream(continuation)) { action in
            continuation.onTermination = { _ in action() }
        }
        return stream
    }

    /// ``subscribe(toJob:)`` for the websocket endpoint: the same events and buffer limit, read
    /// in batches of everything already buffered, interim results as recipes whose text is
    /// written straight into the frames.
    /// - Throws: `RuntimeError(.notFound)` if there is no such job.
    func subscribeBatched(toJob jobID: String) throws -> StreamEvents {
        let queue = StreamEventQueue(limit: configuration.streamBufferLimit)
        try subscribe(toJob: jobID, sink: .queue(queue)) { action in
            queue.setOnTermination(action)
        }
        return StreamEvents(queue: queue)
    }

    /// Registers `sink` (after `setTermination` installed the unsubscribe action on it).
    private func subscribe(toJob jobID: String, sink: StreamEventSink, setTermination: (@escaping @Sendable () -> Void) -> Void) throws {
        pump()
        let id = state.withLock { state in
            defer { state.nextSubscriptionID += 1 }
            return state.nextSubscriptionID
        }
        setTermination { [weak self] in self?.unsubscribe(jobID: jobID, id: id) }
        let now = self.now
        let outcome: EmulatorJobStatus?? = state.withLock { state in
            guard let job = state.jobs[jobID] else { return .none }
            let status = job.status(at: now)
            if status.isFinal { return .some(status) }
            state.subscriptions[jobID, default: [:]][id] = Subscription(
                sink: sink, delivered: job.publishedCount(at: now))
            Self.schedule(jobID: jobID, state: &state)
            return .some(nil)
        }
        switch outcome {
        case .none:
            sink.finish()
            throw RuntimeError(.notFound, "Job not found: \(jobID)")
        case .some(.some(let status)):
            _ = sink.yield(contentsOf: [.event(.final(status))])
            sink.finish()
        case .some(.none):
            armTimerIfNeeded()
        }
    }

    /// Sets the handler of websocket upgrades on `/runtime/stream/jobs/{id}` (the stream layer);
    /// it receives the request and the percent-decoded job id. Without one, the route answers 501.
    package func setStreamHandler(_ handler: (@Sendable (HTTPServerRequest, String) async -> HTTPServerAction)?) {
        state.withLock { $0.streamHandler = handler }
    }

    var streamHandler: (@Sendable (HTTPServerRequest, String) async -> HTTPServerAction)? {
        state.withLock { $0.streamHandler }
    }

    // MARK: Scheduler

    /// Delivers every event that is due to subscribers.
    func pump() {
        let now = self.now
        let toDrain = state.withLock { state in
            var toDrain = Self.settleSessions(now: now, finalResult: configuration.finalResultInStream, state: &state)
            while let entry = state.wakeups.popIfDue(now) {
                // A simulation past its job's time limit stops (the job already reads ran-too-long).
                if state.jobs[entry.jobID]?.primitive?.isPending == true, state.jobs[entry.jobID]?.status(at: now).isFinal == true {
                    Self.stopSimulation(of: entry.jobID, state: state)
                }
                guard state.jobs[entry.jobID]?.scheduledWake == entry.time else { continue }
                state.jobs[entry.jobID]?.scheduledWake = nil
                toDrain += Self.deliver(jobID: entry.jobID, now: now, finalResult: configuration.finalResultInStream, state: &state)
            }
            return toDrain
        }
        drain(toDrain)
        armTimerIfNeeded()
    }

    private func unsubscribe(jobID: String, id: UInt64) {
        state.withLock { Self.remove((jobID, id), state: &$0) }
    }

    /// Queues the job's due events in its subscribers' outboxes (under the lock) and schedules
    /// its next wake-up. Returns the subscriptions whose drainer the caller became: the caller
    /// passes them to ``drain(_:)`` after releasing the lock.
    static func deliver(
        jobID: String, now: Int64, finalResult: Bool, state: inout ServiceState
    ) -> [(jobID: String, id: UInt64)] {
        guard let job = state.jobs[jobID], var subscriptions = state.subscriptions[jobID] else { return [] }
        let published = job.publishedCount(at: now)
        let status = job.status(at: now)
        let source = job.interimSource
        // Stream subscribers get texts, shared between them; batched ones get recipes.
        var payloads: [Int: String] = [:]
        var toDrain: [(jobID: String, id: UInt64)] = []
        for (id, subscription) in subscriptions where !subscription.ending {
            var subscription = subscription
            let texts = subscription.sink.wantsTexts
            while subscription.delivered < published {
                subscription.delivered += 1
                let k = subscription.delivered
                if texts {
                    let payload = payloads[k] ?? source.text(k)
                    payloads[k] = payload
                    subscription.outbox.append(.event(.interim(payload)))
                } else {
                    subscription.outbox.append(.interim(source, k: k))
                }
            }
            if status.isFinal {
                if finalResult, status == .completed { subscription.outbox.append(.event(.interim(job.result))) }
                subscription.outbox.append(.event(.final(status)))
                subscription.ending = true
            }
            if !subscription.draining, !subscription.outbox.isEmpty {
                subscription.draining = true
                toDrain.append((jobID, id))
            }
            subscriptions[id] = subscription
        }
        state.subscriptions[jobID] = subscriptions
        schedule(jobID: jobID, state: &state)
        return toDrain
    }

    /// Yields the queued events of these subscriptions, outside the lock, in order; ends a
    /// subscription after its final event, or when its buffer overflowed (a yield was dropped).
    func drain(_ keys: [(jobID: String, id: UInt64)]) {
        for key in keys {
            while true {
                let next: (sink: StreamEventSink, events: [QueuedStreamEvent])? =
                    state.withLock { state in
                        guard var subscription = state.subscriptions[key.jobID]?[key.id] else { return nil }
                        if subscription.outbox.isEmpty {
                            subscription.draining = false
                            if subscription.ending {
                                Self.remove(key, state: &state)
                                return (subscription.sink, [])
                            }
                            state.subscriptions[key.jobID]?[key.id] = subscription
                            return nil
                        }
                        let events = subscription.outbox
                        subscription.outbox = []
                        state.subscriptions[key.jobID]?[key.id] = subscription
                        return (subscription.sink, events)
                    }
                guard let next else { break }
                if next.events.isEmpty {
                    next.sink.finish()
                    break
                }
                if !next.sink.yield(contentsOf: next.events) {
                    state.withLock { Self.remove(key, state: &$0) }
                    next.sink.finish()
                    break
                }
            }
        }
    }

    private static func remove(_ key: (jobID: String, id: UInt64), state: inout ServiceState) {
        state.subscriptions[key.jobID]?[key.id] = nil
        if state.subscriptions[key.jobID]?.isEmpty == true { state.subscriptions[key.jobID] = nil }
    }

    /// Queues the job's next wake-up if it has subscribers and none is queued earlier.
    static func schedule(jobID: String, state: inout ServiceState) {
        guard let job = state.jobs[jobID], let subscriptions = state.subscriptions[jobID],
              let delivered = subscriptions.values.filter({ !$0.ending }).map(\.delivered).min() else { return }
        let next = job.plan.nextEvent(afterDelivered: delivered, cancelledAt: job.cancelledAt)
        if let current = job.scheduledWake, current <= next { return }
        state.jobs[jobID]?.scheduledWake = next
        state.wakeups.push(next, jobID)
    }

    /// On a real-time clock, makes sure one timer task sleeps until the earliest wake-up.
    private func armTimerIfNeeded() {
        let clock = configuration.clock
        guard !clock.isManual else { return }
        let plan: (target: Int64, old: Task<Void, Never>?)? = state.withLock { state in
            guard let earliest = state.wakeups.earliest else { return nil }
            if let target = state.timerTarget, target <= earliest { return nil }
            state.timerTarget = earliest
            let old = state.timerTask
            state.timerTask = nil
            return (earliest, old)
        }
        guard let plan else { return }
        plan.old?.cancel()
        let target = plan.target
        let task = Task { [weak self] in
            let delay = target - clock.microsecondsSince1970
            if delay > 0 { try? await Task.sleep(for: .microseconds(delay)) }
            if Task.isCancelled { return }
            self?.timerFired(target: target)
        }
        let stale = state.withLock { state in
            guard state.timerTarget == target else { return true }
            state.timerTask = task
            return false
        }
        if stale { task.cancel() }
    }

    private func timerFired(target: Int64) {
        state.withLock { state in
            if state.timerTarget == target {
                state.timerTarget = nil
                state.timerTask = nil
            }
        }
        pump()
    }
}
