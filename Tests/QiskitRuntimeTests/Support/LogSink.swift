@testable import QiskitRuntime
import Synchronization

/// Collects the SDK's log lines.
final class LogSink: Sendable {
    private let stored = Mutex<[(RuntimeLogLevel, String)]>([])

    var handler: RuntimeLogHandler {
        { [self] level, line in self.stored.withLock { $0.append((level, line)) } }
    }

    var lines: [(level: RuntimeLogLevel, text: String)] { stored.withLock { $0.map { ($0.0, $0.1) } } }
}
