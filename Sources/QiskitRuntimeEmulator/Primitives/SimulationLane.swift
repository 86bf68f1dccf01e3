import RuntimeIO
import Synchronization

/// Lets one simulation run at a time (a device runs one job at a time, and two large
/// statevectors need twice the memory): jobs wait their turn in submission order, in the
/// shared waiter primitive (``Waiting``), so waiting suspends the task without holding a
/// thread and a cancelled task leaves the line at once.
final class SimulationLane: Sendable {
    private struct State {
        var busy = false
        var waiters = Waiting.Queue<Void>()
    }

    private let state = Mutex(State())

    /// How many tasks wait in line (for tests).
    var waitingCount: Int { state.withLock { $0.waiters.count } }

    /// Waits until the lane is free and takes it.
    /// - Throws: `CancellationError` when the task is cancelled while it waits (the lane is then
    ///   not taken, so it must not be released).
    func acquire() async throws {
        let id: WaiterID? = state.withLock { state in
            if !state.busy {
                state.busy = true
                return nil
            }
            return state.waiters.enqueue()
        }
        guard let id else { return }
        try await Waiting.wait(
            register: { continuation in state.withLock { $0.waiters.register(id, continuation) } },
            resolve: { outcome in self.state.withLock { $0.waiters.resolve(id, with: outcome) } })
    }

    /// Hands the lane to the longest waiter, or frees it.
    func release() {
        let next = state.withLock { state -> Waiting.Resumption<Void>? in
            guard case .delivered(let resumption) = state.waiters.resolveFirst(with: .success(())) else {
                state.busy = false
                return nil
            }
            return resumption
        }
        next?.resume()
    }
}
