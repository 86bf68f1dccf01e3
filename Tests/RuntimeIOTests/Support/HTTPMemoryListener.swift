import RuntimeWire
import Synchronization
@testable import RuntimeIO

/// An in-memory listener: ``connect()`` makes a pair and queues the server end for ``accept()``.
final class HTTPMemoryListener: HTTPListening {
    private struct State {
        var pending: [HTTPMemoryConnection] = []
        var waiter: CheckedContinuation<any Connection, any Error>?
        var closed = false
        var accepted: [HTTPMemoryConnection] = []
        var refuse = false
    }

    private let state = Mutex(State())
    let port = 1

    func connect() throws -> HTTPMemoryConnection {
        let (client, server) = HTTPMemoryConnection.pair()
        let waiter = try state.withLock { state -> CheckedContinuation<any Connection, any Error>? in
            guard !state.closed, !state.refuse else { throw WireError(.connectionFailed, "connection refused") }
            state.accepted.append(server)
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending.append(server)
            return nil
        }
        waiter?.resume(returning: server)
        return client
    }

    /// A connector for ``HTTPClient`` that connects to this listener.
    var connector: HTTPConnector {
        { _, _, _, _ in try self.connect() }
    }

    var acceptedCount: Int { state.withLock { $0.accepted.count } }

    /// Closes the server end of every accepted connection (simulates a server restart).
    func dropAll() {
        let all = state.withLock { $0.accepted }
        for connection in all { connection.close() }
    }

    func setRefusing(_ refuse: Bool) { state.withLock { $0.refuse = refuse } }

    func accept() async throws -> any Connection {
        try await withCheckedThrowingContinuation { continuation in
            let result = state.withLock { state -> Result<any Connection, any Error>? in
                if state.closed { return .failure(WireError(.shutDown, "closed")) }
                if !state.pending.isEmpty { return .success(state.pending.removeFirst()) }
                state.waiter = continuation
                return nil
            }
            if let result { continuation.resume(with: result) }
        }
    }

    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<any Connection, any Error>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(throwing: WireError(.shutDown, "closed"))
    }
}
