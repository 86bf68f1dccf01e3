import RuntimeIO
import RuntimeWire
import Synchronization

/// The state behind one ``RuntimeJob/interimResults()`` stream: pulls one payload text at a time,
/// in the consumer's task, from the job's ``JobStreamDriver`` (the websocket, reconnects with
/// backoff, catch-up from the REST list so that nothing is lost or repeated, REST polling when no
/// websocket can be opened, or nothing on a service without streaming).
///
/// It owns the open connection: it is closed when the stream ends, fails, is ended by
/// ``StreamControl/endNormally()``, or at the latest when the feed is released (`deinit`). While
/// the stream is live, the completion watcher of the same job uses no websocket of its own: it
/// follows this one (``StreamRegistry``).
// @unchecked Sendable: `driver` and `claimed` are read and written only by the task inside
// `next()`, `nextBuffered()` or `repair(notJSON:)`; `pulling`, set and cleared under its Mutex,
// admits one such task at a time and orders their accesses. Everything other tasks touch (the
// remote end, the open connection, waiters) lives in `control`.
final class InterimResultFeed: @unchecked Sendable {
    let jobID: String
    private let client: ServiceClient
    private let control = StreamControl()
    private let driver: JobStreamDriver
    /// Whether a task is inside ``next()``.
    private let pulling = Mutex(false)
    private var claimed = false

    init(job: RuntimeJob, client: ServiceClient) {
        self.jobID = job.jobID
        self.client = client
        self.driver = JobStreamDriver(
            .interimResults, job: job, client: client, control: control, pollInterval: job.pollInterval())
    }

    deinit {
        control.finish(.abandoned)
        client.streams.release(control, jobID: jobID)
    }

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
            let output = try await withTaskCancellationHandler {
                try await driver.next()
            } onCancel: {
                control.cancel()
            }
            guard case .message(let text) = output else {
                // The machine finished: the job ended (or the stream was ended remotely).
                finish(.jobEnded)
                if control.wasCancelled { throw CancellationError() }
                return nil
            }
            return text
        } catch {
            finish()
            if control.endedRemotely, !(error is CancellationError) { return nil }
            throw error
        }
    }

    /// A live message the open connection has already read, taken without suspending; nil when
    /// the full path of ``next()`` must run (not streaming yet, results pending, the task
    /// cancelled, no whole message buffered, another task pulling, the stream finished).
    private func nextBuffered() -> String? {
        let admitted = pulling.withLock { pulling in
            if pulling || control.isFinished { return false }
            pulling = true
            return true
        }
        guard admitted else { return nil }
        defer { pulling.withLock { $0 = false } }
        guard claimed else { return nil }
        return driver.takeBuffered()
    }

    /// Marks the stream finished, closes its connection and leaves the registry.
    func finish(_ end: StreamControl.End = .abandoned) {
        control.finish(end)
        client.streams.release(control, jobID: jobID)
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
        return await driver.repair(notJSON: text)
    }

    // MARK: Helpers

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
}
