/// One live subscriber of a job's events.
struct Subscription: Sendable {
    var sink: StreamEventSink
    /// How many interim results this subscriber has been given.
    var delivered: Int
}
