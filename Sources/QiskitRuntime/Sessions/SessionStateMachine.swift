/// The logic of one ``RuntimeSession``, free of I/O and concurrency: whether it may still submit
/// jobs, and whether `close()` and `cancel()` must send their request.
///
/// - A session takes jobs until `close()` or `cancel()` is called (or it was found closed when
///   reattached); then `run` fails locally, without a request.
/// - `close()` sends `PATCH {accepting_jobs: false}` unless a close or a cancel already went
///   through; a close that failed can be sent again.
/// - `cancel()` sends `DELETE …/close` unless a cancel already went through (also after a close:
///   it then cancels the jobs still queued).
struct SessionStateMachine: Sendable, Equatable {
    /// Where a request of `close()` or `cancel()` is.
    enum Request: Sendable, Equatable {
        case notSent
        case inFlight
        case done
    }

    /// Whether the session may still submit jobs.
    private(set) var acceptsJobs: Bool
    private(set) var close: Request = .notSent
    private(set) var cancel: Request = .notSent

    /// A session as created (accepting jobs) or reattached (`closed` when the service says so).
    init(closed: Bool = false) {
        acceptsJobs = !closed
        if closed { close = .done }
    }

    /// What `run` must do.
    enum RunAction: Sendable, Equatable {
        /// Submit the job with the session's id.
        case submit
        /// Fail with `.invalidState`: the session was closed or cancelled.
        case reject
    }

    var runAction: RunAction { acceptsJobs ? .submit : .reject }

    /// What `close()` or `cancel()` must do.
    enum EndAction: Sendable, Equatable {
        /// Send the request, then report its outcome.
        case send
        /// Nothing: it went through already.
        case none
    }

    /// `close()` was called.
    mutating func requestClose() -> EndAction {
        acceptsJobs = false
        if close == .done || cancel == .done { return .none }
        close = .inFlight
        return .send
    }

    /// The close request succeeded (or the service no longer knew the session: 404).
    mutating func closeSucceeded() {
        close = .done
    }

    /// The close request failed; a later `close()` sends it again.
    mutating func closeFailed() {
        if close == .inFlight { close = .notSent }
    }

    /// `cancel()` was called.
    mutating func requestCancel() -> EndAction {
        acceptsJobs = false
        if cancel == .done { return .none }
        cancel = .inFlight
        return .send
    }

    /// The cancel request succeeded.
    mutating func cancelSucceeded() {
        cancel = .done
    }

    /// The cancel request failed; a later `cancel()` sends it again.
    mutating func cancelFailed() {
        if cancel == .inFlight { cancel = .notSent }
    }
}
