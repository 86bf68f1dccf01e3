/// Receives the SDK's log lines: a level and a message without credentials.
///
/// It is called from whatever task produced the line; keep it fast and thread-safe.
public typealias RuntimeLogHandler = @Sendable (RuntimeLogLevel, String) -> Void
