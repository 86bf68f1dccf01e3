import Synchronization

/// An async mutual-exclusion gate: one holder at a time, waiters served in FIFO order, waiting is
/// cancellable. A `WebSocketConnection` has one for reading and one for writing, so frames are
/// never interleaved and only one task parses the input at a time. No thread ever blocks on it.
final class WebSocketGate: Sendable {
    private struct State {
        var held = false
        var nextID: UInt64 = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var cancelled: Set<UInt64> = []
    }

    private let state = Mutex(State())

    init() {}

    /// Takes the gate if it is free.
    func tryAcquire() -> Bool {
        state.withLock { state in
            if state.held { return false }
            state.held = true
            return true
        }
    }

    /// Waits for the gate. - Throws: `CancellationError` if the task is cancelled while waiting.
    func acquire() async throws {
        let ticket: UInt64? = state.withLock { state in
            if !state.held {
                state.held = true
                return nil
            }
            state.nextID &+= 1
            return state.nextID
        }
        guard let ticket else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelled.remove(ticket) != nil { return .failure(CancellationError()) }
                    if !state.held {
                        state.held = true
                        return .success(())
                    }
                    state.waiters.append((ticket, continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter: CheckedContinuation<Void, any Error>? = state.withLock { state in
                if let index = state.waiters.firstIndex(where: { $0.id == ticket }) {
                    return state.waiters.remove(at: index).continuation
                }
                state.cancelled.insert(ticket)
                return nil
            }
            waiter?.resume(throwing: CancellationError())
        }
        // A ticket cancelled after it was granted leaves a stale entry; drop it.
        state.withLock { _ = $0.cancelled.remove(ticket) }
    }

    /// Releases the gate, handing it to the longest waiter if there is one.
    func release() {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
            if state.waiters.isEmpty {
                state.held = false
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }
}
