/// The reading end of a batched subscription (``EmulatorService/subscribeBatched(toJob:)``): one
/// reader. Releasing it ends the subscription, as releasing an `AsyncStream` does.
final class StreamEvents: Sendable {
    let queue: StreamEventQueue

    init(queue: StreamEventQueue) {
        self.queue = queue
    }

    deinit {
        queue.terminate()
    }

    /// Every buffered event, oldest first, up to `maxCount`; waits while none is buffered; `[]`
    /// at the end. See ``StreamEventQueue/next(maxCount:)``.
    func next(maxCount: Int) async -> [QueuedStreamEvent] {
        await queue.next(maxCount: maxCount)
    }

    /// Ends the subscription (the reader is done).
    func terminate() {
        queue.terminate()
    }
}
