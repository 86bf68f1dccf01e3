import CRuntimeShims
import RuntimeWire

#if canImport(Glibc)
import Glibc
#endif

/// The ``SocketIO`` of plain TCP: `recv`/`send` on one non-blocking socket. Sends use
/// `MSG_NOSIGNAL` (in `rt_send`), so a closed peer gives `WireError(.connectionClosed)`
/// rather than `SIGPIPE`. Reads and writes may be tried directly from the calling task.
// Loop-thread confinement as ``SocketIO`` describes; the connection is the Sendable owner.
package final class POSIXSocketIO: SocketIO {
    package static let transfersDirectly = true
    /// The kernel takes what fits: every send hands it the whole rest of the write.
    package static let sendChunkSize = Int.max
    /// No per-turn budget: a full socket buffer ends the turn anyway.
    package static let sendBudgetPerTurn = Int.max
    package static let connectInterest = UInt32(RT_EPOLLOUT)

    package private(set) var socket: Int32

    /// Adopts a connected, connecting or accepted non-blocking socket.
    init(fd: Int32) {
        socket = fd
    }

    package var isOpen: Bool { socket >= 0 }

    package func receive(into buffer: UnsafeMutableRawBufferPointer) -> SocketTransfer {
        guard socket >= 0 else { return .failed(SocketError.closed) }
        return Self.receive(fd: socket, into: buffer)
    }

    package func send(_ bytes: UnsafeRawBufferPointer) -> SocketTransfer {
        guard socket >= 0 else { return .failed(SocketError.closed) }
        return Self.send(fd: socket, bytes)
    }

    /// The socket turned writable (or failed) while connecting: the connect's outcome.
    package func connectEvent() -> Result<Void, WireError>? {
        let status = rt_socket_error(socket)
        if status == 0 { return .success(()) }
        let code = status < 0 ? -status : status
        return .failure(WireError(.connectionFailed, SocketError.describe(code)))
    }

    package func shutdownOutput() {
        if socket >= 0 { _ = rt_shutdown_write(socket) }
    }

    /// Makes closing send a TCP reset instead of a FIN (SO_LINGER 0). Loop thread.
    func resetOnClose() {
        if socket >= 0 { _ = rt_set_linger_zero(socket) }
    }

    package func close(loop: EventLoop) {
        guard socket >= 0 else { return }
        _ = rt_close(socket)
        socket = -1
    }

    package func releaseFromDeinit(loop: EventLoop, socketWatched: Bool) {
        guard socket >= 0 else { return }
        loop.closeFromAnyThread(fd: socket)
        socket = -1
    }

    package static func receive(fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> SocketTransfer {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return .wouldBlock }
        return transfer { rt_recv(fd, base, buffer.count) }
    }

    package static func send(fd: Int32, _ bytes: UnsafeRawBufferPointer) -> SocketTransfer {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return .moved(0) }
        return transfer { rt_send(fd, base, bytes.count) }
    }

    /// Runs a system call (a count, or a negative errno) again while it is interrupted.
    private static func transfer(_ call: () -> Int) -> SocketTransfer {
        while true {
            let result = call()
            if result >= 0 { return .moved(result) }
            let code = Int32(-result)
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            return .failed(SocketError.transfer(code))
        }
    }
}
