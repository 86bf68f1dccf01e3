/// Times a closure on the monotonic clock.
enum Stopwatch {
    /// Seconds as a `Double`.
    static func seconds(of duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The wall time of `body` in seconds, and its result (released after the clock stopped).
    static func time<T>(_ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let elapsed = clock.now - start
        return (seconds(of: elapsed), result)
    }
}
