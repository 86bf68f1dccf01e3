import RuntimeWire
import Synchronization
import Testing
@testable import RuntimeIO

@Suite("LoopWaiter", .timeLimit(.minutes(1)))
struct LoopWaiterTests {
    /// What the loop side of a test operation saw.
    private final class Record: Sendable {
        let continuation = Mutex<CheckedContinuation<Int, any Error>?>(nil)
        let startedCancelled = Mutex<Bool?>(nil)
        let cancelRuns = Atomic<Int>(0)
        let refusedRuns = Atomic<Int>(0)
    }

    @Test("the value given by the loop side is returned")
    func value() async throws {
        let value: Int = try await LoopWaiter.wait(on: .shared) { token, continuation in
            continuation.resume(returning: token.isCancelled ? -1 : 42)
        } cancel: { _ in
            Issue.record("cancel ran without a cancellation")
        }
        #expect(value == 42)
    }

    @Test("cancelling a registered operation runs cancel on the loop, which ends it")
    func cancelRegistered() async throws {
        let record = Record()
        let (registered, signal) = AsyncStream<Void>.makeStream()
        let task = Task {
            try await LoopWaiter.wait(on: .shared) { (token: OperationToken, continuation: CheckedContinuation<Int, any Error>) in
                record.continuation.withLock { $0 = continuation }
                signal.yield()
            } cancel: { _ in
                record.cancelRuns.add(1, ordering: .relaxed)
                record.continuation.withLock { $0.take() }?.resume(throwing: CancellationError())
            }
        }
        for await _ in registered { break }
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(record.cancelRuns.load(ordering: .relaxed) == 1)
    }

    @Test("a task cancelled before the loop registers the operation finds its token cancelled")
    func cancelBeforeStart() async throws {
        let record = Record()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await LoopWaiter.wait(on: .shared) { (token: OperationToken, continuation: CheckedContinuation<Int, any Error>) in
                record.startedCancelled.withLock { $0 = token.isCancelled }
                if token.isCancelled { continuation.resume(throwing: CancellationError()) } else { continuation.resume(returning: 1) }
            } cancel: { _ in
                record.cancelRuns.add(1, ordering: .relaxed)
            }
        }
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(record.startedCancelled.withLock { $0 } == true)
    }

    @Test("a shut-down loop refuses the operation: refused runs and the wait throws shutDown")
    func refused() async throws {
        let loop = EventLoop()
        loop.shutdown()
        let record = Record()
        do {
            let _: Int = try await LoopWaiter.wait(on: loop) { _, continuation in
                record.startedCancelled.withLock { $0 = false }
                continuation.resume(returning: 1)
            } cancel: { _ in
            } refused: {
                record.refusedRuns.add(1, ordering: .relaxed)
            }
            Issue.record("the wait succeeded on a shut-down loop")
        } catch {
            #expect((error as? WireError)?.code == .shutDown)
        }
        #expect(record.refusedRuns.load(ordering: .relaxed) == 1)
        #expect(record.startedCancelled.withLock { $0 } == nil)
    }
}
