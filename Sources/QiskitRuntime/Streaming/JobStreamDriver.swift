import RuntimeIO
import RuntimeWire

/// Runs one ``JobStreamStateMachine``: performs its actions (the websocket, REST reads, backoff
/// and poll waits on the configuration's clock) and reports what happened, until it hands out an
/// interim result or ends. The only code in the SDK that opens, reads and re-opens a job's
/// websocket: the interim-result stream pulls it in the consumer's task
/// (``InterimResultFeed``), the completion watcher in its own (``StreamCompletionStrategy``).
///
/// The open connection is recorded in ``control`` so that other tasks can close it: the
/// consumer's cancellation, a remote cancel (``StreamControl/endNormally()``), or, for the
/// watcher, an interim-result stream of the same job that takes the websocket over.
// @unchecked Sendable: `machine`, `action` and `connection` are read and written only inside
// `next()` and `takeBuffered()`, which one task at a time calls (the feed admits one pulling task
// under its Mutex; the watcher's driver lives in the watcher's task alone). Everything other tasks
// touch lives in `control`.
final class JobStreamDriver: @unchecked Sendable {
    /// What ``next()`` hands out.
    enum Output: Sendable {
        /// An interim result's payload text.
        case message(String)
        /// The end: the job's final status when it was read (the watcher always reads it), nil
        /// at the end of a stream or when the stream was ended from outside.
        case end(JobStatus?)
    }

    let job: RuntimeJob
    let client: ServiceClient
    let control: StreamControl
    private let connector: StreamConnector
    private(set) var machine: JobStreamStateMachine
    /// The next action to perform; nil before the start.
    private var action: JobStreamStateMachine.Action?
    private var connection: WebSocketConnection?

    init(_ purpose: JobStreamStateMachine.Purpose, job: RuntimeJob, client: ServiceClient, control: StreamControl, pollInterval: Duration) {
        self.job = job
        self.client = client
        self.control = control
        self.connector = StreamConnector(client: client, jobID: job.jobID)
        self.machine = JobStreamStateMachine(
            purpose: purpose, jobID: job.jobID, streaming: client.configuration.streaming, pollInterval: pollInterval)
    }

    private var jobID: String { job.jobID }
    private var purpose: JobStreamStateMachine.Purpose { machine.purpose }

    // MARK: Running

    /// The next interim result, or the end.
    /// - Throws: `.reconnectsExhausted`, service errors the machine ends with,
    ///   `CancellationError`.
    func next() async throws -> Output {
        var action = self.action ?? machine.start(streamingSupported: client.supportsStreaming)
        while true {
            switch action {
            case .deliver(let text):
                self.action = machine.resume()
                return .message(text)
            case .finish(let status):
                self.action = action
                closeConnection()
                return .end(status)
            case .fail(let error):
                self.action = machine.stopped()
                closeConnection()
                throw error
            default:
                if control.endedRemotely {
                    action = machine.stopped()
                    continue
                }
                self.action = action
                action = try await perform(action)
            }
        }
    }

    /// A live message the open connection has already read, taken without suspending (the
    /// common case while results stream in: one socket read holds dozens); nil when ``next()``
    /// must run.
    func takeBuffered() -> String? {
        // Only when the next action is a live read: a result taken from the list may be waiting
        // in `action` already.
        guard case .receive? = action, let connection, machine.isStreaming, !machine.hasPending, !Task.isCancelled else {
            return nil
        }
        while let message = connection.receiveBuffered() {
            // A delivery leaves the machine streaming with nothing pending: `action` stays a read.
            if case .deliver(let text) = machine.received(Self.text(of: message)) { return text }
        }
        return nil
    }

    /// Reconciles a live message that was not JSON with the REST list; see
    /// ``InterimResultFeed/repair(notJSON:)``.
    func repair(notJSON text: String) async -> InterimResultFeed.Repair {
        guard var ledger = machine.takeLedgerBeforeLive() else { return .deliver(text) }
        defer { machine.restoreLedger(ledger) }
        if let entry = ledger.repeatedEntry(cutTo: text) {
            _ = ledger.acceptLive(entry)
            return .skip
        }
        let position = ledger.deliveredCount
        var replacement = text
        do {
            let list = try await fetchList()
            if position < list.count, list[position] != text {
                replacement = list[position]
                client.logger.log(.info, "interim results of job \(jobID): live message \(position) was not JSON; delivering the list's entry instead")
            }
        } catch {
            client.logger.log(.debug, "interim results of job \(jobID): cannot read the list to check a message: \(Self.describe(error))")
        }
        ledger.acceptAsNew(replacement)
        return .deliver(replacement)
    }

    private func perform(_ action: JobStreamStateMachine.Action) async throws -> JobStreamStateMachine.Action {
        switch action {
        case .connect:
            return try await connect()
        case .receiveAcknowledgement:
            // The first frame of every connection is an acknowledgement: dropped unread.
            switch try await readFrame() {
            case .message: return machine.acknowledged()
            case .closed(let code): return machine.closedBeforeAcknowledgement(code: code)
            case .failed(let next): return next
            }
        case .fetchList:
            do {
                return machine.listFetched(try await fetchList())
            } catch {
                return try connectionFailed(error)
            }
        case .receive:
            switch try await readFrame() {
            case .message(let message): return machine.received(Self.text(of: message))
            case .closed(let code): return machine.closed(code: code)
            case .failed(let next): return next
            }
        case .readStatus:
            closeConnection()
            return machine.statusRead(await readStatus())
        case .backOff(let delay):
            client.logger.log(
                .info, "stream of job \(jobID) lost (\(machine.lastFailureDescription)); retry \(machine.failures) in \(delay)")
            try await sleep(for: delay)
            return machine.backoffElapsed()
        case .poll(let after):
            if let after {
                try await sleep(for: after)
                if control.endedRemotely { return machine.stopped() }
            }
            do {
                let status = try await job.status()
                let list = purpose == .interimResults ? try await fetchList() : []
                return machine.polled(status, list: list)
            } catch {
                if Task.isCancelled { throw CancellationError() }
                let next = machine.pollFailed(error)
                if case .poll = next {
                    client.logger.log(.info, "job \(jobID): \(Self.describe(error)); trying again at the next poll")
                }
                return next
            }
        case .waitForJob:
            try await untilStopped { [job] in _ = try await job.waitForFinalState() }
            return machine.jobEnded()
        case .deliver, .finish, .fail:
            return action
        }
    }

    private func connect() async throws -> JobStreamStateMachine.Action {
        if await job.isKnownFinal { return machine.jobKnownFinal() }
        let opened: WebSocketConnection
        do {
            opened = try await connector.connect(deadline: client.callDeadline(nil))
        } catch {
            try Self.rethrowIfCancelled(error)
            let refusal = StreamConnector.isRefusal(error)
            let next = machine.connectFailed(error, refusal: refusal)
            if case .poll = next {
                client.logger.log(.info, "no websocket for job \(jobID) (\(Self.describe(error))); polling")
            }
            return next
        }
        let watchdog = purpose == .interimResults ? watchdog(for: opened) : nil
        guard control.adopt(opened, watchdog: watchdog) else { return machine.stopped() }
        connection = opened
        return machine.connected()
    }

    /// What reading a frame of the open connection gave.
    private enum Frame {
        case message(WebSocketMessage)
        /// The peer closed with this code; the connection is closed.
        case closed(code: UInt16)
        /// The read failed; the connection is closed and this is the machine's next action.
        case failed(JobStreamStateMachine.Action)
    }

    private func readFrame() async throws -> Frame {
        guard let connection else { return .failed(machine.connectionFailed(Self.noConnection)) }
        let message: WebSocketMessage?
        do {
            message = try await connection.receive()
        } catch {
            return .failed(try connectionFailed(RuntimeError.converting(error)))
        }
        guard let message else {
            closeConnection()
            return .closed(code: connection.closeCode ?? WebSocketCloseCode.abnormal)
        }
        return .message(message)
    }

    /// The open connection failed: closed, then the machine decides (unless the stream was ended
    /// from outside or the task cancelled).
    private func connectionFailed(_ error: any Error) throws -> JobStreamStateMachine.Action {
        closeConnection()
        if control.endedRemotely { return machine.stopped() }
        try Self.rethrowIfCancelled(error)
        return machine.connectionFailed(error)
    }

    private func closeConnection() {
        guard let connection else { return }
        self.connection = nil
        control.drop(connection)
    }

    /// A task that reads the job's status every `max(pollInterval, statusCheckInterval)` while
    /// `connection` is open, and closes it once the job is final: a websocket that never reports
    /// the end (held open in silence, or chattering without data) then ends like a lost one, and
    /// the stream finishes from the REST list, which holds everything by then. (The watcher has
    /// its own check, which runs whether or not it holds a websocket.)
    private func watchdog(for connection: WebSocketConnection) -> Task<Void, Never> {
        let interval = max(client.configuration.pollInterval, client.configuration.streaming.statusCheckInterval)
        return Task { [job, clock = client.clock, logger = client.logger, jobID] in
            var next = clock.now + interval
            while true {
                do { try await clock.sleep(until: next) } catch { return }
                next = max(next + interval, clock.now)
                do {
                    guard try await job.status().isFinal else { continue }
                } catch {
                    if Task.isCancelled { return }
                    logger.log(.debug, "stream of job \(jobID): status check failed: \(Self.describe(error))")
                    continue
                }
                logger.log(.info, "stream of job \(jobID): the job is final but its websocket is still open; closing it")
                connection.abort()
                return
            }
        }
    }

    // MARK: REST

    /// The job's status, or nil (logged) when the read fails.
    private func readStatus() async -> JobStatus? {
        do {
            return try await job.status()
        } catch {
            client.logger.log(.debug, "stream of job \(jobID): status read failed: \(Self.describe(error))")
            return nil
        }
    }

    /// `GET /jobs/{id}/interim_results` as payload texts, oldest first; a 404 is an empty list.
    private func fetchList() async throws -> [String] {
        let response = try await client.perform(
            ServiceRequest(
                "GET", path: ["jobs", jobID, "interim_results"], context: "Failed to get interim results: \(jobID)"),
            accepting: [404])
        if response.status == 404 { return [] }
        return try InterimResultFeed.parseList(response.body, jobID: jobID)
    }

    // MARK: Waiting

    /// Sleeps on the configuration's clock; returns early when the stream is stopped from outside.
    private func sleep(for delay: Duration) async throws {
        let deadline = client.clock.now + delay
        try await untilStopped { [clock = client.clock] in try await clock.sleep(until: deadline) }
    }

    /// Runs `operation` until it returns, or until the stream is stopped from outside.
    private func untilStopped(_ operation: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await operation() }
            group.addTask { [control] in await control.waitForStop() }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    // MARK: Helpers

    private static let noConnection = RuntimeError(.connectionClosed, "no open connection")

    static func text(of message: WebSocketMessage) -> String {
        switch message {
        case .text(let payload): return payload
        case .binary(let payload): return String(decoding: payload, as: UTF8.self)
        }
    }

    static func rethrowIfCancelled(_ error: any Error) throws {
        if error is CancellationError || Task.isCancelled { throw CancellationError() }
    }

    static func describe(_ error: any Error) -> String {
        JobStreamStateMachine.describe(error)
    }
}
