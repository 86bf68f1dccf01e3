import Synchronization

/// A number of bytes that decoders draw from before they allocate: the memory budget of one
/// document, shared by the threads that decode its arrays at once.
///
/// ``reserve(_:)`` takes bytes only when that many remain (nothing is taken otherwise), so the
/// bytes reserved never exceed ``limit``, whatever the order in which threads ask.
package final class ByteAllowance: Sendable {
    /// The bytes the allowance started with.
    package let limit: Int
    private let remaining: Atomic<Int>

    /// An allowance of `limit` bytes (a negative limit is 0).
    package init(limit: Int) {
        self.limit = max(0, limit)
        remaining = Atomic(max(0, limit))
    }

    /// The bytes not reserved yet.
    package var available: Int { remaining.load(ordering: .relaxed) }

    /// Takes `count` bytes if that many remain; false (and nothing taken) otherwise.
    package func reserve(_ count: Int) -> Bool {
        guard count >= 0 else { return false }
        var current = remaining.load(ordering: .relaxed)
        while current >= count {
            let (exchanged, original) = remaining.compareExchange(
                expected: current, desired: current - count, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Gives back `count` bytes taken by ``reserve(_:)`` and not used.
    package func release(_ count: Int) {
        guard count > 0 else { return }
        remaining.add(count, ordering: .relaxed)
    }

    /// The error for a document whose arrays need more than the allowance: names the limit.
    package func exceeded(needing count: Int? = nil) -> WireError {
        let need = count.map { " (an array needs \($0) bytes, \(available) remain)" } ?? ""
        return WireError(
            .decodeBudgetExceeded,
            "the ndarrays of this document inflate to more than its decode budget of \(limit) bytes\(need)")
    }
}
