import Synchronization

/// The bounded buffer of one subscription read by the websocket endpoint (``JobStream``): the
/// service appends events under its lock, the endpoint takes everything already buffered in one
/// call (up to a batch size) and writes it with one system call.
///
/// Semantics follow the `AsyncStream` of ``EmulatorService/subscribe(toJob:)`` with
/// `.bufferingOldest(limit)`: at most `limit` events wait; an event that does not fit is refused
/// (the service then finishes the queue, so the reader gets what is buffered and then the end);
/// after ``finish()`` the reader drains what is left, then gets the end. When the reader goes
/// away (``terminate()``, its task cancelled while waiting, or the ``StreamEvents`` handle
/// released) the buffer is emptied and `onTermination` runs once, outside every lock.
final class StreamEventQueue: Sendable {
    private struct State {
        var events: [QueuedStreamEvent] = []
        var head = 0
        var finished = false
        var terminated = false
        var waiter: CheckedContinuation<Void, Never>?
        var onTermination: (@Sendable () -> Void)?

        var buffered: Int { events.count - head }
    }

    /// The most events buffered at once.
    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Runs once when the reader goes away (not when the producer finishes).
    func setOnTermination(_ action: @escaping @Sendable () -> Void) {
        state.withLock { $0.onTermination = action }
    }

    // MARK: Producer

    /// Appends `event`; false when it was refused (the buffer is full, or the queue is finished
    /// or its reader gone). Never calls out while holding the lock except to wake the reader.
    func yield(_ event: StreamEvent) -> Bool {
        yield(.event(event))
    }

    /// Appends a queued event; see ``yield(_:)-(StreamEvent)``.
    func yield(_ event: QueuedStreamEvent) -> Bool {
        let (accepted, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
            guard !state.finished, !state.terminated, state.buffered < limit else { return (false, nil) }
            state.events.append(event)
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.resume()
        return accepted
    }

    /// Appends `events` in order with one lock; false when one was refused (the rest with it).
    func yield(contentsOf events: [QueuedStreamEvent]) -> Bool {
        let (accepted, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
            guard !state.finished, !state.terminated else { return (false, nil) }
            let room = max(0, limit - state.buffered)
            state.events.append(contentsOf: events.prefix(room))
            defer { state.waiter = nil }
            return (events.count <= room, state.waiter)
        }
        waiter?.resume()
        return accepted
    }

    /// No more events: the reader gets what is buffered, then the end.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    // MARK: Reader

    /// Every buffered event, oldest first, up to `maxCount`; waits while none is buffered.
    /// Returns an empty array at the end (finished and drained, or terminated). Cancelling the
    /// waiting task terminates the queue.
    func next(maxCount: Int) async -> [QueuedStreamEvent] {
        while true {
            if let batch = take(maxCount: maxCount) { return batch }
            if Task.isCancelled {
                terminate()
                return []
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let ready = state.withLock { state -> Bool in
                        if state.buffered > 0 || state.finished || state.terminated || Task.isCancelled { return true }
                        state.waiter = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                terminate()
            }
        }
    }

    /// A batch, `[]` at the end, or nil when the reader must wait.
    private func take(maxCount: Int) -> [QueuedStreamEvent]? {
        state.withLock { state -> [QueuedStreamEvent]? in
            if state.terminated { return [] }
            let available = state.buffered
            guard available > 0 else { return state.finished ? [] : nil }
            let count = min(available, max(1, maxCount))
            let batch = Array(state.events[state.head..<(state.head + count)])
            state.head += count
            if state.head == state.events.count {
                state.events.removeAll(keepingCapacity: state.events.capacity <= 4096)
                state.head = 0
            } else if state.head >= 1024, state.head * 2 >= state.events.count {
                state.events.removeSubrange(0..<state.head)
                state.head = 0
            }
            return batch
        }
    }

    /// The reader is gone: drops the buffer, wakes a waiting reader and runs `onTermination`.
    func terminate() {
        let (waiter, action) = state.withLock { state -> (CheckedContinuation<Void, Never>?, (@Sendable () -> Void)?) in
            state.terminated = true
            state.events = []
            state.head = 0
            defer {
                state.waiter = nil
                state.onTermination = nil
            }
            return (state.waiter, state.onTermination)
        }
        waiter?.resume()
        action?()
    }
}
