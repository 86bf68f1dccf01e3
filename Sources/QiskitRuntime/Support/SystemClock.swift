/// The real ``RuntimeClock``: `ContinuousClock`.
struct SystemClock: RuntimeClock {
    var now: ContinuousClock.Instant { ContinuousClock.now }

    func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await ContinuousClock().sleep(until: deadline, tolerance: nil)
    }
}
