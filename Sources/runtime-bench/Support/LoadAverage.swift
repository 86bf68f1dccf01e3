#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The machine's one-minute load average, reported beside figures measured on a shared machine
/// (on 2 cores, a load of 10 leaves a process about a fifth of a core); -1 when unknown.
enum LoadAverage {
    static func oneMinute() -> Double {
        var loads = [Double](repeating: -1, count: 3)
        return getloadavg(&loads, 3) >= 1 ? loads[0] : -1
    }
}
