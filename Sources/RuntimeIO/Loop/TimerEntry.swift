/// A timer deadline in the event loop's ``BinaryHeap``, ordered by deadline (then id).
///
/// Cancellation is lazy: the loop forgets a cancelled timer's action and skips its heap entry
/// when it reaches the top.
struct TimerEntry: Comparable {
    var deadline: ContinuousClock.Instant
    var id: UInt64

    static func < (a: TimerEntry, b: TimerEntry) -> Bool {
        a.deadline < b.deadline || (a.deadline == b.deadline && a.id < b.id)
    }
}
