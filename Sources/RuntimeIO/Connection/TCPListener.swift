import CRuntimeShims
import RuntimeWire
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A listening TCP socket served by an ``EventLoop``; ``accept()`` hands out
/// ``TCPConnection``s on the same loop.
///
/// When `accept` fails for want of resources (`EMFILE`/`ENFILE`: out of file descriptors;
/// `ENOBUFS`/`ENOMEM`), the listener stops watching its socket for ``exhaustionPause`` (a timer on
/// the loop, no busy loop: the pending connection would keep the socket readable) and then tries
/// again; waiting ``accept()`` calls keep waiting. Clients wait in the kernel's listen backlog
/// meanwhile. Transient network errors of the accepted connection are skipped.
// @unchecked Sendable: every `var` is confined to the loop thread (touched only from closures
// run by `loop`, the resume timer's action included); `closedFlag` and `pauses` are atomic and
// the rest is immutable (`acceptSocket` is a Sendable closure).
package final class TCPListener: LoopChannel, @unchecked Sendable {
    private struct PendingAccept {
        let token: OperationToken
        let continuation: CheckedContinuation<any Connection, any Error>
    }

    /// How long the listener stops accepting after `accept` found the process (or the system)
    /// out of file descriptors or buffers.
    package static let defaultExhaustionPause: Duration = .milliseconds(100)

    /// The accept system call (`accept4`, non-blocking, close-on-exec): a descriptor or a negative errno.
    package static let systemAccept: @Sendable (Int32) -> Int32 = { rt_tcp_accept($0) }

    /// The loop serving the listener and its connections.
    package let loop: EventLoop
    /// The local port, useful after binding port 0.
    package let port: Int
    /// How long accepting pauses after a resource failure (see the type's documentation).
    package let exhaustionPause: Duration
    private let closedFlag = Atomic<Bool>(false)
    private let pauses = Atomic<Int>(0)
    /// The accept system call: `rt_tcp_accept` (a test double in tests).
    private let acceptSocket: @Sendable (Int32) -> Int32

    // MARK: loop thread only
    private var fd: Int32
    private var registered = false
    private var pending: [PendingAccept] = []
    /// The timer ending a pause, while paused.
    private var resumeTimer: UInt64?

    private init(loop: EventLoop, fd: Int32, port: Int, exhaustionPause: Duration, acceptSocket: @escaping @Sendable (Int32) -> Int32) {
        self.loop = loop
        self.fd = fd
        self.port = port
        self.exhaustionPause = exhaustionPause
        self.acceptSocket = acceptSocket
    }

    deinit {
        let fd = self.fd
        guard fd >= 0 else { return }
        loop.closeFromAnyThread(fd: fd)
    }

    /// Binds a listening socket to a numeric address (or `localhost`) and `port` (0: ephemeral).
    /// - Throws: `WireError(.connectionFailed)` when the address cannot be bound,
    ///   `.invalidURL` for a bad host or port, `.shutDown` if the loop is shut down.
    /// - Parameters:
    ///   - exhaustionPause: how long accepting pauses when `accept` runs out of descriptors.
    ///   - acceptSocket: the accept system call (returns a descriptor or a negative errno); tests
    ///     replace it to simulate exhaustion.
    package static func bind(
        host: String = "127.0.0.1",
        port: Int = 0,
        backlog: Int32 = 1024,
        loop: EventLoop = .shared,
        exhaustionPause: Duration = defaultExhaustionPause,
        acceptSocket: @escaping @Sendable (Int32) -> Int32 = systemAccept
    ) throws -> TCPListener {
        guard (0...65_535).contains(port) else { throw WireError(.invalidURL, "port \(port) is out of range") }
        var address = host
        if address.lowercased() == "localhost" { address = "127.0.0.1" }
        if address.hasPrefix("["), address.hasSuffix("]") { address = String(address.dropFirst().dropLast()) }
        let fd = rt_tcp_listen(address, Int32(port), backlog)
        if fd == -EINVAL {
            throw WireError(.invalidURL, "cannot listen on \(host): not a numeric address")
        }
        if fd < 0 {
            throw WireError(.connectionFailed, "cannot listen on \(host):\(port): " + SocketError.describe(-fd))
        }
        let localPort = rt_local_port(fd)
        let listener = TCPListener(
            loop: loop, fd: fd, port: Int(max(localPort, 0)), exhaustionPause: exhaustionPause, acceptSocket: acceptSocket)
        guard loop.execute({ loop.addChannel(listener) }) else {
            listener.closedFlag.store(true, ordering: .releasing)
            _ = rt_close(fd)
            listener.fd = -1
            throw loop.shutDownError
        }
        return listener
    }

    /// Whether ``close()`` was called.
    package var isClosed: Bool { closedFlag.load(ordering: .acquiring) }

    /// How many times accepting paused for want of descriptors or buffers.
    package var exhaustionPauseCount: Int { pauses.load(ordering: .relaxed) }

    /// Whether `address` (numeric, or `localhost`, as ``bind(host:port:backlog:loop:exhaustionPause:acceptSocket:)``
    /// takes it) is a loopback address: in `127.0.0.0/8`, `::1`, or IPv4-mapped loopback.
    /// Unspecified (`0.0.0.0`, `::`) and every other address are not.
    package static func isLoopback(host: String) -> Bool {
        var address = host
        if address.lowercased() == "localhost" { return true }
        if address.hasPrefix("["), address.hasSuffix("]") { address = String(address.dropFirst().dropLast()) }
        var resolved = rt_address()
        guard rt_resolve(address, 1, 1, &resolved, 1) == 1 else { return false }
        return rt_address_is_loopback(&resolved) == 1
    }

    /// Waits for the next incoming connection.
    /// - Throws: `CancellationError`; `WireError(.connectionClosed)` after ``close()``;
    ///   `.shutDown`; `.connectionFailed` when the listening socket itself fails. Running out of
    ///   file descriptors is not an error: the call waits until a connection can be accepted.
    package func accept() async throws -> any Connection {
        try Task.checkCancellation()
        return try await LoopWaiter.wait(on: loop) { token, continuation in
            self.startAccept(PendingAccept(token: token, continuation: continuation))
        } cancel: { token in
            self.cancelAccept(token)
        }
    }

    /// Stops listening; pending ``accept()`` calls fail with `WireError(.connectionClosed)`.
    /// Connections already accepted stay open. Idempotent.
    package func close() {
        closedFlag.store(true, ordering: .releasing)
        loop.execute { self.closeOnLoop(WireError(.connectionClosed, "the listener was closed")) }
    }

    // MARK: - Loop thread

    private enum Outcome {
        case connection(TCPConnection)
        case wouldBlock
        /// Out of descriptors or buffers: pause, then try again.
        case exhausted
        case failed(WireError)
    }

    private func acceptOne() -> Outcome {
        while fd >= 0 {
            let client = acceptSocket(fd)
            if client >= 0 {
                let connection = TCPConnection(loop: loop, fd: client)
                loop.addChannel(connection)
                return .connection(connection)
            }
            switch -client {
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted
            // accept(2): errors of the connection being accepted, not of the listener; skip it.
            case EINTR, ECONNABORTED, EPROTO, EPERM, ENETDOWN, ENOPROTOOPT, EHOSTDOWN, ENONET, EHOSTUNREACH,
                 EOPNOTSUPP, ENETUNREACH:
                continue
            default:
                return .failed(WireError(.connectionFailed, "accept failed: " + SocketError.describe(-client)))
            }
        }
        return .failed(WireError(.connectionClosed, "the listener was closed"))
    }

    private func startAccept(_ accept: PendingAccept) {
        if accept.token.isCancelled { return accept.continuation.resume(throwing: CancellationError()) }
        guard fd >= 0 else {
            return accept.continuation.resume(throwing: WireError(.connectionClosed, "the listener was closed"))
        }
        pending.append(accept)
        if pending.count == 1, resumeTimer == nil {
            acceptPending()
        } else {
            updateInterest()
        }
    }

    /// Hands accepted connections to waiting ``accept()`` calls until the socket has none or
    /// nobody waits; pauses on exhaustion.
    private func acceptPending() {
        while !pending.isEmpty {
            let outcome = acceptOne()
            switch outcome {
            case .wouldBlock:
                return updateInterest()
            case .exhausted:
                return pause()
            case .connection(let connection):
                pending.removeFirst().continuation.resume(returning: connection)
            case .failed(let error):
                pending.removeFirst().continuation.resume(throwing: error)
            }
        }
        updateInterest()
    }

    /// Stops watching the socket for ``exhaustionPause``, then accepts again.
    private func pause() {
        guard fd >= 0, resumeTimer == nil else { return }
        pauses.add(1, ordering: .relaxed)
        if registered {
            loop.unwatch(fd: fd)
            registered = false
        }
        resumeTimer = loop.scheduleTimer(at: .now + exhaustionPause) { [self] in
            resumeTimer = nil
            acceptPending()
        }
    }

    private func cancelAccept(_ token: OperationToken) {
        guard let index = pending.firstIndex(where: { $0.token === token }) else { return }
        let accept = pending.remove(at: index)
        accept.continuation.resume(throwing: CancellationError())
        updateInterest()
    }

    func handleEvents(fd: Int32, events: UInt32) {
        guard resumeTimer == nil else { return }
        acceptPending()
    }

    func loopWillShutDown() {
        closeOnLoop(loop.shutDownError)
    }

    private func updateInterest() {
        guard fd >= 0, resumeTimer == nil else { return }
        if pending.isEmpty, registered {
            loop.unwatch(fd: fd)
            registered = false
        } else if !pending.isEmpty, !registered {
            let status = loop.watch(fd: fd, events: UInt32(RT_EPOLLIN), channel: self)
            if status == -ENOMEM || status == -ENOSPC {
                // The kernel is short of memory or of epoll watches: try again after a pause.
                pause()
            } else if status < 0 {
                let error = WireError(.connectionFailed, "cannot watch the listener: " + SocketError.describe(-status))
                let waiting = pending
                pending.removeAll()
                for accept in waiting { accept.continuation.resume(throwing: error) }
            } else {
                registered = true
            }
        }
    }

    private func closeOnLoop(_ error: WireError) {
        guard fd >= 0 else { return }
        closedFlag.store(true, ordering: .releasing)
        if registered { loop.unwatch(fd: fd) }
        registered = false
        loop.cancelTimer(resumeTimer)
        resumeTimer = nil
        _ = rt_close(fd)
        fd = -1
        loop.removeChannel(self)
        let waiting = pending
        pending.removeAll()
        for accept in waiting { accept.continuation.resume(throwing: error) }
    }
}
