#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Times a closure on the monotonic clock, and on the calling thread's CPU clock.
enum Stopwatch {
    /// One timing: wall seconds and CPU seconds of the calling thread.
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

    /// Wall and thread CPU time of `body`, and its result (released after the clocks stopped).
    /// On a machine shared with other work the CPU time shows the cost of the code itself; the
    /// wall time adds the waits for a core.
    static func measure<T>(_ body: () throws -> T) rethrows -> (timing: Timing, result: T) {
        let clock = ContinuousClock()
        let cpuStart = threadCPUSeconds()
        let start = clock.now
        let result = try body()
        let elapsed = clock.now - start
        let cpu = threadCPUSeconds() - cpuStart
        return (Timing(wall: seconds(of: elapsed), cpu: cpu), result)
    }

    private static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
