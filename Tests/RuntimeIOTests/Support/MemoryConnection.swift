import RuntimeIO
import RuntimeWire
import Synchronization

/// An in-memory ``Connection`` pair for tests: what one end writes, the other reads. Reads are
/// cancellable and honour deadlines; `close()` gives the peer end-of-stream.
final class MemoryConnection: Connection {
    private struct State {
        var inbound: [UInt8] = []
        var eof = false
        var closed = false
        var waiter: CheckedContinuation<Void, Never>?
        var bytesRead = 0
    }

    private let state = Mutex(State())
    private let peerBox = Mutex<MemoryConnection?>(nil)

    static func pair() -> (MemoryConnection, MemoryConnection) {
        let a = MemoryConnection()
        let b = MemoryConnection()
        a.peerBox.withLock { $0 = b }
        b.peerBox.withLock { $0 = a }
        return (a, b)
    }

    /// How many bytes have been read from this end so far.
    var bytesRead: Int { state.withLock { $0.bytesRead } }
    /// How many bytes wait unread at this end.
    var unreadCount: Int { state.withLock { $0.inbound.count } }

    private func wake() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    fileprivate func deliver(_ bytes: [UInt8]) {
        state.withLock { state in
            if !state.closed { state.inbound.append(contentsOf: bytes) }
        }
        wake()
    }

    fileprivate func peerClosed() {
        state.withLock { $0.eof = true }
        wake()
    }

    func read(maxBytes: Int, deadline: ContinuousClock.Instant?) async throws -> [UInt8] {
        while true {
            try Task.checkCancellation()
            if let deadline, deadline <= .now { throw WireError(.timedOut, "read deadline passed") }
            let result: [UInt8]? = try state.withLock { state in
                if state.closed { throw WireError(.connectionClosed, "closed") }
                if !state.inbound.isEmpty {
                    let count = min(maxBytes, state.inbound.count)
                    let chunk = Array(state.inbound.prefix(count))
                    state.inbound.removeFirst(count)
                    state.bytesRead += count
                    return chunk
                }
                return state.eof ? [] : nil
            }
            if let result { return result }
            let timer = deadline.map { deadline in
                Task { [weak self] in
                    try? await Task.sleep(until: deadline)
                    self?.wake()
                }
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state in
                        if state.closed || state.eof || !state.inbound.isEmpty || Task.isCancelled { return true }
                        state.waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                self.wake()
            }
            timer?.cancel()
        }
    }

    func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant?) async throws {
        try Task.checkCancellation()
        let closed = state.withLock { $0.closed }
        if closed { throw WireError(.connectionClosed, "closed") }
        peerBox.withLock { $0 }?.deliver(bytes)
    }

    func shutdownOutput() {
        peerBox.withLock { $0 }?.peerClosed()
    }

    func close() {
        let first = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        wake()
        let peer = peerBox.withLock { peer in
            defer { peer = nil }
            return peer
        }
        peer?.peerClosed()
    }

    var isClosed: Bool { state.withLock { $0.closed } }
}
