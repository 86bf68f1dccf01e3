/// Times a closure on the monotonic clock, and on the process's CPU clock (every thread, so work
/// a closure spreads over several cores counts in full).
enum Stopwatch {
    /// One timing: wall seconds and CPU seconds of the whole process.
    struct Timing {
        var wall: Double
        var cpu: Double
    }

    /// Seconds as a `Double`.
    static func seconds(of duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The wall time of `body` in seconds, and its result (released after the clock stopped).
    static func time<T>(_ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
        let (timing, result) = try measure(body)
        return (timing.wall, result)
    }

    /// Wall and process CPU time of `body`, and its result (released after the clocks stopped).
    /// On a machine shared with other work the CPU time shows the cost of the code itself; the
    /// wall time adds the waits for a core.
    static func measure<T>(_ body: () throws -> T) rethrows -> (timing: Timing, result: T) {
        let clock = ContinuousClock()
        let cpuStart = ProcessCPU.seconds()
        let start = clock.now
        let result = try body()
        let elapsed = clock.now - start
        let cpu = ProcessCPU.seconds() - cpuStart
        return (Timing(wall: seconds(of: elapsed), cpu: cpu), result)
    }
}
