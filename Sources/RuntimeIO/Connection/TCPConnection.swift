import CRuntimeShims
import RuntimeWire

/// A plain TCP connection over a non-blocking POSIX socket: the ``SocketConnection`` core with
/// the ``POSIXSocketIO`` policy. One file descriptor per connection; reads and writes try the
/// socket directly from the calling task first (see ``SocketConnection``), and its bytes can be
/// read straight into a parser's buffer (``DirectReadable``).
package typealias TCPConnection = SocketConnection<POSIXSocketIO>

extension SocketConnection where IO == POSIXSocketIO {
    /// Adopts a connected (or connecting, or accepted) non-blocking socket. The caller must then
    /// add the connection to the loop's channels on the loop thread.
    convenience init(loop: EventLoop, fd: Int32) {
        self.init(loop: loop, io: POSIXSocketIO(fd: fd))
    }

    /// Opens a TCP connection to `host:port`, trying each resolved address in turn.
    ///
    /// Numeric addresses and `localhost` are resolved without DNS; other names are resolved by
    /// ``AddressResolver`` off the loop thread and off the cooperative pool.
    /// - Throws: `WireError(.connectionFailed)` (also when the process or the system is out
    ///   of file descriptors), `.timedOut`, `.invalidURL`, `.shutDown`, or `CancellationError`.
    /// - Parameter openSocket: creates the socket and starts connecting, as `rt_tcp_connect`
    ///   does (tests replace it to simulate running out of descriptors).
    package static func connect(
        host: String,
        port: Int,
        loop: EventLoop = .shared,
        deadline: ContinuousClock.Instant?,
        openSocket: @Sendable (UnsafePointer<rt_address>, UnsafeMutablePointer<Int32>) -> Int32 = { rt_tcp_connect($0, $1) }
    ) async throws -> TCPConnection {
        let addresses = try await AddressResolver.resolve(host: host, port: port, loop: loop, deadline: deadline)
        var lastError = WireError(.connectionFailed, "no address found for \(host)")
        for address in addresses {
            try Task.checkCancellation()
            var fd: Int32 = -1
            let status = withUnsafePointer(to: address) { openSocket($0, &fd) }
            if status < 0 {
                lastError = WireError(.connectionFailed, "cannot connect to \(host):\(port): " + SocketError.describe(-status))
                // Out of descriptors: every other address would fail the same way.
                if let exhausted = SocketError.exhausted(-status) {
                    throw WireError(.connectionFailed, "cannot connect to \(host):\(port): " + exhausted)
                }
                continue
            }
            let connection = TCPConnection(loop: loop, fd: fd)
            do {
                try await connection.finishConnect(immediately: status == 0, deadline: deadline)
                return connection
            } catch let error as WireError where error.code == .connectionFailed {
                lastError = WireError(.connectionFailed, "cannot connect to \(host):\(port): " + error.message)
                continue
            }
        }
        throw lastError
    }

    private func finishConnect(immediately: Bool, deadline: ContinuousClock.Instant?) async throws {
        try await LoopWaiter.wait(on: loop) { token, continuation in
            _ = self.beginConnect(token: token, continuation: continuation, deadline: deadline, connected: immediately)
        } cancel: { token in
            self.endConnect(token: token, error: CancellationError())
        } refused: {
            self.closeWithoutLoop()
        }
    }

    /// Makes ``close()`` send a TCP reset instead of a FIN (SO_LINGER 0). For tests and for
    /// servers that drop abusive peers.
    package func resetOnClose() {
        loop.execute { self.io.resetOnClose() }
    }
}

extension SocketConnection: DirectReadable where IO == POSIXSocketIO {
    /// Reads what the kernel already has into `buffer`, from the caller's thread, without
    /// waiting: the byte count (0 at end of stream), or nil when nothing is there (or the
    /// connection is closed; a following ``read(maxBytes:deadline:)`` reports it).
    /// - Throws: `WireError(.connectionClosed)` on a hard socket error (the connection is dead).
    package func readAvailable(into buffer: UnsafeMutableRawBufferPointer) throws -> Int? {
        try receiveDirectly(into: buffer)
    }
}
