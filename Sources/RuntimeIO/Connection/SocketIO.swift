import RuntimeWire

/// How a ``SocketConnection`` moves bytes: the transport-specific part of a connection, as small
/// as it can be. The connection owns everything else: loop registration and interest, the
/// pending read, the write queue, deadlines, connect bookkeeping, cancellation and closing.
///
/// Two transports implement it: ``POSIXSocketIO`` (recv/send on a socket, also directly from
/// the calling task) and ``CurlSocketIO`` (libcurl's `curl_easy_recv`/`curl_easy_send` after a
/// connect that curl drives: TLS and proxy tunnels).
///
/// Threading: an instance belongs to its connection and is used on the loop thread only, except
/// ``close(loop:)`` (called under the connection's transfer lock, also off the loop for a socket
/// the loop never saw) and ``releaseFromDeinit(loop:socketWatched:)``. The static direct
/// transfers run on the caller's thread under the connection's transfer lock, with a descriptor
/// that ``close(loop:)`` cannot close meanwhile; the static members are immutable, so the
/// metatype is used from any thread (`SendableMetatype`).
package protocol SocketIO: AnyObject, SendableMetatype {
    /// Whether a read or a write may first be tried from the calling task, with one non-blocking
    /// system call (``receive(fd:into:)``, ``send(fd:_:)``), before waiting on the loop.
    static var transfersDirectly: Bool { get }

    /// The most bytes handed to one ``send(_:)``.
    static var sendChunkSize: Int { get }

    /// The most bytes sent for one connection per loop turn; the rest goes out on a later turn,
    /// so one large write does not hold up other connections.
    static var sendBudgetPerTurn: Int { get }

    /// What the connection watches ``socket`` for while a connect is pending (POSIX: writable);
    /// 0 for a transport that watches its own sockets while connecting (curl).
    static var connectInterest: UInt32 { get }

    /// The connected socket the loop watches for reads and writes; -1 while curl is connecting,
    /// and after ``close(loop:)``.
    var socket: Int32 { get }

    /// Whether the transport still holds its resources (``close(loop:)`` not called yet).
    var isOpen: Bool { get }

    /// One non-blocking read into `buffer` (loop thread).
    func receive(into buffer: UnsafeMutableRawBufferPointer) -> SocketTransfer

    /// One non-blocking send of (a prefix of) `bytes`, at most ``sendChunkSize`` of them (loop thread).
    func send(_ bytes: UnsafeRawBufferPointer) -> SocketTransfer

    /// The socket reported readiness while a connect is pending (only with a nonzero
    /// ``connectInterest``): nil while still connecting, otherwise how the connect ended.
    func connectEvent() -> Result<Void, WireError>?

    /// Half-closes the sending side where the transport allows it (loop thread).
    func shutdownOutput()

    /// Releases the transport: closes the socket, or unwatches curl's sockets and destroys its
    /// handle. Idempotent.
    func close(loop: EventLoop)

    /// The connection is deallocated while the transport is still open: releases it from any
    /// thread (on the loop when it runs). `socketWatched`: whether ``socket`` is registered.
    func releaseFromDeinit(loop: EventLoop, socketWatched: Bool)

    /// One non-blocking read on `fd` from the calling task (only with ``transfersDirectly``).
    static func receive(fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> SocketTransfer

    /// One non-blocking send on `fd` from the calling task (only with ``transfersDirectly``).
    static func send(fd: Int32, _ bytes: UnsafeRawBufferPointer) -> SocketTransfer
}
