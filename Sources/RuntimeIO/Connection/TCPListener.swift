import CRuntimeShims
import RuntimeWire
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A listening TCP socket served by an ``EventLoop``; ``accept()`` hands out
/// ``TCPConnection``s on the same loop.
// @unchecked Sendable: every `var` is confined to the loop thread (touched only from closures
// run by `loop`); `closedFlag` is atomic and the rest is immutable.
package final class TCPListener: LoopChannel, @unchecked Sendable {
    private struct PendingAccept {
        let token: OperationToken
        let continuation: CheckedContinuation<any Connection, any Error>
    }

    /// The loop serving the listener and its connections.
    package let loop: EventLoop
    /// The local port, useful after binding port 0.
    package let port: Int
    private let closedFlag = Atomic<Bool>(false)

    // MARK: loop thread only
    private var fd: Int32
    private var registered = false
    private var pending: [PendingAccept] = []

    private init(loop: EventLoop, fd: Int32, port: Int) {
        self.loop = loop
        self.fd = fd
        self.port = port
    }

    deinit {
        let fd = self.fd
        guard fd >= 0 else { return }
        loop.closeFromAnyThread(fd: fd)
    }

    /// Binds a listening socket to a numeric address (or `localhost`) and `port` (0: ephemeral).
    /// - Throws: `RuntimeError(.connectionFailed)` when the address cannot be bound,
    ///   `.invalidURL` for a bad host or port, `.shutDown` if the loop is shut down.
    package static func bind(
        host: String = "127.0.0.1",
        port: Int = 0,
        backlog: Int32 = 1024,
        loop: EventLoop = .shared
    ) throws -> TCPListener {
        guard (0...65_535).contains(port) else { throw RuntimeError(.invalidURL, "port \(port) is out of range") }
        var address = host
        if address.lowercased() == "localhost" { address = "127.0.0.1" }
        if address.hasPrefix("["), address.hasSuffix("]") { address = String(address.dropFirst().dropLast()) }
        let fd = rt_tcp_listen(address, Int32(port), backlog)
        if fd == -EINVAL {
            throw RuntimeError(.invalidURL, "cannot listen on \(host): not a numeric address")
        }
        if fd < 0 {
            throw RuntimeError(.connectionFailed, "cannot listen on \(host):\(port): " + SocketError.describe(-fd))
        }
        let localPort = rt_local_port(fd)
        let listener = TCPListener(loop: loop, fd: fd, port: Int(max(localPort, 0)))
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

    /// Waits for the next incoming connection.
    /// - Throws: `CancellationError`; `RuntimeError(.connectionClosed)` after ``close()``;
    ///   `.shutDown`; `.connectionFailed` when the process is out of file descriptors.
    package func accept() async throws -> any Connection {
        try Task.checkCancellation()
        return try await LoopWaiter.wait(on: loop) { token, continuation in
            self.startAccept(PendingAccept(token: token, continuation: continuation))
        } cancel: { token in
            self.cancelAccept(token)
        }
    }

    /// Stops listening; pending ``accept()`` calls fail with `RuntimeError(.connectionClosed)`.
    /// Connections already accepted stay open. Idempotent.
    package func close() {
        closedFlag.store(true, ordering: .releasing)
        loop.execute { self.closeOnLoop(RuntimeError(.connectionClosed, "the listener was closed")) }
    }

    // MARK: - Loop thread

    private enum Outcome {
        case connection(TCPConnection)
        case wouldBlock
        case failed(RuntimeError)
    }

    private func acceptOne() -> Outcome {
        while fd >= 0 {
            let client = rt_tcp_accept(fd)
            if client >= 0 {
                let connection = TCPConnection(loop: loop, fd: client)
                loop.addChannel(connection)
                return .connection(connection)
            }
            switch -client {
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EINTR, ECONNABORTED, EPROTO: continue
            default:
                return .failed(RuntimeError(.connectionFailed, "accept failed: " + SocketError.describe(-client)))
            }
        }
        return .failed(RuntimeError(.connectionClosed, "the listener was closed"))
    }

    private func startAccept(_ accept: PendingAccept) {
        if accept.token.isCancelled { return accept.continuation.resume(throwing: CancellationError()) }
        guard fd >= 0 else {
            return accept.continuation.resume(throwing: RuntimeError(.connectionClosed, "the listener was closed"))
        }
        if pending.isEmpty {
            switch acceptOne() {
            case .connection(let connection): return accept.continuation.resume(returning: connection)
            case .failed(let error): return accept.continuation.resume(throwing: error)
            case .wouldBlock: break
            }
        }
        pending.append(accept)
        updateInterest()
    }

    private func cancelAccept(_ token: OperationToken) {
        guard let index = pending.firstIndex(where: { $0.token === token }) else { return }
        let accept = pending.remove(at: index)
        accept.continuation.resume(throwing: CancellationError())
        updateInterest()
    }

    func handleEvents(fd: Int32, events: UInt32) {
        while !pending.isEmpty {
            let outcome = acceptOne()
            if case .wouldBlock = outcome { break }
            let accept = pending.removeFirst()
            switch outcome {
            case .connection(let connection): accept.continuation.resume(returning: connection)
            case .failed(let error): accept.continuation.resume(throwing: error)
            case .wouldBlock: break
            }
        }
        updateInterest()
    }

    func loopWillShutDown() {
        closeOnLoop(loop.shutDownError)
    }

    private func updateInterest() {
        guard fd >= 0 else { return }
        if pending.isEmpty, registered {
            loop.unwatch(fd: fd)
            registered = false
        } else if !pending.isEmpty, !registered {
            let status = loop.watch(fd: fd, events: UInt32(RT_EPOLLIN), channel: self)
            if status < 0 {
                let error = RuntimeError(.connectionFailed, "cannot watch the listener: " + SocketError.describe(-status))
                let waiting = pending
                pending.removeAll()
                for accept in waiting { accept.continuation.resume(throwing: error) }
            } else {
                registered = true
            }
        }
    }

    private func closeOnLoop(_ error: RuntimeError) {
        guard fd >= 0 else { return }
        closedFlag.store(true, ordering: .releasing)
        if registered { loop.unwatch(fd: fd) }
        registered = false
        _ = rt_close(fd)
        fd = -1
        loop.removeChannel(self)
        let waiting = pending
        pending.removeAll()
        for accept in waiting { accept.continuation.resume(throwing: error) }
    }
}
