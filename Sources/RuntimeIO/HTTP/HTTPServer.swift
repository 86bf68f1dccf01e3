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
/// until a connection closes, instead of the process running out of file descriptors.
package final class HTTPServer: Sendable {
    /// The default limit on connections served at once.
    package static let defaultMaxConnections = 16_384


    /// The port the server listens on.
    package let port: Int
    private let listener: any HTTPListening
    private let limits: HTTPLimits
    private let handler: HTTPServerHandler
    private let requestTimeout: Duration?
    private let maxConnections: Int
    private let state = Mutex(State())

    private struct State {
        var connections: [ObjectIdentifier: any Connection] = [:]
        var acceptTask: Task<Void, Never>?
        var isShutDown = false
        /// The accept loop, parked at the connection limit until a connection closes.
        var capacityWaiter: CheckedContinuation<Void, Never>?
        var acceptedCount = 0
    }

    private init(
        listener: any HTTPListening, limits: HTTPLimits, requestTimeout: Duration?, maxConnections: Int,
        handler: @escaping HTTPServerHandler
    ) {
        self.port = listener.port
        self.listener = listener
        self.limits = limits
        self.requestTimeout = requestTimeout
        self.maxConnections = max(1, maxConnections)
        self.handler = handler
    }

    /// Binds a TCP listener on `host:port` (port 0: ephemeral, see ``port``) on the shared event
    /// loop and starts serving it.
    /// - Parameters:
    ///   - requestTimeout: how long the server waits for a complete request (head and body),
    ///     counted from the end of the previous response; idle keep-alive connections are closed
    ///     after it too. `nil` waits forever.
    ///   - maxConnections: the most connections served at once.
    /// - Throws: `RuntimeError(.connectionFailed)` when the address cannot be bound.
    package static func start(
        host: String = "127.0.0.1", port: Int = 0, limits: HTTPLimits = HTTPLimits(), requestTimeout: Duration? = .seconds(120),
        maxConnections: Int = defaultMaxConnections, loop: EventLoop = .shared, handler: @escaping HTTPServerHandler
    ) async throws -> HTTPServer {
        let listener = try TCPListener.bind(host: host, port: port, loop: loop)
        return start(
            listener: listener, limits: limits, requestTimeout: requestTimeout, maxConnections: maxConnections, handler: handler)
    }

    /// Starts serving the connections `listener` accepts.
    package static func start(
        listener: any HTTPListening, limits: HTTPLimits = HTTPLimits(), requestTimeout: Duration? = .seconds(120),
        maxConnections: Int = defaultMaxConnections, handler: @escaping HTTPServerHandler
    ) -> HTTPServer {
        let server = HTTPServer(
            listener: listener, limits: limits, requestTimeout: requestTimeout, maxConnections: maxConnections, handler: handler)
        let task = Task { await server.acceptLoop() }
        server.state.withLock { $0.acceptTask = task }
        return server
    }

    /// Stops accepting, closes every open connection, and returns once the accept loop ended.
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
    }

    /// The number of connections accepted so far.
    package var acceptedConnectionCount: Int { state.withLock { $0.acceptedCount } }

    /// The number of connections being served, upgraded ones included until their new protocol
    /// returns (``shutdown()`` closes them too).
    package var openConnectionCount: Int { state.withLock { $0.connections.count } }

    /// Whether the server stopped accepting because `maxConnections` are open (for tests).
    package var isAtConnectionLimit: Bool { state.withLock { $0.capacityWaiter != nil } }

    /// Returns once fewer than `maxConnections` connections are open (or the task is cancelled).
    private func waitForCapacity() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let proceed = state.withLock { state -> Bool in
                    if state.connections.count < maxConnections || state.isShutDown || Task.isCancelled { return true }
                    state.capacityWaiter = continuation
                    return false
                }
                if proceed { continuation.resume() }
            }
        } onCancel: {
            // Resumed after the lock is released (never resume a task under a lock its
            // cancellation handler takes).
            state.withLock { state in
                defer { state.capacityWaiter = nil }
                return state.capacityWaiter
            }?.resume()
        }
    }

    private func connectionEnded(_ key: ObjectIdentifier) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.connections.removeValue(forKey: key)
            guard state.connections.count < maxConnections else { return nil }
            defer { state.capacityWaiter = nil }
            return state.capacityWaiter
        }
        waiter?.resume()
    }

    private func acceptLoop() async {
        while !Task.isCancelled {
            await waitForCapacity()
            if Task.isCancelled { return }
            let connection: any Connection
            do {
                connection = try await listener.accept()
            } catch {
                if state.withLock({ $0.isShutDown }) || Task.isCancelled || error is CancellationError { return }
                if let error = error as? RuntimeError, error.code == .shutDown || error.code == .connectionClosed { return }
                // A failed accept (such as too many open files) must not end the server; back off
                // briefly so that the loop does not spin while the condition lasts.
                try? await Task.sleep(for: .milliseconds(10))
                continue
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
                let session = HTTPServerSession(
                    connection: connection, limits: limits, requestTimeout: requestTimeout, handler: handler)
                await session.run()
                self.connectionEnded(key)
            }
        }
    }
}
