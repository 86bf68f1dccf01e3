import Synchronization

/// The users of each job's websocket in one service, by job id: makes interim-result streams
/// unicast, lets ``RuntimeJob/cancel()`` end the stream of the job it cancelled, and keeps a job
/// to one websocket when it is both streamed and awaited. Holds each user's ``StreamControl``
/// (never the stream): a stream leaves when it finishes or is released.
///
/// One socket per job: a completion watcher that finds a live stream of its job follows that
/// stream instead of opening its own websocket (``attachWatcher(_:jobID:)``); a stream that
/// claims a job whose watcher holds a websocket makes the watcher close it and follow
/// (``claim(_:jobID:)``).
final class StreamRegistry: Sendable {
    private struct Entry {
        /// The live interim-result stream.
        var stream: StreamControl?
        /// The completion watchers that hold a websocket of their own.
        var watchers: [StreamControl] = []

        var isEmpty: Bool { stream == nil && watchers.isEmpty }
    }

    private let live = Mutex<[String: Entry]>([:])

    init() {}

    /// Registers `control` as the live stream of `jobID`; false when another live stream has it.
    /// A watcher of the job that holds its own websocket hands it over: it is closed, and the
    /// watcher follows this stream.
    func claim(_ control: StreamControl, jobID: String) -> Bool {
        let (claimed, watchers) = live.withLock { live -> (Bool, [StreamControl]) in
            var entry = live[jobID] ?? Entry()
            if let current = entry.stream, current !== control, !current.isFinished { return (false, []) }
            entry.stream = control
            let watchers = entry.watchers
            entry.watchers = []
            live[jobID] = entry
            return (true, watchers)
        }
        // Stopped outside the lock: stopping resumes waiters.
        for watcher in watchers { watcher.endNormally() }
        return claimed
    }

    /// Forgets `control` if it is the registered stream of `jobID`.
    func release(_ control: StreamControl, jobID: String) {
        live.withLock { live in
            guard var entry = live[jobID], entry.stream === control else { return }
            entry.stream = nil
            live[jobID] = entry.isEmpty ? nil : entry
        }
    }

    /// For a completion watcher about to open a websocket: the live stream of `jobID` to follow
    /// instead, or nil after registering `watcher` (a stream that claims the job later stops it).
    func attachWatcher(_ watcher: StreamControl, jobID: String) -> StreamControl? {
        live.withLock { live in
            var entry = live[jobID] ?? Entry()
            if let stream = entry.stream, !stream.isFinished { return stream }
            entry.watchers.append(watcher)
            live[jobID] = entry
            return nil
        }
    }

    /// Forgets the watcher `watcher` of `jobID`.
    func detachWatcher(_ watcher: StreamControl, jobID: String) {
        live.withLock { live in
            guard var entry = live[jobID] else { return }
            entry.watchers.removeAll { $0 === watcher }
            live[jobID] = entry.isEmpty ? nil : entry
        }
    }

    /// The live stream of `jobID` (for tests).
    func stream(of jobID: String) -> StreamControl? {
        live.withLock { $0[jobID]?.stream }
    }

    /// Ends the live stream of `jobID`, if any, normally (after a remote cancel).
    func end(jobID: String) {
        live.withLock { $0[jobID]?.stream }?.endNormally()
    }
}
