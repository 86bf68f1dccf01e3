import Synchronization

/// An async mutual-exclusion gate: one holder at a time, waiters served in FIFO order, waiting is
/// cancellable. A `WebSocketConnection` has one for reading and one for writing, so frames are
/// never interleaved and only one task parses the input at a time; the emulator has one so that one
/// simulation runs at a time. No thread ever blocks on it.
///
/// Releasing hands the gate straight to the longest waiter (a ``WaiterQueue`` hand-off), so a
/// newcomer never overtakes the line; a waiter cancelled at the instant it is handed the gate
/// keeps it and releases it as usual.
package final class AsyncGate: Sendable {
    private struct State {
        var held = false
        var waiters = Waiting.Queue<Void>()
    }

    private let state = Mutex(State())

    package init() {}

    /// Takes the gate if it is free.
    package func tryAcquire() -> Bool {
        state.withLock { state in
            if state.held { return false }
            state.held = true
            return true
        }
    }

    /// Waits for the gate. - Throws: `CancellationError` if the task is cancelled while waiting.
    package func acquire() async throws {
        let id: WaiterID? = state.withLock { state in
            if !state.held {
                state.held = true
                return nil
            }
            return state.waiters.enqueue()
        }
        guard let id else { return }
        try await waitInLine(id)
    }

    /// The slow path of ``acquire()``, kept out of it (see ``Waiting``): every receive and send
    /// of every connection takes a gate, and most find it free.
    @inline(never)
    private func waitInLine(_ id: WaiterID) async throws {
        try await Waiting.wait(
            register: { continuation in state.withLock { $0.waiters.register(id, continuation) } },
            resolve: { outcome in self.state.withLock { $0.waiters.resolve(id, with: outcome) } })
    }

    /// Releases the gate, handing it to the longest waiter if there is one.
    package func release() {
        let next: Waiting.Resumption<Void>? = state.withLock { state in
            guard case .delivered(let resumption) = state.waiters.resolveFirst(with: .success(())) else {
                state.held = false
                return nil
            }
            return resumption
        }
        next?.resume()
    }

    /// The callers waiting for the gate (for tests).
    package var waiterCount: Int { state.withLock { $0.waiters.count } }
}
