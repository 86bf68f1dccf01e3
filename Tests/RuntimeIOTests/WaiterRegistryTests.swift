import RuntimeWire
import Synchronization
import Testing
@testable import RuntimeIO

/// The registries of suspended callers built on ``WaiterQueue``: the WebSocket gate and the HTTP
/// connection pool. Waiting callers start with `Task.immediate`, which runs them on the test's
/// thread until they suspend: when it returns, the caller is in line (no polling, no sleeps).
@Suite("Waiter registries", .timeLimit(.minutes(1)))
struct WaiterRegistryTests {
    /// The order in which tasks got the gate.
    private final class Order: Sendable {
        let names = Mutex<[String]>([])
    }

    @Test("the gate goes to its waiters in arrival order")
    func gateFIFO() async throws {
        let gate = AsyncGate()
        let order = Order()
        #expect(gate.tryAcquire())
        var tasks: [Task<Void, any Error>] = []
        for name in ["a", "b", "c"] {
            tasks.append(Task.immediate {
                try await gate.acquire()
                order.names.withLock { $0.append(name) }
                gate.release()
            })
            #expect(gate.waiterCount == tasks.count)
        }
        #expect(!gate.tryAcquire())
        gate.release()
        for task in tasks { try await task.value }
        #expect(order.names.withLock { $0 } == ["a", "b", "c"])
        #expect(gate.tryAcquire())
    }

    @Test("a cancelled gate waiter leaves the line and the gate goes to the next")
    func gateCancel() async throws {
        let gate = AsyncGate()
        #expect(gate.tryAcquire())
        let first = Task.immediate { try await gate.acquire() }
        let second = Task.immediate {
            try await gate.acquire()
            gate.release()
        }
        #expect(gate.waiterCount == 2)
        first.cancel()
        await #expect(throws: CancellationError.self) { try await first.value }
        #expect(gate.waiterCount == 1)
        gate.release()
        try await second.value
        #expect(gate.waiterCount == 0)
        #expect(gate.tryAcquire())
    }

    private let key = HTTPConnectionPool.Key(scheme: "http", host: "127.0.0.1", port: 1)

    @Test("a request over the pool's limit waits and is handed the connection released first")
    func poolHandOff() async throws {
        let pool = HTTPConnectionPool(maxConnections: 1, maxIdle: 1, maxIdleTime: .seconds(60))
        guard case .connect = try await pool.acquire(key, fresh: false, deadline: .now + .seconds(60)) else {
            Issue.record("the first request did not get the right to connect")
            return
        }
        let waiting = Task.immediate { try await pool.acquire(key, fresh: false, deadline: .now + .seconds(60)) }
        #expect(pool.waiterCount(key) == 1)
        let (connection, peer) = MemoryConnection.pair()
        defer { peer.close() }
        pool.release(key, connection, reusable: true)
        guard case .reuse(let handed) = try await waiting.value else {
            Issue.record("the waiting request was not handed the released connection")
            return
        }
        #expect(handed === connection)
        #expect(pool.leasedCount(key) == 1)
        #expect(pool.idleCount(key) == 0)
        // A connection that cannot be reused gives the next waiter the right to open one.
        let next = Task.immediate { try await pool.acquire(key, fresh: false, deadline: .now + .seconds(60)) }
        #expect(pool.waiterCount(key) == 1)
        pool.release(key, handed, reusable: false)
        guard case .connect = try await next.value else {
            Issue.record("the next request did not get the right to connect")
            return
        }
        #expect(pool.leasedCount(key) == 1)
    }

    @Test("a request waiting for a connection times out at its deadline (the loop's timer) and leaves the line")
    func poolDeadline() async throws {
        let pool = HTTPConnectionPool(maxConnections: 1, maxIdle: 1, maxIdleTime: .seconds(60))
        _ = try await pool.acquire(key, fresh: false, deadline: .now + .seconds(60))
        do {
            _ = try await pool.acquire(key, fresh: false, deadline: .now + .milliseconds(20))
            Issue.record("the request outlived its deadline")
        } catch let error as WireError {
            #expect(error.code == .timedOut)
            #expect(error.message.contains("free connection"))
        }
        #expect(pool.waiterCount(key) == 0)
        #expect(pool.leasedCount(key) == 1)
    }

    @Test("cancelling a waiting request throws CancellationError; shutdown fails the others with shutDown")
    func poolCancelAndShutdown() async throws {
        let pool = HTTPConnectionPool(maxConnections: 1, maxIdle: 1, maxIdleTime: .seconds(60))
        _ = try await pool.acquire(key, fresh: false, deadline: .now + .seconds(60))
        let cancelled = Task.immediate { try await pool.acquire(key, fresh: false, deadline: .now + .seconds(60)) }
        let failed = Task.immediate { try await pool.acquire(key, fresh: false, deadline: .now + .seconds(60)) }
        #expect(pool.waiterCount(key) == 2)
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(pool.waiterCount(key) == 1)
        pool.shutdown()
        do {
            _ = try await failed.value
            Issue.record("a waiting request survived the shutdown")
        } catch {
            #expect((error as? WireError)?.code == .shutDown)
        }
        await #expect(throws: WireError.self) { try await pool.acquire(key, fresh: false, deadline: .now + .seconds(60)) }
    }
}
