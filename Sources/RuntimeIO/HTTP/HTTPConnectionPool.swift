import RuntimeWire
import Synchronization

/// The keep-alive connections of an ``HTTPClient``, per (scheme, host, port), with a limit on
/// connections in use; requests over the limit wait in FIFO order (a ``WaiterQueue`` per host,
/// their deadlines on the event loop's timers).
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

    private struct Idle {
        var connection: any Connection
        var since: ContinuousClock.Instant
    }

    private struct HostState {
        var idle: [Idle] = []
        /// Connections handed out or being opened.
        var leased = 0
        var waiters = Waiting.Queue<Lease>()
    }

    private struct State {
        var hosts: [Key: HostState] = [:]
        var isShutDown = false
    }

    private enum Acquisition {
        case lease(Lease)
        case wait(WaiterID)
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
    /// - Throws: `CancellationError`, `WireError(.timedOut)` at `deadline`, or
    ///   `WireError(.shutDown)`.
    func acquire(_ key: Key, fresh: Bool, deadline: ContinuousClock.Instant) async throws -> Lease {
        try Task.checkCancellation()
        var stale: [any Connection] = []
        let acquisition = try state.withLock { state -> Acquisition in
            guard !state.isShutDown else { throw Self.shutDownError }
            // Taken out while it changes, so that its arrays are not copied on write.
            var host = state.hosts.removeValue(forKey: key) ?? HostState()
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
                return .lease(.reuse(entry.connection))
            }
            if host.leased < maxConnections {
                host.leased += 1
                return .lease(.connect)
            }
            return .wait(host.waiters.enqueue())
        }
        for connection in stale { connection.close() }
        switch acquisition {
        case .lease(let lease): return lease
        case .wait(let id): return try await waitInLine(key, id, deadline: deadline)
        }
    }

    /// The slow path of ``acquire(_:fresh:deadline:)``, kept out of it so that its frame does
    /// not weigh on every request's task (see ``Waiting``).
    @inline(never)
    private func waitInLine(_ key: Key, _ id: WaiterID, deadline: ContinuousClock.Instant) async throws -> Lease {
        try await Waiting.wait(
            deadline: deadline,
            timeoutError: { WireError(.timedOut, "the deadline passed while waiting for a free connection") },
            register: { continuation in
                state.withLock { $0.hosts[key, default: HostState()].waiters.register(id, continuation) }
            },
            resolve: { outcome in self.state.withLock { $0.hosts[key]?.waiters.resolve(id, with: outcome) } })
    }

    /// Returns a lease. A reusable connection goes to the first waiter or to the idle list;
    /// otherwise it is closed and a waiter, if any, gets the right to open a new one.
    func release(_ key: Key, _ connection: (any Connection)?, reusable: Bool) {
        var toClose: (any Connection)?
        var handOff: Waiting.Resumption<Lease>?
        state.withLock { state in
            var host = state.hosts.removeValue(forKey: key) ?? HostState()
            defer { state.hosts[key] = host }
            if let connection, reusable, !connection.isClosed, !state.isShutDown {
                if case .delivered(let resumption) = host.waiters.resolveFirst(with: .success(.reuse(connection))) {
                    handOff = resumption
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
            if host.leased < maxConnections, case .delivered(let resumption) = host.waiters.resolveFirst(with: .success(.connect)) {
                host.leased += 1
                handOff = resumption
            }
        }
        toClose?.close()
        handOff?.resume()
    }

    /// Closes idle connections and fails waiting requests; later acquisitions fail with
    /// `WireError(.shutDown)`. Connections in use are closed when they come back.
    func shutdown() {
        let (idle, waiters) = state.withLock { state -> ([any Connection], [Waiting.Resumption<Lease>]) in
            state.isShutDown = true
            var idle: [any Connection] = []
            var waiters: [Waiting.Resumption<Lease>] = []
            for key in state.hosts.keys {
                idle += state.hosts[key]?.idle.map(\.connection) ?? []
                waiters += state.hosts[key]?.waiters.finish(with: .failure(Self.shutDownError)) ?? []
                state.hosts[key]?.idle = []
            }
            return (idle, waiters)
        }
        for connection in idle { connection.close() }
        for waiter in waiters { waiter.resume() }
    }

    private static var shutDownError: WireError { WireError(.shutDown, "the HTTP client was shut down") }

    /// Idle connections per host, for tests.
    func idleCount(_ key: Key) -> Int { state.withLock { $0.hosts[key]?.idle.count ?? 0 } }
    /// Connections in use or being opened per host, for tests.
    func leasedCount(_ key: Key) -> Int { state.withLock { $0.hosts[key]?.leased ?? 0 } }
    /// Requests waiting for a connection per host, for tests.
    func waiterCount(_ key: Key) -> Int { state.withLock { $0.hosts[key]?.waiters.count ?? 0 } }
}
