#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory and thread figures of a process from `/proc/<pid>/status` (Linux only; nil elsewhere).
struct ProcessStatus {
    /// Resident set size in bytes (`VmRSS`).
    var residentBytes: Int
    /// Peak resident set size in bytes (`VmHWM`).
    var peakResidentBytes: Int
    /// OS threads (`Threads`).
    var threads: Int

    /// The figures of this process.
    static func current() -> ProcessStatus? {
        read(path: "/proc/self/status")
    }

    /// The figures of another process, e.g. the emulator child.
    static func of(pid: Int32) -> ProcessStatus? {
        read(path: "/proc/\(pid)/status")
    }

    private static func read(path: String) -> ProcessStatus? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var status = ProcessStatus(residentBytes: 0, peakResidentBytes: 0, threads: 0)
        var found = 0
        var line = [CChar](repeating: 0, count: 512)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let kB = field(text, "VmRSS:") { status.residentBytes = kB * 1024; found += 1 }
            else if let kB = field(text, "VmHWM:") { status.peakResidentBytes = kB * 1024; found += 1 }
            else if let count = field(text, "Threads:") { status.threads = count; found += 1 }
        }
        return found > 0 ? status : nil
    }

    /// The first integer after `name` on a line that starts with it.
    private static func field(_ line: String, _ name: String) -> Int? {
        guard line.hasPrefix(name) else { return nil }
        let digits = line.dropFirst(name.count).drop(while: { $0 == " " || $0 == "\t" }).prefix(while: \.isNumber)
        return Int(digits)
    }
}
