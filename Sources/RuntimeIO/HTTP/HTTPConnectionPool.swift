import RuntimeWire
import Synchronization

/// The keep-alive connections of an ``HTTPClient``, per (scheme, host, port), with a limit on
/// connections in use; requests over the limit wait in FIFO order.
final class HTTPConnectionPool: Sendable {
    struct Key: Hashable, Sendable {
        var scheme: String
        var host: String
        var port: Int
    }

    /// What a request got from the pool: an idle connection, or the right to open one.
    enum Lease: Sendable {
        case reuse(any Connection)
        case connect
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Lease, any Error>
    }

    private struct Idle {
        var connection: any Connection
        var since: ContinuousClock.Instant
    }

    private struct HostState {
        var idle: [Idle] = []
        /// Connections handed out or being opened.
        var leased = 0
        var waiters: [Waiter] = []
    }

    private struct State {
        var hosts: [Key: HostState] = [:]
        var nextID: UInt64 = 0
        var isShutDown = false
    }

    private let maxConnections: Int
    private let maxIdle: Int
    private let maxIdleTime: Duration
    private let state = Mutex(State())

    init(maxConnections: Int, maxIdle: Int, maxIdleTime: Duration) {
        self.maxConnections = max(1, maxConnections)
        self.maxIdle = max(0, maxIdle)
        self.maxIdleTime = maxIdleTime
    }

    /// Gets a connection or the right to open one, waiting while `maxConnections` are in use.
    /// With `fresh`, idle connections to the host are closed instead of reused.
    /// - Throws: `CancellationError`, `RuntimeError(.timedOut)` at `deadline`, or
    ///   `RuntimeError(.shutDown)`.
    func acquire(_ key: Key, fresh: Bool, deadline: ContinuousClock.Instant) async throws -> Lease {
        try Task.checkCancellation()
        var stale: [any Connection] = []
        let immediate = try state.withLock { state -> Lease? in
            guard !state.isShutDown else { throw RuntimeError(.shutDown, "the HTTP client was shut down") }
            var host = state.hosts[key, default: HostState()]
            defer { state.hosts[key] = host }
            if fresh {
                stale = host.idle.map(\.connection)
                host.idle = []
            }
            // Connections idle for longer than `maxIdleTime` may have been closed by the server
            // in the meantime; a request written to one could not be retried safely.
            let oldest = ContinuousClock.now - maxIdleTime
            while let entry = host.idle.popLast() {
                if entry.connection.isClosed { continue }
                if entry.since < oldest {
                    stale.append(entry.connection)
                    continue
                }
                host.leased += 1
                return .reuse(entry.connection)
            }
            if host.leased < maxConnections {
                host.leased += 1
                return .connect
            }
            return nil
        }
        for connection in stale { connection.close() }
        if let immediate { return immediate }

        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            guard !Task.isCancelled else { return }
            self?.removeWaiter(key, id, RuntimeError(.timedOut, "the deadline passed while waiting for a free connection"))
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let registered = state.withLock { state -> Bool in
                    guard !state.isShutDown else { return false }
                    state.hosts[key, default: HostState()].waiters.append(Waiter(id: id, continuation: continuation))
                    return true
                }
                if !registered {
                    continuation.resume(throwing: RuntimeError(.shutDown, "the HTTP client was shut down"))
                } else if Task.isCancelled {
                    removeWaiter(key, id, CancellationError())
                }
            }
        } onCancel: {
            removeWaiter(key, id, CancellationError())
        }
    }

    private func removeWaiter(_ key: Key, _ id: UInt64, _ error: any Error) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.hosts[key]?.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.hosts[key]?.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: error)
    }

    /// Returns a lease. A reusable connection goes to the first waiter or to the idle list;
    /// otherwise it is closed and a waiter, if any, gets the right to open a new one.
    func release(_ key: Key, _ connection: (any Connection)?, reusable: Bool) {
        var toClose: (any Connection)?
        var handOff: (Waiter, Lease)?
        state.withLock { state in
            var host = state.hosts[key, default: HostState()]
            defer { state.hosts[key] = host }
            if let connection, reusable, !connection.isClosed, !state.isShutDown {
                if !host.waiters.isEmpty {
                    handOff = (host.waiters.removeFirst(), .reuse(connection))
                    return
                }
                host.leased -= 1
                if host.idle.count < maxIdle {
                    host.idle.append(Idle(connection: connection, since: .now))
                } else {
                    toClose = connection
                }
                return
            }
            toClose = connection
            host.leased -= 1
            if !host.waiters.isEmpty && host.leased < maxConnections {
                host.leased += 1
                handOff = (host.waiters.removeFirst(), .connect)
            }
        }
        toClose?.close()
        if let (waiter, lease) = handOff { waiter.continuation.resume(returning: lease) }
    }

    /// Closes idle connections and fails waiting requests; later acquisitions fail with
    /// `RuntimeError(.shutDown)`. Connections in use are closed when they come back.
    func shutdown() {
        let (idle, waiters) = state.withLock { state -> ([any Connection], [Waiter]) in
            state.isShutDown = true
            var idle: [any Connection] = []
            var waiters: [Waiter] = []
            for key in state.hosts.keys {
                idle += state.hosts[key]?.idle.map(\.connection) ?? []
                waiters += state.hosts[key]?.waiters ?? []
                state.hosts[key]?.idle = []
                state.hosts[key]?.waiters = []
            }
            return (idle, waiters)
        }
        for connection in idle { connection.close() }
        for waiter in waiters { waiter.continuation.resume(throwing: RuntimeError(.shutDown, "the HTTP client was shut down")) }
    }

    /// Idle connections per host, for tests.
    func idleCount(_ key: Key) -> Int { state.withLock { $0.hosts[key]?.idle.count ?? 0 } }
    /// Connections in use or being opened per host, for tests.
    func leasedCount(_ key: Key) -> Int { state.withLock { $0.hosts[key]?.leased ?? 0 } }
}
