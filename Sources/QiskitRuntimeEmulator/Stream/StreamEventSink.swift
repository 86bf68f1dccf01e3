/// Where a subscription's events go: the `AsyncStream` of ``EmulatorService/subscribe(toJob:)``
/// or the batched queue of the websocket endpoint. Yielded outside the service's lock (see
/// ``Subscription``).
enum StreamEventSink: Sendable {
    case stream(AsyncStream<StreamEvent>.Continuation)
    case queue(StreamEventQueue)

    /// Whether interim results must be queued as texts (a stream) rather than recipes.
    var wantsTexts: Bool {
        if case .stream = self { return true }
        return false
    }

    /// Delivers `events` in order; false as soon as one is refused (buffer full, or the reader
    /// is gone); the rest are then dropped.
    func yield(contentsOf events: [QueuedStreamEvent]) -> Bool {
        switch self {
        case .stream(let continuation):
            for event in events {
                guard case .enqueued = continuation.yield(event.event) else { return false }
            }
            return true
        case .queue(let queue):
            return queue.yield(contentsOf: events)
        }
    }

    /// No more events. Never call with the service's lock held (a stream's `onTermination` runs).
    func finish() {
        switch self {
        case .stream(let continuation): continuation.finish()
        case .queue(let queue): queue.finish()
        }
    }
}
