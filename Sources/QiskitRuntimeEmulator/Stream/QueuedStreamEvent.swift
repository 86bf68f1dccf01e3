/// An event waiting in a ``StreamEventQueue``: a subscription event, or interim result `k` of a
/// job whose text is made only when its frame is written (no string per result in between).
enum QueuedStreamEvent: Sendable, Hashable {
    case event(StreamEvent)
    case interim(InterimResultSource, k: Int)

    /// The subscription event this stands for.
    var event: StreamEvent {
        switch self {
        case .event(let event): return event
        case .interim(let source, let k): return .interim(source.text(k))
        }
    }
}
