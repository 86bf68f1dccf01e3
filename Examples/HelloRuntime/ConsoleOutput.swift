#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Everything `hello-runtime` prints, on standard output, one line at a time.
///
/// Secrets (API token, API key) are replaced by `<redacted>` in every line as a last guard. When
/// standard output is a terminal, status changes redraw one live line; otherwise each change is a
/// plain `status: …` line.
final class ConsoleOutput: Sendable {
    private struct State {
        var liveLineShown = false
    }

    private let secrets: [String]
    private let isTerminal: Bool
    private let state = Mutex(State())

    init(secrets: [String], isTerminal: Bool = isatty(STDOUT_FILENO) == 1) {
        self.secrets = secrets.filter { !$0.isEmpty }
        self.isTerminal = isTerminal
    }

    /// Prints a status change.
    func status(_ status: String) {
        let text = "status: " + status
        if isTerminal {
            state.withLock { state in
                // Carriage return and erase-line redraw the live status line in place.
                Self.emit("\r\u{1B}[2K" + redact(text))
                state.liveLineShown = true
            }
        } else {
            line(text)
        }
    }

    /// Prints one line (ending the live status line first, if any).
    func line(_ text: String) {
        let single = redact(text)
        state.withLock { state in
            if state.liveLineShown {
                Self.emit("\n")
                state.liveLineShown = false
            }
            Self.emit(single + "\n")
        }
    }

    /// Prints `error: <message>` as one line.
    func error(_ message: String) {
        line("error: " + Self.oneLine(message))
    }

    /// `text` with line breaks replaced by spaces, trailing spaces removed.
    static func oneLine(_ text: String) -> String {
        var result = ""
        for character in text {
            result.append(character == "\n" || character == "\r" ? " " : character)
        }
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    private func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: "<redacted>")
        }
        return result
    }

    private static func emit(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                write(STDOUT_FILENO, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
