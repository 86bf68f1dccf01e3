/// A binary min-heap of (instant, job id): the single scheduler of time-driven events.
///
/// Only jobs with subscribers are queued. Entries can go stale (a job cancelled or deleted, or
/// re-queued earlier); the job's `scheduledWake` tells which entry is current.
struct WakeupQueue: Sendable {
    private var heap: [(time: Int64, jobID: String)] = []

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var earliest: Int64? { heap.first?.time }

    mutating func push(_ time: Int64, _ jobID: String) {
        heap.append((time, jobID))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].time < heap[parent].time else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popIfDue(_ now: Int64) -> (time: Int64, jobID: String)? {
        guard let first = heap.first, first.time <= now else { return nil }
        let last = heap.removeLast()
        if heap.isEmpty { return first }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].time < heap[smallest].time { smallest = left }
            if right < heap.count, heap[right].time < heap[smallest].time { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}
