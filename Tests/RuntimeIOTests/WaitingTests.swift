import RuntimeWire
import Synchronization
import Testing
@testable import RuntimeIO

/// The async side of the waiter primitive: ``Waiting/wait(deadline:scheduler:timeoutError:register:resolve:)``,
/// ``Waiters`` and the event loop as ``DeadlineScheduler``. Tasks are synchronised with gates
/// (a signal sent once the waiter has registered) and a manual scheduler, never with sleeps.
@Suite("Waiting", .timeLimit(.minutes(1)))
struct WaitingTests {
    private struct Timeout: Error {}

    /// An owner with one queue that signals every registration.
    private final class Probe: Sendable {
        let queue = Mutex(Waiting.Queue<Int>())
        let registrations: AsyncStream<Void>
        private let signal: AsyncStream<Void>.Continuation

        init() {
            (registrations, signal) = AsyncStream.makeStream()
        }

        func enqueue() -> WaiterID { queue.withLock { $0.enqueue() } }

        func wait(_ id: WaiterID, deadline: ContinuousClock.Instant? = nil, scheduler: (any DeadlineScheduler)? = nil) async throws -> Int {
            try await Waiting.wait(
                deadline: deadline, scheduler: scheduler, timeoutError: { Timeout() },
                register: { continuation in
                    let resumption = queue.withLock { $0.register(id, continuation) }
                    signal.yield()
                    return resumption
                },
                resolve: { outcome in self.queue.withLock { $0.resolve(id, with: outcome) } })
        }

        /// Returns once a waiter has registered (suspended, or resumed at once).
        func registered() async {
            for await _ in registrations { return }
        }

        func resolve(_ id: WaiterID, with outcome: Result<Int, any Error>) {
            queue.withLock { $0.resolve(id, with: outcome) }?.resume()
        }

        var count: Int { queue.withLock { $0.count } }
    }

    /// A scheduler that fires every action at once, inside `schedule`, while claiming that the
    /// deadline is still ahead: a deadline that passes before the task suspends.
    private struct ImmediateScheduler: DeadlineScheduler {
        var now: ContinuousClock.Instant { .now - .seconds(3600) }
        func schedule(at deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) -> DeadlineTimer {
            action()
            return DeadlineTimer(id: 1)
        }
        func cancel(_ timer: DeadlineTimer) {}
    }

    @Test("a value given after the task suspended is returned")
    func valueAfterSuspending() async throws {
        let probe = Probe()
        let id = probe.enqueue()
        let task = Task { try await probe.wait(id) }
        await probe.registered()
        probe.resolve(id, with: .success(7))
        #expect(try await task.value == 7)
        #expect(probe.count == 0)
    }

    @Test("cancelling a suspended waiter throws CancellationError and takes it out of line")
    func cancelAfterSuspending() async throws {
        let probe = Probe()
        let id = probe.enqueue()
        let task = Task { try await probe.wait(id) }
        await probe.registered()
        #expect(probe.count == 1)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(probe.count == 0)
        // A value that comes afterwards finds nobody.
        let handoff = probe.queue.withLock { $0.resolveFirst(with: .success(1)) }
        guard case .noWaiter = handoff else {
            Issue.record("a cancelled waiter was handed a value")
            return
        }
    }

    @Test("a task cancelled before it waits is resumed on registration, without suspending")
    func cancelBeforeSuspending() async throws {
        let probe = Probe()
        let id = probe.enqueue()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await probe.wait(id)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        await probe.registered()
        #expect(probe.count == 0)
    }

    @Test("the deadline fires on the scheduler's timer with the owner's timeout error")
    func deadlineAfterSuspending() async throws {
        let probe = Probe()
        let scheduler = ManualScheduler()
        let deadline = scheduler.now + .seconds(30)
        let id = probe.enqueue()
        let task = Task { try await probe.wait(id, deadline: deadline, scheduler: scheduler) }
        await probe.registered()
        #expect(scheduler.scheduled.count == 1)
        scheduler.advance(to: deadline - .seconds(1))
        #expect(probe.count == 1)
        scheduler.advance(to: deadline)
        await #expect(throws: Timeout.self) { try await task.value }
        #expect(probe.count == 0)
        #expect(scheduler.pendingCount == 0)
    }

    @Test("a deadline already passed throws at once, without a timer")
    func deadlineAlreadyPassed() async throws {
        let probe = Probe()
        let scheduler = ManualScheduler()
        let id = probe.enqueue()
        await #expect(throws: Timeout.self) {
            try await probe.wait(id, deadline: scheduler.now - .milliseconds(1), scheduler: scheduler)
        }
        #expect(scheduler.scheduled.isEmpty)
        #expect(probe.count == 0)
    }

    @Test("a deadline that fires before the task suspends is returned on registration")
    func deadlineBeforeSuspending() async throws {
        let probe = Probe()
        let id = probe.enqueue()
        await #expect(throws: Timeout.self) {
            try await probe.wait(id, deadline: .now + .seconds(3600), scheduler: ImmediateScheduler())
        }
        #expect(probe.count == 0)
    }

    @Test("a wait ended by its value cancels its deadline timer")
    func valueCancelsTimer() async throws {
        let probe = Probe()
        let scheduler = ManualScheduler()
        let id = probe.enqueue()
        let task = Task { try await probe.wait(id, deadline: scheduler.now + .seconds(30), scheduler: scheduler) }
        await probe.registered()
        probe.resolve(id, with: .success(3))
        #expect(try await task.value == 3)
        #expect(scheduler.cancelled == scheduler.scheduled)
        #expect(scheduler.pendingCount == 0)
        // The timer firing late (it was cancelled) would change nothing either.
        scheduler.advance(to: scheduler.now + .seconds(60))
    }

    @Test("Waiters: FIFO hand-off, broadcast, and a finish that also reaches later waiters")
    func waiters() async throws {
        let waiters = Waiters<Int>()
        #expect(!waiters.resolveFirst(with: .success(0)))
        let first = waiters.enqueue()
        let second = waiters.enqueue()
        let a = Task { try await waiters.wait(first) }
        let b = Task { try await waiters.wait(second) }
        #expect(waiters.count == 2)
        #expect(waiters.resolveFirst(with: .success(1)))
        #expect(try await a.value == 1)
        waiters.resolveAll(with: .success(2))
        #expect(try await b.value == 2)
        #expect(waiters.count == 0)
        waiters.finish(with: .failure(WireError(.shutDown, "over")))
        #expect(waiters.isFinished)
        await #expect(throws: WireError.self) { try await waiters.wait() }
        // A later finish does not change the outcome.
        waiters.finish(with: .success(9))
        do {
            _ = try await waiters.wait()
            Issue.record("a finished Waiters returned a value")
        } catch {
            #expect((error as? WireError)?.code == .shutDown)
        }
    }

    @Test("Waiters: the default deadline runs on the event loop's timers")
    func waitersOnTheLoop() async throws {
        let waiters = Waiters<Int>()
        do {
            _ = try await waiters.wait(deadline: .now + .milliseconds(20))
            Issue.record("the wait outlived its deadline")
        } catch {
            #expect((error as? WireError)?.code == .timedOut)
        }
        #expect(waiters.count == 0)
    }

    @Test("the loop's deadline timers fire from any thread's request, and cancelled ones are dropped from the heap")
    func loopDeadlineTimers() async throws {
        let loop = EventLoop()
        defer { loop.shutdown() }
        let (fired, signal) = AsyncStream<Void>.makeStream()
        _ = loop.schedule(at: .now + .milliseconds(5)) { signal.yield() }
        for await _ in fired { break }

        let far = ContinuousClock.now + .seconds(3600)
        let timers = (0..<3000).map { _ in loop.schedule(at: far) { Issue.record("a cancelled timer fired") } }
        for timer in timers { loop.cancel(timer) }
        let counts: (live: Int, heap: Int) = await withCheckedContinuation { continuation in
            loop.execute { continuation.resume(returning: loop.timerCounts) }
        }
        #expect(counts.live == 0)
        #expect(counts.heap <= 1024)
    }
}
