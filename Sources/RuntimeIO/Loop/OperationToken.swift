import Synchronization

/// Identifies one pending operation (a read, a write, an accept, a connect) across the task that
/// awaits it and the loop thread that completes it.
///
/// Task cancellation can run before the loop has even registered the operation; the flag makes
/// that order safe: the loop checks it on registration and fails the operation at once.
final class OperationToken: Sendable {
    private let cancelled = Atomic<Bool>(false)

    init() {}

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func cancel() { cancelled.store(true, ordering: .releasing) }
}
