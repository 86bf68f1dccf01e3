import RuntimeWire

#if canImport(Glibc)
import Glibc
#endif

/// Turns errno values into `WireError`s with readable messages.
enum SocketError {
    /// The text of a positive errno value.
    static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }

    /// The explanation of a resource failure (`EMFILE`, `ENFILE`: out of file descriptors;
    /// `ENOBUFS`, `ENOMEM`), or `nil` for any other errno.
    static func exhausted(_ code: Int32) -> String? {
        switch code {
        case EMFILE:
            "the process is out of file descriptors (" + describe(code) + "); close connections or raise its limit (ulimit -n)"
        case ENFILE:
            "the system is out of file descriptors (" + describe(code) + ")"
        case ENOBUFS, ENOMEM:
            "the system is out of memory for sockets (" + describe(code) + ")"
        default:
            nil
        }
    }

    /// A failure while reading or writing an established connection.
    static func transfer(_ code: Int32) -> WireError {
        switch code {
        case ECONNRESET: WireError(.connectionClosed, "the connection was reset by the peer")
        case EPIPE: WireError(.connectionClosed, "the peer closed the connection (broken pipe)")
        default: WireError(.connectionClosed, "the connection failed: " + describe(code))
        }
    }

    /// The error of an operation on a connection that was closed.
    static let closed = WireError(.connectionClosed, "the connection was closed")

    /// The error of a read or write whose deadline passed.
    static let timedOut = WireError(.timedOut, "the deadline passed before the operation finished")
}
