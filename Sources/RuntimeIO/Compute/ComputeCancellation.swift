import Synchronization

/// Set when the task that handed work to ``ComputePool/run(_:)`` is cancelled: long work checks
/// ``isCancelled`` now and then and stops early (throwing `CancellationError`, for example).
package final class ComputeCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    package init() {}

    /// Whether the waiting task was cancelled.
    package var isCancelled: Bool { flag.load(ordering: .relaxed) }

    /// Marks the work as cancelled.
    package func cancel() { flag.store(true, ordering: .relaxed) }

    /// Throws `CancellationError` once the waiting task was cancelled.
    package func check() throws(CancellationError) {
        if isCancelled { throw CancellationError() }
    }
}
