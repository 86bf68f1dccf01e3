import RuntimeWire

/// A min-heap of (instant, job id): the single scheduler of time-driven events.
///
/// Only jobs with subscribers are queued. Entries can go stale (a job cancelled or deleted, or
/// re-queued earlier); the job's `scheduledWake` tells which entry is current.
struct WakeupQueue: Sendable {
    /// One queued wake-up, ordered by time (then job id).
    struct Entry: Comparable, Sendable {
        var time: Int64
        var jobID: String

        static func < (a: Entry, b: Entry) -> Bool {
            a.time < b.time || (a.time == b.time && a.jobID < b.jobID)
        }
    }

    private var heap = BinaryHeap<Entry>()

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var earliest: Int64? { heap.first?.time }

    mutating func push(_ time: Int64, _ jobID: String) {
        heap.insert(Entry(time: time, jobID: jobID))
    }

    mutating func popIfDue(_ now: Int64) -> Entry? {
        guard let first = heap.first, first.time <= now else { return nil }
        return heap.removeFirst()
    }
}
