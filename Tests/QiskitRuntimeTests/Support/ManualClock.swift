@testable import QiskitRuntime
import RuntimeIO
import Synchronization

/// A clock that moves only when told. With `autoAdvance`, every sleep moves the clock to its
/// deadline at once (and is recorded), so backoff and polling run without waiting.
final class ManualClock: RuntimeClock {
    private struct Sleeper {
        let id: Int
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Timer {
        let id: UInt64
        let deadline: ContinuousClock.Instant
        let action: @Sendable () -> Void
    }

    private struct State {
        var now: ContinuousClock.Instant
        var sleepers: [Sleeper] = []
        var timers: [Timer] = []
        var nextTimer: UInt64 = 0
        var sleeps: [Duration] = []
        var nextID = 0
    }

    private let state: Mutex<State>
    let autoAdvance: Bool

    init(autoAdvance: Bool = true) {
        self.autoAdvance = autoAdvance
        state = Mutex(State(now: ContinuousClock.now))
    }

    var now: ContinuousClock.Instant { state.withLock { $0.now } }

    /// The durations slept so far, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The deadline timers set and not fired or cancelled yet.
    var timerCount: Int { state.withLock { $0.timers.count } }

    func advance(by duration: Duration) {
        let (ready, due): ([Sleeper], [Timer]) = state.withLock { state in
            state.now = state.now + duration
            let now = state.now
            let ready = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            let due = state.timers.filter { $0.deadline <= now }
            state.timers.removeAll { $0.deadline <= now }
            return (ready, due)
        }
        for sleeper in ready { sleeper.continuation.resume() }
        for timer in due { timer.action() }
    }

    func schedule(at deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) -> DeadlineTimer {
        let (id, fireNow) = state.withLock { state -> (UInt64, Bool) in
            state.nextTimer += 1
            if deadline <= state.now { return (state.nextTimer, true) }
            state.timers.append(Timer(id: state.nextTimer, deadline: deadline, action: action))
            return (state.nextTimer, false)
        }
        if fireNow { action() }
        return DeadlineTimer(id: id)
    }

    func cancel(_ timer: DeadlineTimer) {
        state.withLock { $0.timers.removeAll { $0.id == timer.id } }
    }

    func sleep(until deadline: ContinuousClock.Instant) async throws {
        try Task.checkCancellation()
        if autoAdvance {
            let due = state.withLock { state -> [Timer] in
                state.sleeps.append(deadline - state.now)
                if deadline > state.now { state.now = deadline }
                let now = state.now
                defer { state.timers.removeAll { $0.deadline <= now } }
                return state.timers.filter { $0.deadline <= now }
            }
            for timer in due { timer.action() }
            return
        }
        let id = state.withLock { state -> Int in
            state.nextID += 1
            state.sleeps.append(deadline - state.now)
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLock { state in
                    if deadline <= state.now || Task.isCancelled { return true }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLock { state in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }
}
