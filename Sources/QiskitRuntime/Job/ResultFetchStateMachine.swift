import RuntimeIO

/// The one fetch of a job's raw result text (`GET /jobs/{id}/results`) that concurrent callers
/// share, free of I/O and concurrency: the first caller that needs the text starts the fetch,
/// later callers join it, and the text is cached once fetched (the job is final by then). The
/// callers wait in a ``WaiterQueue``; when the last of them leaves (cancelled, or its deadline
/// passed) the fetch is abandoned, and its late answer resumes nobody (its text is still cached).
///
/// The continuation type is generic so that tests drive the machine with plain values;
/// ``SharedResultFetch`` runs it with real continuations under its lock.
struct ResultFetchStateMachine<Continuation> {
    typealias Resumption = WaiterResumption<ResultText, Continuation>

    /// The answer to ``request()``.
    enum Request {
        /// The text is cached: use it.
        case use(ResultText)
        /// Wait as `waiter`; when `startFetch` is set, start that fetch first.
        case wait(WaiterID, startFetch: UInt64?)
    }

    /// The raw result text, once fetched.
    private(set) var text: ResultText?
    /// The fetch in flight.
    private(set) var fetch: UInt64?
    private var fetchCount: UInt64 = 0
    private var waiters = WaiterQueue<ResultText, Continuation>()

    init() {}

    /// The callers waiting for the fetch in flight.
    var waiterCount: Int { waiters.count }

    /// A caller needs the text.
    mutating func request() -> Request {
        if let text { return .use(text) }
        let id = waiters.enqueue()
        guard fetch == nil else { return .wait(id, startFetch: nil) }
        fetchCount += 1
        fetch = fetchCount
        return .wait(id, startFetch: fetchCount)
    }

    /// The waiter `id` suspended on `continuation`.
    mutating func register(_ id: WaiterID, _ continuation: Continuation) -> Resumption? {
        waiters.register(id, continuation)
    }

    /// The waiter `id` leaves with `outcome` (a cancellation or its deadline).
    /// - Returns: its resumption, and whether the fetch must be cancelled (nobody waits for it).
    mutating func resolve(_ id: WaiterID, with outcome: Result<ResultText, any Error>) -> (Resumption?, cancelFetch: Bool) {
        let resumption = waiters.resolve(id, with: outcome)
        guard waiters.isEmpty, fetch != nil else { return (resumption, false) }
        fetch = nil
        return (resumption, true)
    }

    /// Fetch `number` returned `text`: cached (it is the job's final output whichever fetch
    /// brought it); the waiters of that fetch get it.
    mutating func fetched(_ number: UInt64, text: ResultText) -> [Resumption] {
        self.text = text
        guard fetch == number else { return [] }
        fetch = nil
        return waiters.resolveAll(with: .success(text))
    }

    /// Fetch `number` failed: its waiters get the error; a later request fetches again. A
    /// failure of an abandoned fetch resumes nobody.
    mutating func fetchFailed(_ number: UInt64, error: any Error) -> [Resumption] {
        guard fetch == number else { return [] }
        fetch = nil
        return waiters.resolveAll(with: .failure(error))
    }
}

extension ResultFetchStateMachine: Sendable where Continuation: Sendable {}

extension ResultFetchStateMachine.Request: Sendable where Continuation: Sendable {}
