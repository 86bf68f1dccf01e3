import RuntimeIO
import Synchronization

/// A ``DeadlineScheduler`` whose time moves only when a test says so: scheduled actions fire
/// from ``advance(to:)`` (on the caller's thread), and every schedule and cancel is recorded.
final class ManualScheduler: DeadlineScheduler {
    private struct State {
        var now: ContinuousClock.Instant
        var lastID: UInt64 = 0
        var pending: [UInt64: (deadline: ContinuousClock.Instant, action: @Sendable () -> Void)] = [:]
        var scheduled: [UInt64] = []
        var cancelled: [UInt64] = []
    }

    private let state: Mutex<State>

    init(now: ContinuousClock.Instant = .now) {
        state = Mutex(State(now: now))
    }

    var now: ContinuousClock.Instant { state.withLock { $0.now } }

    /// Timers scheduled so far, in order.
    var scheduled: [DeadlineTimer] { state.withLock { $0.scheduled.map(DeadlineTimer.init(id:)) } }
    /// Timers cancelled so far, in order.
    var cancelled: [DeadlineTimer] { state.withLock { $0.cancelled.map(DeadlineTimer.init(id:)) } }
    /// Timers neither fired nor cancelled.
    var pendingCount: Int { state.withLock { $0.pending.count } }

    func schedule(at deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) -> DeadlineTimer {
        state.withLock { state in
            state.lastID += 1
            state.pending[state.lastID] = (deadline, action)
            state.scheduled.append(state.lastID)
            return DeadlineTimer(id: state.lastID)
        }
    }

    func cancel(_ timer: DeadlineTimer) {
        state.withLock { state in
            state.cancelled.append(timer.id)
            state.pending[timer.id] = nil
        }
    }

    /// Moves the time to `instant` and fires, outside the lock, every action due by then.
    func advance(to instant: ContinuousClock.Instant) {
        let due = state.withLock { state -> [@Sendable () -> Void] in
            state.now = max(state.now, instant)
            let now = state.now
            let due = state.pending.filter { $0.value.deadline <= now }.sorted { $0.key < $1.key }
            for (id, _) in due { state.pending[id] = nil }
            return due.map(\.value.action)
        }
        for action in due { action() }
    }
}
