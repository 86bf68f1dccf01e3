#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Progress and error lines of the bench. They go to stderr (fd 2): stdout carries only the JSON object.
enum BenchLog {
    static func info(_ line: String) {
        raw("runtime-bench: " + line + "\n")
    }

    /// Writes `text` to stderr as it is.
    static func raw(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
