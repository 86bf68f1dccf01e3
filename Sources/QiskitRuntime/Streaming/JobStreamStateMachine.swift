import RuntimeIO
import RuntimeWire

/// The one decision-maker behind a job's websocket, for both of its users: an interim-result
/// stream (``RuntimeJob/interimResults()``) and the completion watcher of `result()` and
/// `waitForFinalState()`. A pure state machine: ``JobStreamDriver`` reports what happened (a
/// connection opened, a frame or a close arrived, a REST read answered, a backoff elapsed) and
/// performs the ``Action`` it gets back; the machine does no I/O, keeps no clock and is tested
/// without concurrency.
///
/// ```text
///            ┌──────────── refused / known final / status final ────────────┐
///            │                                                              ▼
///  idle ─▶ connecting ─▶ acknowledging ─▶ reconciling ─▶ streaming ─▶ finished
///            ▲   │              │        (REST list)        │            ▲
///            │   └── failure ───┴──────────┬────────────────┘            │
///            │                             ▼                             │
///            └──── backing off ◀── reconciling (REST status) ─▶ polling ─┘
/// ```
///
/// The liveness rules live here once (Docs/JobsAndStreaming.md): a connection counts as failed
/// unless it brought progress (a new interim result, live or caught up from the list, or any
/// frame after the acknowledgement for the watcher); every failure reads the job's status, and a
/// final status ends the reconnects at once; after ``RuntimeConfiguration/Streaming/maximumReconnects``
/// failures in a row the stream throws `.reconnectsExhausted` and the watcher polls; a refused
/// upgrade polls. Exactly-once delivery is the ``InterimResultLedger``'s.
struct JobStreamStateMachine: Sendable {
    /// Who reads the job's websocket, and what for.
    enum Purpose: Sendable, Hashable {
        /// An interim-result stream: every message, once; ends with the job.
        case interimResults
        /// The completion watcher: only the job's final status.
        case completion
    }

    /// What the machine is doing.
    enum State: Sendable, Hashable {
        /// Not started.
        case idle
        /// Opening a websocket.
        case connecting
        /// Open; waiting for the acknowledgement, the first frame of every connection.
        case acknowledging
        /// Reading the service's REST view of the job.
        case reconciling(Reconciliation)
        /// Reading live frames.
        case streaming
        /// Waiting before the next connection.
        case backingOff
        /// Reading the job over REST at the poll interval, without a websocket.
        case polling
        /// Waiting for the job to end on a service without streaming.
        case waitingForJob
        /// Ended: ``Action/finish(_:)`` or ``Action/fail(_:)`` was returned.
        case finished
    }

    /// Why the machine reads over REST.
    enum Reconciliation: Sendable, Hashable {
        /// The list after an acknowledgement: what was published while no connection was open.
        case catchUp
        /// The list after a normal close before any acknowledgement: everything there is.
        case catchUpAndFinish
        /// The status after a failed connection: a final job needs no reconnect.
        case statusAfterFailure
        /// The status after a normal close (the watcher): the end, confirmed.
        case confirmEnd
    }

    /// What the driver does next, and reports back with the matching event.
    enum Action: Sendable {
        /// Open the websocket (unless the job is known final: ``jobKnownFinal()``); then
        /// ``connected()`` or ``connectFailed(_:refusal:)``.
        case connect
        /// Read the acknowledgement; then ``acknowledged()``, ``closedBeforeAcknowledgement(code:)``
        /// or ``connectionFailed(_:)``.
        case receiveAcknowledgement
        /// Read the REST list of interim results; then ``listFetched(_:)`` or ``connectionFailed(_:)``.
        case fetchList
        /// Read one live frame; then ``received(_:)``, ``closed(code:)`` or ``connectionFailed(_:)``.
        case receive
        /// Read the job's status; then ``statusRead(_:)`` (nil for a failed read).
        case readStatus
        /// Wait, then ``backoffElapsed()``.
        case backOff(Duration)
        /// Wait `after` (none for the first poll), read the status (and, for a stream, the list);
        /// then ``polled(_:list:)`` or ``pollFailed(_:)``.
        case poll(after: Duration?)
        /// Wait until the job is final; then ``jobEnded()``.
        case waitForJob
        /// Hand this interim result to the consumer; then ``resume()``.
        case deliver(String)
        /// The end: the job's final status when the machine read it.
        case finish(JobStatus?)
        /// The end, with this error.
        case fail(any Error)
    }

    let purpose: Purpose
    let jobID: String
    let streaming: RuntimeConfiguration.Streaming
    /// The interval between two polls.
    let pollInterval: Duration

    private(set) var state: State = .idle
    /// Failed connections in a row.
    private(set) var failures = 0
    /// Failed polls in a row.
    private(set) var pollFailures = 0
    /// Whether a websocket opened once (the watcher polls when none ever did).
    private var opened = false
    /// Whether a poll was made (the first one reads at once).
    private var polled = false
    /// The failure that led to the current status read or backoff.
    private var lastFailure: (any Error)?
    /// The final status, once read.
    private var finalStatus: JobStatus?

    /// Exactly-once bookkeeping of the interim results.
    private(set) var ledger = InterimResultLedger()
    private var pending: [String] = []
    private var pendingStart = 0
    /// The ledger as it was before the live frame last delivered was accepted; nil when the text
    /// last delivered came from the REST list (see ``takeLedgerBeforeLive()``).
    private var ledgerBeforeLive: InterimResultLedger?

    /// The most polls in a row that may fail transiently before the end.
    static let maximumConsecutivePollFailures = PollingCompletionStrategy.maximumConsecutiveFailures

    init(purpose: Purpose, jobID: String, streaming: RuntimeConfiguration.Streaming, pollInterval: Duration) {
        self.purpose = purpose
        self.jobID = jobID
        self.streaming = streaming
        self.pollInterval = max(pollInterval, RuntimeConfiguration.minimumPollInterval)
    }

    /// The failure that led to the current status read or backoff, for a log line.
    var lastFailureDescription: String { lastFailure.map(Self.describe) ?? "no failure" }

    /// Whether interim results wait to be delivered.
    var hasPending: Bool { pendingStart < pending.count }

    /// Whether the machine reads live frames now (the driver may take buffered ones at once).
    var isStreaming: Bool {
        if case .streaming = state { return true }
        return false
    }

    // MARK: Events

    /// The first action.
    mutating func start(streamingSupported: Bool) -> Action {
        guard state == .idle else { return resume() }
        guard streamingSupported else {
            state = .waitingForJob
            return .waitForJob
        }
        state = .connecting
        return .connect
    }

    /// The action to go on with after a ``Action/deliver(_:)``: the next pending result, or
    /// what the state calls for.
    mutating func resume() -> Action {
        if hasPending {
            let text = pending[pendingStart]
            pendingStart += 1
            if pendingStart == pending.count {
                pending = []
                pendingStart = 0
            }
            ledgerBeforeLive = nil
            return .deliver(text)
        }
        switch state {
        case .idle, .connecting: return .connect
        case .acknowledging: return .receiveAcknowledgement
        case .reconciling(.catchUp), .reconciling(.catchUpAndFinish): return .fetchList
        case .reconciling: return .readStatus
        case .streaming: return .receive
        case .backingOff: return .backOff(streaming.backoff(beforeRetry: max(failures, 1)))
        case .polling: return .poll(after: polled ? pollInterval : nil)
        case .waitingForJob: return .waitForJob
        case .finished: return .finish(finalStatus)
        }
    }

    /// The job was known final before connecting: nothing will be published any more.
    mutating func jobKnownFinal() -> Action {
        switch purpose {
        case .interimResults:
            // The list has it all: one request, no socket.
            return startPolling()
        case .completion:
            state = .reconciling(.confirmEnd)
            return .readStatus
        }
    }

    /// The websocket opened.
    mutating func connected() -> Action {
        opened = true
        state = .acknowledging
        return .receiveAcknowledgement
    }

    /// The websocket could not be opened; `refusal` when none can be had at all
    /// (``StreamConnector/isRefusal(_:)``).
    mutating func connectFailed(_ error: any Error, refusal: Bool) -> Action {
        switch purpose {
        case .interimResults:
            if refusal { return startPolling() }
            return failed(error)
        case .completion:
            // Never opened, or refused outright: poll.
            if !opened || refusal { return startPolling() }
            return failed(error)
        }
    }

    /// The acknowledgement arrived.
    mutating func acknowledged() -> Action {
        switch purpose {
        case .interimResults:
            state = .reconciling(.catchUp)
            return .fetchList
        case .completion:
            state = .streaming
            return .receive
        }
    }

    /// The connection closed with `code` before its acknowledgement.
    mutating func closedBeforeAcknowledgement(code: UInt16) -> Action {
        guard code == WebSocketCloseCode.normal else {
            return failed(RuntimeError(.connectionClosed, "the stream closed with code \(code) before its acknowledgement"))
        }
        switch purpose {
        case .interimResults:
            // The job was final already: what it published is in the list.
            state = .reconciling(.catchUpAndFinish)
            return .fetchList
        case .completion:
            state = .reconciling(.confirmEnd)
            return .readStatus
        }
    }

    /// The REST list of interim results (oldest first) arrived.
    mutating func listFetched(_ list: [String]) -> Action {
        let fresh = ledger.catchUp(list: list)
        pending.append(contentsOf: fresh)
        if state == .reconciling(.catchUpAndFinish) {
            state = .finished
        } else {
            // Results caught up over REST are progress: this connection is no failure.
            if !fresh.isEmpty { failures = 0 }
            state = .streaming
        }
        return resume()
    }

    /// A live frame arrived (its payload as text).
    mutating func received(_ text: String) -> Action {
        switch purpose {
        case .interimResults:
            // Nothing is pending while streaming, so a new message goes out at once. Only a new
            // message is progress: repeats of the list do not reset the failure count.
            let before = ledger
            guard ledger.acceptLive(text) else { return .receive }
            failures = 0
            ledgerBeforeLive = before
            return .deliver(text)
        case .completion:
            // Any frame after the acknowledgement is progress.
            failures = 0
            return .receive
        }
    }

    /// The connection closed with `code` while streaming.
    mutating func closed(code: UInt16) -> Action {
        guard code == WebSocketCloseCode.normal else {
            return failed(RuntimeError(.connectionClosed, "the stream of job \(jobID) closed with code \(code)"))
        }
        switch purpose {
        case .interimResults:
            state = .finished
            return resume()
        case .completion:
            // Confirmed by one status read; a failed read is tried again by polling.
            state = .reconciling(.confirmEnd)
            return .readStatus
        }
    }

    /// The open connection (or the list read that follows its acknowledgement) failed.
    mutating func connectionFailed(_ error: any Error) -> Action {
        failed(error)
    }

    /// The job's status (nil: the read failed).
    mutating func statusRead(_ status: JobStatus?) -> Action {
        guard case .reconciling(let reason) = state else { return resume() }
        switch reason {
        case .confirmEnd:
            if let status, status.isFinal { return finish(status) }
            return startPolling()
        case .statusAfterFailure:
            if let status, status.isFinal {
                switch purpose {
                case .interimResults:
                    // Its list holds everything: the stream ends from it instead of reconnecting
                    // (even when the retries are used up).
                    return startPolling()
                case .completion:
                    return finish(status)
                }
            }
            guard failures <= streaming.maximumReconnects else {
                switch purpose {
                case .interimResults:
                    let cause = lastFailure.map(Self.describe) ?? "unknown"
                    return fail(RuntimeError(
                        .reconnectsExhausted,
                        "Max retries exceeded: Failed to establish a websocket connection for job \(jobID) after "
                            + "\(streaming.maximumReconnects) retries. Error: \(cause)"))
                case .completion:
                    return startPolling()
                }
            }
            state = .backingOff
            return .backOff(streaming.backoff(beforeRetry: failures))
        case .catchUp, .catchUpAndFinish:
            return resume()
        }
    }

    /// The backoff elapsed.
    mutating func backoffElapsed() -> Action {
        guard state == .backingOff else { return resume() }
        state = .connecting
        return .connect
    }

    /// A poll read the job's `status` and (for a stream) the REST `list`.
    mutating func polled(_ status: JobStatus, list: [String]) -> Action {
        polled = true
        pollFailures = 0
        if purpose == .interimResults { pending.append(contentsOf: ledger.catchUp(list: list)) }
        if status.isFinal {
            finalStatus = status
            state = .finished
        }
        return resume()
    }

    /// A poll failed: a transient failure is tried again at the next poll, a few times in a row.
    mutating func pollFailed(_ error: any Error) -> Action {
        polled = true
        guard Self.isTransient(error) else { return fail(error) }
        pollFailures += 1
        guard pollFailures < Self.maximumConsecutivePollFailures else { return fail(error) }
        return resume()
    }

    /// The job ended (on a service without streaming).
    mutating func jobEnded() -> Action {
        state = .finished
        return resume()
    }

    /// The stream was ended from outside (a remote cancel, the consumer gone): the end, nothing
    /// more delivered.
    mutating func stopped() -> Action {
        pending = []
        pendingStart = 0
        state = .finished
        return .finish(finalStatus)
    }

    // MARK: Repair support

    /// The ledger as it was before the live frame just delivered, taken once; nil when the text
    /// last delivered came from the list or results wait to be delivered.
    mutating func takeLedgerBeforeLive() -> InterimResultLedger? {
        guard !hasPending, let before = ledgerBeforeLive else { return nil }
        ledgerBeforeLive = nil
        return before
    }

    /// Puts back a ledger (from ``takeLedgerBeforeLive()``), with the repair's decision applied.
    mutating func restoreLedger(_ ledger: InterimResultLedger) {
        self.ledger = ledger
    }

    // MARK: Transitions

    /// Counts a failed connection and reads the job's status before anything else, or ends the
    /// stream when the failure is not a network one.
    private mutating func failed(_ error: any Error) -> Action {
        if purpose == .interimResults, !Self.isReconnectable(error) { return fail(error) }
        failures += 1
        lastFailure = error
        state = .reconciling(.statusAfterFailure)
        return .readStatus
    }

    private mutating func startPolling() -> Action {
        state = .polling
        return .poll(after: polled ? pollInterval : nil)
    }

    private mutating func finish(_ status: JobStatus) -> Action {
        finalStatus = status
        state = .finished
        return resume()
    }

    private mutating func fail(_ error: any Error) -> Action {
        pending = []
        pendingStart = 0
        state = .finished
        return .fail(error)
    }

    // MARK: Error classes

    /// Whether a failed status or list read is worth another try at the next poll
    /// (``PollingCompletionStrategy/isTransient(_:)``: the same rule as status polling).
    static func isTransient(_ error: any Error) -> Bool {
        PollingCompletionStrategy.isTransient(error)
    }

    /// Failures worth a new connection: the transient ones of a status or list read, and broken
    /// or refused websockets.
    static func isReconnectable(_ error: any Error) -> Bool {
        if isTransient(error) { return true }
        guard let error = error as? RuntimeError else { return false }
        switch error.code {
        case .protocolViolation, .invalidWebSocketFrame, .messageTooLarge, .tlsFailed, .handshakeFailed:
            return true
        default:
            return false
        }
    }

    /// An error for a log line: its description, or its type (never a payload).
    static func describe(_ error: any Error) -> String {
        (error as? RuntimeError)?.description ?? "\(type(of: error))"
    }
}
