/// One event of a job's subscription (``EmulatorService/subscribe(toJob:)``).
public enum StreamEvent: Sendable, Hashable {
    /// An interim result as published: the exact text of one websocket frame (RuntimeEncoder JSON).
    case interim(String)
    /// The job reached this final state; the subscription ends after this event (close 1000).
    case final(EmulatorJobStatus)
}
