/// One live subscriber of a job's events.
///
/// Events are never yielded while the service's lock is held: yielding resumes the consumer's
/// task, which takes that task's status lock, and a concurrent cancellation of the consumer holds
/// that lock while its `onTermination` handler takes the service's lock (a lock-order inversion
/// that deadlocked the emulator). So events are appended to ``outbox`` under the lock, and one
/// drainer at a time (``draining``) yields them, in order, after releasing it.
struct Subscription: Sendable {
    var sink: StreamEventSink
    /// How many interim results this subscriber has been given (queued in ``outbox`` included).
    var delivered: Int
    /// Events queued under the lock, to be yielded outside it.
    var outbox: [QueuedStreamEvent] = []
    /// Whether a drainer is yielding this subscription's events.
    var draining = false
    /// Whether the final event is queued: the subscription ends once ``outbox`` is yielded.
    var ending = false
}
