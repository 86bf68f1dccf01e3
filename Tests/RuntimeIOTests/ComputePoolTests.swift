import CRuntimeShims
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import RuntimeIO

@Suite("ComputePool", .timeLimit(.minutes(1)))
struct ComputePoolTests {
    @Test("run returns the body's value from a pool thread, never the caller's")
    func runsOnAPoolThread() async throws {
        let pool = ComputePool(threadCount: 2)
        defer { pool.shutdown() }
        let callerThread = rt_gettid()
        let (value, thread) = try await pool.run { _ in (21 * 2, rt_gettid()) }
        #expect(value == 42)
        #expect(thread != callerThread)
        #expect(pool.startedThreads >= 1 && pool.startedThreads <= 2)
    }

    @Test("an error thrown by the body reaches the caller")
    func propagatesErrors() async {
        struct Boom: Error, Equatable {}
        let pool = ComputePool(threadCount: 1)
        defer { pool.shutdown() }
        await #expect(throws: Boom.self) {
            try await pool.run { _ -> Int in throw Boom() }
        }
    }

    @Test("work of an already cancelled task never starts and throws CancellationError")
    func cancelledBeforeStart() async {
        let pool = ComputePool(threadCount: 1)
        defer { pool.shutdown() }
        let started = Atomic<Bool>(false)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await pool.run { _ in started.store(true, ordering: .relaxed) }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(started.load(ordering: .relaxed) == false)
    }

    @Test("cancelling the waiting task sets the running body's cancellation flag")
    func cancelWhileRunning() async {
        let pool = ComputePool(threadCount: 1)
        defer { pool.shutdown() }
        let running = Atomic<Bool>(false)
        let task = Task {
            try await pool.run { cancellation -> Int in
                running.store(true, ordering: .releasing)
                while !cancellation.isCancelled { sched_yield() }
                try cancellation.check()
                return 1
            }
        }
        while !running.load(ordering: .acquiring) { await Task.yield() }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test("parallelFor runs every index exactly once, with the pool busy or idle")
    func parallelForCoversEveryIndex() async throws {
        let pool = ComputePool(threadCount: 2)
        defer { pool.shutdown() }
        // Several batches at once: each caller's helpers may find the other threads busy, and
        // the callers must still finish (they claim indices themselves).
        try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await pool.run { _ in
                        let counts = CountSlots(1_000)
                        pool.parallelFor(1_000) { counts.increment($0) }
                        return counts.values
                    }
                }
            }
            for try await counts in group {
                #expect(counts == Array(repeating: 1, count: 1_000))
            }
        }
        #expect(pool.startedThreads <= 2)
    }

    @Test("parallelFor on a one-thread pool runs inline, in order")
    func parallelForInline() {
        let pool = ComputePool(threadCount: 1)
        defer { pool.shutdown() }
        var order: [Int] = []
        pool.parallelFor(5) { order.append($0) }
        #expect(order == [0, 1, 2, 3, 4])
        #expect(pool.startedThreads == 0)
    }

    @Test("a shut-down pool still runs submitted work")
    func afterShutdown() async throws {
        let pool = ComputePool(threadCount: 2)
        pool.shutdown()
        let value = try await pool.run { _ in "still runs" }
        #expect(value == "still runs")
    }
}

/// One counter per index, incremented from any thread.
private final class CountSlots: Sendable {
    private let slots: Mutex<[Int]>

    init(_ count: Int) {
        slots = Mutex(Array(repeating: 0, count: count))
    }

    func increment(_ index: Int) { slots.withLock { $0[index] += 1 } }

    var values: [Int] { slots.withLock { $0 } }
}
