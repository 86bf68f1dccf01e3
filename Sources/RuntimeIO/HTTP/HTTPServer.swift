import RuntimeWire
import Synchronization

/// An HTTP/1.1 server: one task per connection, keep-alive and pipelining, Content-Length and
/// chunked request bodies, `Expect: 100-continue`, and upgrades handed to another protocol.
///
/// Each request is read completely (within ``HTTPLimits``) before the handler runs, in the
/// connection's own task, never on the event-loop thread. A header section over the limit is
/// answered 431, a body over the limit 413 and a malformed request 400; the connection is then
/// closed. Responses get `Content-Length` (or chunked coding when the handler sets
/// `Transfer-Encoding: chunked`), `Date` and `Connection` headers.
///
/// At most `maxConnections` connections are served at once (upgraded ones included): at the
/// limit the server stops accepting, so further clients wait in the kernel's listen backlog
/// until a connection closes, instead of the process running out of file descriptors. A TCP
/// server lowers the limit to what the process's file-descriptor limit allows
/// (``FileDescriptorLimit/connectionCapacity(requested:limit:)``). Idle and slow peers are
/// disconnected after the ``HTTPServerTimeouts``.
package final class HTTPServer: Sendable {
    /// The default limit on connections served at once.
    package static let defaultMaxConnections = 16_384

    /// The port the server listens on.
    package let port: Int
    /// The most connections served at once (after lowering to the file-descriptor limit).
    package let maxConnections: Int
    private let listener: any HTTPListening
    private let limits: HTTPLimits
    private let handler: HTTPServerHandler
    private let timeouts: HTTPServerTimeouts
    private let state = Mutex(State())

    private struct State {
        var connections: [ObjectIdentifier: any Connection] = [:]
        var acceptTask: Task<Void, Never>?
        var isShutDown = false
        /// The accept loop, parked at the connection limit until a connection closes.
        var capacityWaiters = Waiting.Queue<Void>()
        var acceptedCount = 0
    }

    private init(
        listener: any HTTPListening, limits: HTTPLimits, timeouts: HTTPServerTimeouts, maxConnections: Int,
        handler: @escaping HTTPServerHandler
    ) {
        self.port = listener.port
        self.listener = listener
        self.limits = limits
        self.timeouts = timeouts
        self.maxConnections = max(1, maxConnections)
        self.handler = handler
    }

    /// Binds a TCP listener on `host:port` (port 0: ephemeral, see ``port``) on the shared event
    /// loop and starts serving it.
    /// - Parameters:
    ///   - timeouts: how long the server waits for idle and slow peers.
    ///   - maxConnections: the most connections served at once, lowered to what the process's
    ///     file-descriptor limit allows (see ``maxConnections``).
    /// - Throws: `WireError(.connectionFailed)` when the address cannot be bound.
    package static func start(
        host: String = "127.0.0.1", port: Int = 0, limits: HTTPLimits = HTTPLimits(),
        timeouts: HTTPServerTimeouts = HTTPServerTimeouts(), maxConnections: Int = defaultMaxConnections,
        loop: EventLoop = .shared, handler: @escaping HTTPServerHandler
    ) async throws -> HTTPServer {
        let listener = try TCPListener.bind(host: host, port: port, loop: loop)
        return start(
            listener: listener, limits: limits, timeouts: timeouts,
            maxConnections: FileDescriptorLimit.connectionCapacity(requested: maxConnections), handler: handler)
    }

    /// Starts serving the connections `listener` accepts (at most `maxConnections` at once, as given).
    package static func start(
        listener: any HTTPListening, limits: HTTPLimits = HTTPLimits(), timeouts: HTTPServerTimeouts = HTTPServerTimeouts(),
        maxConnections: Int = defaultMaxConnections, handler: @escaping HTTPServerHandler
    ) -> HTTPServer {
        let server = HTTPServer(
            listener: listener, limits: limits, timeouts: timeouts, maxConnections: maxConnections, handler: handler)
        let task = Task { await server.acceptLoop() }
        server.state.withLock { $0.acceptTask = task }
        return server
    }

    /// Stops accepting, closes every open connection, and returns once the accept loop ended and
    /// the listening socket is closed.
    package func shutdown() async {
        let (connections, task) = state.withLock { state in
            state.isShutDown = true
            let connections = Array(state.connections.values)
            state.connections = [:]
            return (connections, state.acceptTask)
        }
        listener.close()
        for connection in connections { connection.close() }
        task?.cancel()
        await task?.value
        // The accept loop can end before the loop thread closed the socket (it had just accepted
        // a connection and saw the cancellation): the port refuses connections once this returns.
        await listener.waitUntilClosed()
    }

    /// The number of connections accepted so far.
    package var acceptedConnectionCount: Int { state.withLock { $0.acceptedCount } }

    /// The number of connections being served, upgraded ones included until their new protocol
    /// returns (``shutdown()`` closes them too).
    package var openConnectionCount: Int { state.withLock { $0.connections.count } }

    /// Whether the server stopped accepting because `maxConnections` are open (for tests).
    package var isAtConnectionLimit: Bool { state.withLock { !$0.capacityWaiters.isEmpty } }

    /// Returns once fewer than `maxConnections` connections are open (or the task is cancelled).
    private func waitForCapacity() async {
        let id: WaiterID? = state.withLock { state in
            if state.connections.count < maxConnections || state.isShutDown { return nil }
            return state.capacityWaiters.enqueue()
        }
        guard let id else { return }
        // Cancelled: the accept loop sees it and ends.
        try? await Waiting.wait(
            register: { continuation in state.withLock { $0.capacityWaiters.register(id, continuation) } },
            resolve: { outcome in self.state.withLock { $0.capacityWaiters.resolve(id, with: outcome) } })
    }

    private func connectionEnded(_ key: ObjectIdentifier) {
        let waiters = state.withLock { state -> [Waiting.Resumption<Void>] in
            state.connections.removeValue(forKey: key)
            guard state.connections.count < maxConnections else { return [] }
            return state.capacityWaiters.resolveAll(with: .success(()))
        }
        for waiter in waiters { waiter.resume() }
    }

    private func acceptLoop() async {
        while !Task.isCancelled {
            await waitForCapacity()
            if Task.isCancelled { return }
            let connection: any Connection
            do {
                connection = try await listener.accept()
            } catch {
                // Shut down, cancelled, or the listening socket itself failed (running out of
                // file descriptors is ridden out inside the listener and never gets here):
                // accepting ends; open connections are served to their end.
                return
            }
            let key = ObjectIdentifier(connection)
            let accepted = state.withLock { state -> Bool in
                guard !state.isShutDown else { return false }
                state.connections[key] = connection
                state.acceptedCount += 1
                return true
            }
            guard accepted else {
                connection.close()
                return
            }
            Task {
                let session = HTTPServerSession(connection: connection, limits: limits, timeouts: timeouts, handler: handler)
                await session.run()
                self.connectionEnded(key)
            }
        }
    }
}
