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

    /// Delivers interim result `k` of `source`: the queue keeps the recipe and the text is made
    /// when its frame is written; a stream gets `text()` (which may share texts between sinks).
    func yieldInterim(_ k: Int, of source: InterimResultSource, text: () -> String) -> Bool {
        switch self {
        case .stream(let continuation):
            if case .enqueued = continuation.yield(.interim(text())) { return true }
            return false
        case .queue(let queue):
            return queue.yield(.interim(source, k: k))
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
