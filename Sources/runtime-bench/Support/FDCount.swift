#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The number of open file descriptors of this process (entries of `/proc/self/fd`, minus the
/// one the listing itself holds): how the bench sees the SDK's stream sockets open and close.
enum FDCount {
    static func current() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return -1 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                bytes[0] == UInt8(ascii: ".")
            }
            if !isDot { count += 1 }
        }
        return count - 1
    }

    /// Waits (yielding, polling every millisecond) until `condition(count)` holds or `timeout`
    /// passes; returns whether it held.
    static func wait(timeout: Duration, until condition: (Int) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(current()) { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return condition(current())
    }
}
