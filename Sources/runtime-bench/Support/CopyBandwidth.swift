#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RuntimeIO
import Synchronization

/// The machine's memory copy bandwidth, measured once per bench run as the README of the shared
/// benchmark inputs does: a 512 MiB buffer copied with `memcpy`, on one thread and split over two,
/// best of five; bandwidth = bytes copied / seconds.
///
/// The simulation figures divide the bytes a pass reads and writes (2 × 16 bytes per amplitude)
/// by this figure, which gives the README's bound (a 24-qubit pass: 20.4 ms on one thread, 10.5
/// on two, at 26.3 and 50.9 GB/s).
enum CopyBandwidth {
    struct Figures: Sendable {
        var oneThread: Double
        var twoThreads: Double
    }

    private static let cache = Mutex<Figures?>(nil)

    /// The figures in bytes per second, measured on first use.
    static func measured() -> Figures {
        if let figures = cache.withLock({ $0 }) { return figures }
        let figures = measure()
        cache.withLock { $0 = figures }
        return figures
    }

    private static func measure() -> Figures {
        let bytes = 512 << 20
        let source = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 4096)
        let target = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 4096)
        defer {
            source.deallocate()
            target.deallocate()
        }
        memset(source, 1, bytes)
        memset(target, 2, bytes)
        let pool = ComputePool(threadCount: 2)
        defer { pool.shutdown() }
        var one = 0.0
        var two = 0.0
        for _ in 0..<5 {
            let (single, _) = Stopwatch.time { memcpy(target, source, bytes) }
            one = max(one, Double(bytes) / single)
            let (double, _) = Stopwatch.time {
                pool.parallelFor(2) { half in
                    memcpy(target + half * bytes / 2, source + half * bytes / 2, bytes / 2)
                }
            }
            two = max(two, Double(bytes) / double)
        }
        return Figures(oneThread: one, twoThreads: two)
    }
}
