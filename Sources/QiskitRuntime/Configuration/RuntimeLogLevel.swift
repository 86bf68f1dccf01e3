/// How important a log line of the SDK is.
public enum RuntimeLogLevel: Int, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Every request and response status.
    case debug
    /// Logins and other notable events.
    case info
    /// Retries, re-logins and recoverable surprises.
    case warning
    /// Failures reported to the caller.
    case error

    /// Orders levels from ``debug`` to ``error``.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The level's name, such as `warning`.
    public var description: String {
        switch self {
        case .debug: return "debug"
        case .info: return "info"
        case .warning: return "warning"
        case .error: return "error"
        }
    }
}
