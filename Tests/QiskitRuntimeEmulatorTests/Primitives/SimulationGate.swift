import Dispatch
import Foundation

/// A test hook for ``SimulatorConfiguration/willSimulate``: reports each job whose simulation
/// starts (with the name of the thread it runs on) and, when closed, holds the simulation on
/// that thread until ``open()``.
final class SimulationGate: @unchecked Sendable {
    // @unchecked Sendable: `semaphore` is thread-safe; `closed` is only written before the
    // emulator starts and read afterwards; the stream continuation is Sendable.
    private let semaphore = DispatchSemaphore(value: 0)
    private let closed: Bool
    let started: AsyncStream<(jobID: String, thread: String)>
    private let continuation: AsyncStream<(jobID: String, thread: String)>.Continuation

    init(closed: Bool) {
        self.closed = closed
        (started, continuation) = AsyncStream.makeStream(of: (jobID: String, thread: String).self)
    }

    /// The hook: reports the start, then waits while the gate is closed.
    func hook(_ jobID: String) {
        continuation.yield((jobID, Self.threadName()))
        if closed { semaphore.wait() }
    }

    /// Lets one held simulation go on.
    func open() {
        semaphore.signal()
    }

    /// The next start (job id and thread name).
    func nextStart() async -> (jobID: String, thread: String)? {
        var iterator = started.makeAsyncIterator()
        return await iterator.next()
    }

    /// The calling thread's name (Linux: `/proc/thread-self/comm`).
    private static func threadName() -> String {
        let text = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
