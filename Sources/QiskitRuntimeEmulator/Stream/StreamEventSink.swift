/// Where a subscription's events go: the `AsyncStream` of ``EmulatorService/subscribe(jobID:)``
/// or the batched queue of the websocket endpoint.
enum StreamEventSink: Sendable {
    case stream(AsyncStream<StreamEvent>.Continuation)
    case queue(StreamEventQueue)

    /// Delivers `event`; false when it was refused (buffer full, or the reader is gone).
    func yield(_ event: StreamEvent) -> Bool {
        switch self {
        case .stream(let continuation):
            if case .enqueued = continuation.yield(event) { return true }
            return false
        case .queue(let queue):
            return queue.yield(event)
        }
    }

    /// No more events. Call outside the service's lock (a stream's `onTermination` may run).
    func finish() {
        switch self {
        case .stream(let continuation): continuation.finish()
        case .queue(let queue): queue.finish()
        }
    }
}
