@testable import QiskitRuntime
import Synchronization

/// The SDK's clock moved forward by an offset the test sets: real time plus a jump, so that a
/// test can skip an hour of a token's lifetime without waiting (sleeps still take real time,
/// shortened by the offset).
final class OffsetClock: RuntimeClock {
    private let offset = Mutex(Duration.zero)

    var now: ContinuousClock.Instant { ContinuousClock.now + offset.withLock { $0 } }

    /// Moves the clock forward by `duration`.
    func advance(by duration: Duration) {
        offset.withLock { $0 += duration }
    }

    func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await ContinuousClock().sleep(until: deadline - offset.withLock { $0 }, tolerance: nil)
    }
}
