import Synchronization

/// The live interim-result streams of one service, by job id: makes streams unicast and lets
/// ``RuntimeJob/cancel()`` end the stream of the job it cancelled. Holds each stream's
/// ``StreamControl`` (never the stream): a stream leaves when it finishes or is released.
final class StreamRegistry: Sendable {
    private let live = Mutex<[String: StreamControl]>([:])

    init() {}

    /// Registers `control` as the live stream of `jobID`; false when another live stream has it.
    func claim(_ control: StreamControl, jobID: String) -> Bool {
        live.withLock { live in
            if let current = live[jobID], current !== control, !current.isFinished { return false }
            live[jobID] = control
            return true
        }
    }

    /// Forgets `control` if it is the registered stream of `jobID`.
    func release(_ control: StreamControl, jobID: String) {
        live.withLock { live in
            if live[jobID] === control { live[jobID] = nil }
        }
    }

    /// Ends the live stream of `jobID`, if any, normally (after a remote cancel).
    func end(jobID: String) {
        live.withLock { $0[jobID] }?.endNormally()
    }
}
