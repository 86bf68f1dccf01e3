import RuntimeIO
import RuntimeWire
import Synchronization

/// The state behind one ``RuntimeJob/interimResults()`` stream: pulls one payload text at a time,
/// in the consumer's task, from the job's websocket (reconnecting with backoff, catching up from
/// the REST list so that nothing is lost or repeated), from REST polling when no websocket can be
/// opened, or from nothing on a service without streaming.
///
/// It owns the open connection: it is closed when the stream ends, fails, is ended by
/// ``StreamControl/endNormally()``, or at the latest when the feed is released (`deinit`).
// @unchecked Sendable: the pull state (`phase`, `ledger`, `pending`, `pendingStart`, `failures`,
// `polled`, `claimed`) is read and written only by the task inside `next()`; `pulling`, set and
// cleared under its Mutex, admits one such task at a time and orders their accesses. Everything
// other tasks touch (the remote end, the open connection, waiters) lives in `control`.
final class InterimResultFeed: @unchecked Sendable {
    private enum Phase {
        case connect
        case streaming(WebSocketConnection)
        case polling
        case waitForJob
        case finished
    }

    let jobID: String
    private let job: RuntimeJob
    private let client: ServiceClient
    private let connector: StreamConnector
    private let control = StreamControl()
    /// Whether a task is inside ``next()``.
    private let pulling = Mutex(false)

    private var phase: Phase
    private var ledger = InterimResultLedger()
    private var pending: [String] = []
    private var pendingStart = 0
    private var failures = 0
    private var pollFailures = 0
    private var polled = false
    private var claimed = false
    /// The ledger as it was before the live frame last handed out was accepted; nil when the
    /// text last handed out came from the REST list.
    private var ledgerBeforeLive: InterimResultLedger?

    init(job: RuntimeJob, client: ServiceClient) {
        self.jobID = job.jobID
        self.job = job
        self.client = client
        self.connector = StreamConnector(client: client, jobID: job.jobID)
        self.phase = client.supportsStreaming ? .connect : .waitForJob
    }

    deinit {
        control.finish()
        client.streams.release(control, jobID: jobID)
    }

    /// Whether the stream has ended (normally, by an error, or by a remote cancel).
    var isFinished: Bool { control.isFinished }

    private var endedRemotely: Bool { control.endedRemotely }

    // MARK: Pulling

    /// The next payload text, or `nil` at the end of the stream.
    /// - Throws: `RuntimeError.Code.alreadyStreaming` when another live stream of the job exists
    ///   (or another task iterates this one), `RuntimeError.Code.reconnectsExhausted`, service
    ///   errors, `CancellationError`.
    func next() async throws -> String? {
        if let text = nextBuffered() { return text }
        let admitted: Bool? = pulling.withLock { pulling in
            if control.isFinished && !control.endedRemotely { return nil }
            if pulling { return false }
            pulling = true
            return true
        }
        guard let admitted else {
            if control.wasCancelled { throw CancellationError() }
            return nil
        }
        guard admitted else {
            throw RuntimeError(.alreadyStreaming, "the interim results of job \(jobID) are iterated by another task")
        }
        defer { pulling.withLock { $0 = false } }
        if !claimed {
            guard client.streams.claim(control, jobID: jobID) else {
                finish()
                throw RuntimeError(
                    .alreadyStreaming,
                    "job \(jobID) already has a live interim-result stream (interim results are unicast)")
            }
            claimed = true
        }
        do {
            let control = self.control
            let produced = try await withTaskCancellationHandler {
                try await produce()
            } onCancel: {
                control.cancel()
            }
            guard let text = produced else {
                finish()
                if control.wasCancelled { throw CancellationError() }
                return nil
            }
            return text
        } catch {
            finish()
            if endedRemotely, !(error is CancellationError) { return nil }
            throw error
        }
    }

    /// A live message the open connection has already read, taken without suspending (the
    /// common case while results stream in: one socket read holds dozens); nil when the full
    /// path of ``next()`` must run (not streaming yet, results pending, the task cancelled, no
    /// whole message buffered, another task pulling, the stream finished).
    private func nextBuffered() -> String? {
        let admitted = pulling.withLock { pulling in
            if pulling || control.isFinished { return false }
            pulling = true
            return true
        }
        guard admitted else { return nil }
        defer { pulling.withLock { $0 = false } }
        guard claimed, pendingStart >= pending.count, case .streaming(let connection) = phase, !Task.isCancelled else {
            return nil
        }
        while let message = connection.receiveBuffered() {
            let text: String
            switch message {
            case .text(let payload): text = payload
            case .binary(let payload): text = String(decoding: payload, as: UTF8.self)
            }
            let before = ledger
            if ledger.acceptLive(text) {
                failures = 0
                ledgerBeforeLive = before
                return text
            }
        }
        return nil
    }

    /// Marks the stream finished, closes its connection and leaves the registry.
    func finish() {
        control.finish()
        client.streams.release(control, jobID: jobID)
    }

    private func produce() async throws -> String? {
        while true {
            if pendingStart < pending.count {
                let text = pending[pendingStart]
                pendingStart += 1
                if pendingStart == pending.count {
                    pending = []
                    pendingStart = 0
                }
                ledgerBeforeLive = nil
                return text
            }
            if endedRemotely { return nil }
            switch phase {
            case .finished:
                return nil
            case .connect:
                try await connect()
            case .streaming(let connection):
                if let text = try await receive(from: connection) { return text }
            case .polling:
                try await poll()
            case .waitForJob:
                try await untilEnded { [job] in _ = try await job.waitForFinalState() }
                phase = .finished
            }
        }
    }

    // MARK: Websocket

    private func connect() async throws {
        if await job.isKnownFinal {
            // Nothing will be published any more: the list has it all (one request, no socket).
            phase = .polling
            return
        }
        let connection: WebSocketConnection
        do {
            connection = try await connector.connect(deadline: client.callDeadline(nil))
        } catch {
            try Self.rethrowIfCancelled(error)
            if StreamConnector.isRefusal(error) {
                client.logger.log(.info, "no websocket for job \(jobID) (\(Self.describe(error))); polling its interim results")
                phase = .polling
                return
            }
            try await retry(after: error)
            return
        }
        guard control.adopt(connection, watchdog: watchdog(for: connection)) else {
            phase = .finished
            return
        }
        do {
            // The first frame of every connection is an acknowledgement: dropped unread.
            guard try await connection.receive() != nil else {
                let code = connection.closeCode ?? WebSocketCloseCode.abnormal
                guard code == WebSocketCloseCode.normal else {
                    throw RuntimeError(.connectionClosed, "the stream closed with code \(code) before its acknowledgement")
                }
                // The job was final already: what it published is in the list.
                enqueue(ledger.catchUp(list: try await fetchList()))
                drop(connection)
                phase = .finished
                return
            }
            let fresh = ledger.catchUp(list: try await fetchList())
            // Results caught up over REST are progress: this connection is no failure.
            if !fresh.isEmpty { failures = 0 }
            enqueue(fresh)
            phase = .streaming(connection)
        } catch {
            drop(connection)
            if endedRemotely { return }
            try Self.rethrowIfCancelled(error)
            try await retry(after: error)
        }
    }

    /// The next live message to deliver (nil: none, go round again; the phase may have changed).
    private func receive(from connection: WebSocketConnection) async throws -> String? {
        let message: WebSocketMessage?
        do {
            message = try await connection.receive()
        } catch {
            drop(connection)
            if endedRemotely { return nil }
            try Self.rethrowIfCancelled(error)
            try await retry(after: error)
            return nil
        }
        guard let message else {
            drop(connection)
            let code = connection.closeCode ?? WebSocketCloseCode.abnormal
            if code == WebSocketCloseCode.normal {
                phase = .finished
                return nil
            }
            try await retry(after: RuntimeError(.connectionClosed, "the stream of job \(jobID) closed with code \(code)"))
            return nil
        }
        let text: String
        switch message {
        case .text(let payload): text = payload
        case .binary(let payload): text = String(decoding: payload, as: UTF8.self)
        }
        // Nothing is pending here (`produce` drains it first), so a new message goes out at once.
        // Only a new message is progress: repeats of the list do not reset the failure count.
        let before = ledger
        guard ledger.acceptLive(text) else { return nil }
        failures = 0
        ledgerBeforeLive = before
        return text
    }

    /// A task that reads the job's status every `max(pollInterval, statusCheckInterval)` while
    /// `connection` is open, and closes it once the job is final: a websocket that never reports
    /// the end (held open in silence, or chattering without data) then ends like a lost one, and
    /// the stream finishes from the REST list, which holds everything by then.
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

    /// Counts a failure; waits the backoff and goes back to connecting, or throws when the
    /// failure is not a network one or the retries are used up.
    private func retry(after error: any Error) async throws {
        guard Self.isReconnectable(error) else { throw error }
        let streaming = client.configuration.streaming
        failures += 1
        // Every reconnect reads the job's status: once it is final, its list holds everything,
        // and the stream ends from it instead of reconnecting (even when retries are used up).
        if await jobIsFinal() {
            phase = .polling
            return
        }
        guard failures <= streaming.maximumReconnects else {
            throw RuntimeError(
                .reconnectsExhausted,
                "Max retries exceeded: Failed to establish a websocket connection for job \(jobID) after "
                    + "\(streaming.maximumReconnects) retries. Error: \(Self.describe(error))")
        }
        let delay = streaming.backoff(beforeRetry: failures)
        client.logger.log(.info, "stream of job \(jobID) lost (\(Self.describe(error))); retry \(failures) in \(delay)")
        phase = .connect
        try await sleep(for: delay)
    }

    private func drop(_ connection: WebSocketConnection) {
        control.drop(connection)
    }

    /// Whether a status read finds the job final; a failed read (logged) is not.
    private func jobIsFinal() async -> Bool {
        do {
            return try await job.status().isFinal
        } catch {
            client.logger.log(.debug, "stream of job \(jobID): status read failed: \(Self.describe(error))")
            return false
        }
    }

    // MARK: Polling

    private func poll() async throws {
        if polled {
            try await sleep(for: job.pollInterval())
            if endedRemotely { return }
        }
        polled = true
        do {
            let status = try await job.status()
            enqueue(ledger.catchUp(list: try await fetchList()))
            if status.isFinal { phase = .finished }
            pollFailures = 0
        } catch {
            // A transient failure is tried again at the next poll, a few times in a row.
            guard PollingCompletionStrategy.isTransient(error), !Task.isCancelled else { throw error }
            pollFailures += 1
            guard pollFailures < PollingCompletionStrategy.maximumConsecutiveFailures else { throw error }
            client.logger.log(.info, "interim results of job \(jobID): \(Self.describe(error)); trying again at the next poll")
        }
    }

    // MARK: Repair

    /// What to do with a live message that the consumer's decoder found not to be JSON.
    enum Repair: Sendable, Equatable {
        /// Deliver this text instead (the message itself when nothing better is known).
        case deliver(String)
        /// Deliver nothing: it was a repeat, cut in transit, of an entry already delivered.
        case skip
    }

    /// Reconciles `text`, the live message just handed out, which is not JSON, with the REST
    /// list (DESIGN §5: the list is the authority):
    /// - when it is a strict prefix of a list entry the live frames may be repeating, it is that
    ///   repeat cut in transit: ``Repair/skip``;
    /// - otherwise it is a new message at the next position: when the list holds a different text
    ///   there, the message was cut in transit and the list's entry is delivered instead;
    /// - the message stands as it came when the list holds that same text there (the job
    ///   published it), has no entry there yet, or cannot be read, and when `text` did not come
    ///   live.
    func repair(notJSON text: String) async -> Repair {
        let admitted = pulling.withLock { pulling in
            if pulling || control.isFinished { return false }
            pulling = true
            return true
        }
        guard admitted else { return .deliver(text) }
        defer { pulling.withLock { $0 = false } }
        guard let before = ledgerBeforeLive, pendingStart >= pending.count else { return .deliver(text) }
        ledgerBeforeLive = nil
        ledger = before
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

    // MARK: Helpers

    private func enqueue(_ texts: [String]) {
        pending.append(contentsOf: texts)
    }

    /// `GET /jobs/{id}/interim_results` as payload texts, oldest first; a 404 is an empty list.
    private func fetchList() async throws -> [String] {
        let response = try await client.perform(
            ServiceRequest(
                "GET", path: ["jobs", jobID, "interim_results"], context: "Failed to get interim results: \(jobID)"),
            accepting: [404])
        if response.status == 404 { return [] }
        return try Self.parseList(response.body, jobID: jobID)
    }

    /// The payload texts of an `interim_results` body (a JSON list of JSON-encoded strings,
    /// latest first), oldest first. An entry that is not a string stands for its JSON text.
    static func parseList(_ body: [UInt8], jobID: String) throws -> [String] {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return [] }
        let json = try WireJSON.parse(body, context: "Interim results of job \(jobID)")
        guard case .array(let entries) = json else {
            throw RuntimeError(.invalidResponse, "Interim results of job \(jobID): expected a JSON list")
        }
        return entries.reversed().map { entry in
            if case .string(let text) = entry { return text }
            return JSONWriter.write(entry)
        }
    }

    /// Sleeps on the configuration's clock; returns early when the stream is ended remotely.
    private func sleep(for delay: Duration) async throws {
        let deadline = client.clock.now + delay
        try await untilEnded { [clock = client.clock] in try await clock.sleep(until: deadline) }
    }

    /// Runs `operation` until it returns, or until the stream is ended remotely.
    private func untilEnded(_ operation: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await operation() }
            group.addTask { [control] in await control.waitForRemoteEnd() }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    static func rethrowIfCancelled(_ error: any Error) throws {
        if error is CancellationError || Task.isCancelled { throw CancellationError() }
    }

    /// Failures worth a new connection: the transient ones of a status or list read (lost,
    /// timed out, the service's 5xx or 429, a cut body), and broken or refused websockets.
    static func isReconnectable(_ error: any Error) -> Bool {
        if PollingCompletionStrategy.isTransient(error) { return true }
        guard let error = error as? RuntimeError else { return false }
        switch error.code {
        case .protocolViolation, .invalidWebSocketFrame, .messageTooLarge, .tlsFailed, .handshakeFailed:
            return true
        default:
            return false
        }
    }

    static func describe(_ error: any Error) -> String {
        (error as? RuntimeError)?.description ?? "\(type(of: error))"
    }
}
