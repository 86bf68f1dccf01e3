import RuntimeWire

/// A connected, bidirectional byte stream served by the event loop: a POSIX TCP socket or a TLS
/// connection driven through libcurl's CONNECT_ONLY mode.
///
/// Reading is pull-based, which is the back-pressure mechanism: the loop only reads from the
/// socket into a small bounded buffer while someone waits in ``read(maxBytes:deadline:)``. When
/// nobody reads, the connection stops reading and TCP pushes back on the peer.
///
/// Every operation honours task cancellation: a cancelled task gets `CancellationError`
/// promptly, and the operation is abandoned (a cancelled read or write leaves the connection in an
/// unknown state, so callers close it). A passed deadline gives `WireError(.timedOut)`.
/// No user code and no decoding ever runs on the loop thread.
package protocol Connection: AnyObject, Sendable {
    /// Waits for and returns the next bytes, at most `maxBytes` of them.
    ///
    /// Returns an empty array at end of stream (the peer closed its side cleanly).
    /// - Throws: `CancellationError` if the task is cancelled, `WireError(.timedOut)` when
    ///   `deadline` passes, `WireError(.connectionClosed)` on reset or after ``close()``.
    func read(maxBytes: Int, deadline: ContinuousClock.Instant?) async throws -> [UInt8]

    /// Writes all of `bytes`, handling partial writes; returns once the kernel (or curl) took them.
    /// - Throws: as ``read(maxBytes:deadline:)``.
    func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant?) async throws

    /// Half-closes the sending side (TCP `shutdown(SHUT_WR)`) where the transport allows it.
    func shutdownOutput()

    /// Closes the connection at once and releases its file descriptors. Idempotent and callable
    /// from any thread or task; pending reads and writes fail with `WireError(.connectionClosed)`.
    func close()

    /// Whether ``close()`` was called or the connection failed.
    var isClosed: Bool { get }
}
