#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Everything `hello-runtime` prints, on standard output, one line at a time.
///
/// Secrets (API token, API key) are replaced by `<redacted>` in every line as a last guard. Text
/// can come from the service (job ids, error messages, tracebacks, logs): every control
/// character in it but tab — C0, DEL and C1, line breaks included — is printed as a `\u{1B}`
/// escape, so a server can neither drive the terminal (ESC sequences) nor forge lines. When
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
                Self.emit("\r\u{1B}[2K" + Self.escapingControls(redact(text)))
                state.liveLineShown = true
            }
        } else {
            line(text)
        }
    }

    /// Prints one line (ending the live status line first, if any), with control characters
    /// escaped (line breaks included: one call is one line).
    func line(_ text: String) {
        print(Self.escapingControls(redact(text)))
    }

    /// Prints text of this program's own, line breaks kept (the help text).
    func block(_ text: String) {
        print(redact(text))
    }

    private func print(_ single: String) {
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

    /// `text` with every control character but tab (U+0000–U+001F, U+007F, U+0080–U+009F) as
    /// a `\u{XX}` escape.
    static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isEscaped) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isEscaped(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x09) || (0x7F...0x9F).contains(value)
    }

    /// `text` with line breaks replaced by spaces, trailing spaces removed.
    static func oneLine(_ text: String) -> String {
        var result = ""
        for character in text {
            result.append(character.isNewline ? " " : character)
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
