import RuntimeWire
import Testing
@testable import RuntimeIO

/// The waiter state machine alone, without concurrency: continuations are plain labels, and every
/// test checks which label a change asks to resume, with what.
@Suite("WaiterQueue")
struct WaiterQueueTests {
    private typealias Queue = WaiterQueue<Int, String>

    private struct Boom: Error, Equatable {}

    /// The value of a resumption, or nil for a failure.
    private func value(_ resumption: Queue.Resumption?) -> Int? {
        guard case .success(let value)? = resumption?.outcome else { return nil }
        return value
    }

    private func isCancellation(_ resumption: Queue.Resumption?) -> Bool {
        guard case .failure(let error)? = resumption?.outcome else { return false }
        return error is CancellationError
    }

    private func error(_ resumption: Queue.Resumption?) -> (any Error)? {
        guard case .failure(let error)? = resumption?.outcome else { return nil }
        return error
    }

    private func isNoWaiter(_ handoff: Queue.Handoff) -> Bool {
        if case .noWaiter = handoff { return true }
        return false
    }

    private func delivered(_ handoff: Queue.Handoff) -> Queue.Resumption?? {
        guard case .delivered(let resumption) = handoff else { return nil }
        return .some(resumption)
    }

    @Test("a registered waiter waits, then its outcome resumes its continuation once")
    func registerThenResolve() {
        var queue = Queue()
        let id = queue.enqueue()
        #expect(queue.count == 1)
        #expect(queue.isWaiting(id))
        #expect(queue.register(id, "a") == nil)
        let resumption = queue.resolve(id, with: .success(7))
        #expect(resumption?.continuation == "a")
        #expect(value(resumption) == 7)
        #expect(queue.isEmpty)
        #expect(!queue.isWaiting(id))
        // Resolved once: a later cancellation or value does nothing.
        #expect(queue.resolve(id, with: .failure(CancellationError())) == nil)
        #expect(queue.resolve(id, with: .success(8)) == nil)
    }

    @Test("a cancellation before registration is kept and returned on registration")
    func cancelBeforeRegister() {
        var queue = Queue()
        let id = queue.enqueue()
        #expect(queue.resolve(id, with: .failure(CancellationError())) == nil)
        #expect(queue.isEmpty)
        #expect(queue.count == 0)
        let resumption = queue.register(id, "a")
        #expect(resumption?.continuation == "a")
        #expect(isCancellation(resumption))
        // Nothing is left behind: a value for the queue finds nobody.
        #expect(delivered(queue.resolveFirst(with: .success(1))) == nil)
    }

    @Test("a cancellation after registration resumes the waiter and takes it out of line")
    func cancelAfterRegister() {
        var queue = Queue()
        let id = queue.enqueue()
        #expect(queue.register(id, "a") == nil)
        let resumption = queue.resolve(id, with: .failure(CancellationError()))
        #expect(resumption?.continuation == "a")
        #expect(isCancellation(resumption))
        #expect(isNoWaiter(queue.resolveFirst(with: .success(1))), "a cancelled waiter was handed a value")
    }

    @Test("a deadline passing before registration: the waiter gets the timeout on registering")
    func deadlineBeforeRegister() {
        var queue = Queue()
        let id = queue.enqueue()
        #expect(queue.resolve(id, with: .failure(Waiting.timedOut)) == nil)
        let resumption = queue.register(id, "a")
        #expect((error(resumption) as? WireError)?.code == .timedOut)
    }

    @Test("a deadline passing after registration resumes the waiter with the timeout; the value that follows finds nobody")
    func deadlineAfterRegister() {
        var queue = Queue()
        let id = queue.enqueue()
        #expect(queue.register(id, "a") == nil)
        let resumption = queue.resolve(id, with: .failure(Waiting.timedOut))
        #expect(resumption?.continuation == "a")
        #expect((error(resumption) as? WireError)?.code == .timedOut)
        #expect(isNoWaiter(queue.resolveFirst(with: .success(1))), "a timed-out waiter was handed a value")
    }

    @Test("the first outcome wins: a value handed to a waiter before it registered survives a later cancellation")
    func handoffBeforeRegisterWinsOverCancellation() {
        var queue = Queue()
        let id = queue.enqueue()
        let handoff = queue.resolveFirst(with: .success(42))
        // Delivered, but nothing to resume yet: the waiter has not suspended.
        guard case .delivered(.none) = handoff else {
            Issue.record("expected a deferred delivery, got \(handoff)")
            return
        }
        #expect(queue.resolve(id, with: .failure(CancellationError())) == nil)
        let resumption = queue.register(id, "a")
        #expect(value(resumption) == 42)
    }

    @Test("waiters are served in arrival order; cancelled ones are skipped")
    func fifo() {
        var queue = Queue()
        let ids = (0..<4).map { _ in queue.enqueue() }
        for (index, id) in ids.enumerated() { #expect(queue.register(id, "w\(index)") == nil) }
        #expect(queue.count == 4)
        #expect(isCancellation(queue.resolve(ids[1], with: .failure(CancellationError()))))
        var served: [String] = []
        while case .delivered(let resumption?) = queue.resolveFirst(with: .success(served.count)) {
            served.append(resumption.continuation)
            #expect(value(resumption) == served.count - 1)
        }
        #expect(served == ["w0", "w2", "w3"])
        #expect(queue.isEmpty)
    }

    @Test("many waiters: lookups by id stay right while waiters leave from the middle")
    func manyWaitersLeavingFromTheMiddle() {
        var queue = Queue()
        let ids = (0..<200).map { _ in queue.enqueue() }
        for id in ids { #expect(queue.register(id, "\(id.rawValue)") == nil) }
        // Every third waiter is cancelled, in reverse order.
        for id in ids.enumerated().filter({ $0.offset % 3 == 0 }).map(\.element).reversed() {
            #expect(queue.resolve(id, with: .failure(CancellationError()))?.continuation == "\(id.rawValue)")
        }
        for (offset, id) in ids.enumerated() {
            #expect(queue.isWaiting(id) == (offset % 3 != 0))
        }
        let expected = ids.enumerated().filter { $0.offset % 3 != 0 }.map { "\($0.element.rawValue)" }
        let resumed = queue.resolveAll(with: .success(0)).map(\.continuation)
        #expect(resumed == expected)
    }

    @Test("resolveAll resumes everyone present; a waiter enqueued afterwards waits as usual")
    func broadcast() {
        var queue = Queue()
        let a = queue.enqueue()
        let b = queue.enqueue()
        #expect(queue.register(a, "a") == nil)
        // b has not suspended yet: it gets the broadcast when it does.
        let resumed = queue.resolveAll(with: .success(5))
        #expect(resumed.map(\.continuation) == ["a"])
        #expect(resumed.map { value($0) } == [5])
        #expect(value(queue.register(b, "b")) == 5)
        let c = queue.enqueue()
        #expect(queue.register(c, "c") == nil)
        #expect(queue.count == 1)
        #expect(queue.resolveAll(with: .success(6)).map(\.continuation) == ["c"])
    }

    @Test("finish gives its outcome to present and future waiters; only the first finish counts")
    func finish() {
        var queue = Queue()
        let a = queue.enqueue()
        let b = queue.enqueue()
        #expect(queue.register(a, "a") == nil)
        let resumed = queue.finish(with: .failure(Boom()))
        #expect(queue.isFinished)
        #expect(resumed.map(\.continuation) == ["a"])
        #expect(error(resumed.first) as? Boom == Boom())
        #expect(error(queue.register(b, "b")) as? Boom == Boom())
        let late = queue.enqueue()
        #expect(queue.isEmpty)
        #expect(error(queue.register(late, "late")) as? Boom == Boom())
        #expect(queue.finish(with: .success(1)).isEmpty)
        #expect(error(queue.register(queue.enqueue(), "later")) as? Boom == Boom())
        #expect(isNoWaiter(queue.resolveFirst(with: .success(1))), "a finished queue handed a value to someone")
    }

    @Test("withdraw takes a waiter that has not suspended out of line, with the outcome it already had")
    func withdraw() {
        var queue = Queue()
        let early = queue.enqueue()
        let answered = queue.enqueue()
        let suspended = queue.enqueue()
        #expect(queue.register(suspended, "s") == nil)
        #expect(queue.count == 3)
        #expect(queue.withdraw(early) == nil)
        #expect(!queue.isWaiting(early))
        #expect(queue.count == 2)
        guard case .delivered(.none) = queue.resolveFirst(with: .success(4)) else {
            Issue.record("the hand-off did not go to the first waiter left in line")
            return
        }
        guard case .success(4)? = queue.withdraw(answered) else {
            Issue.record("withdraw lost the value handed over before it")
            return
        }
        // A suspended waiter is not withdrawn; it still gets its outcome.
        #expect(queue.withdraw(suspended) == nil)
        #expect(queue.resolve(suspended, with: .success(5))?.continuation == "s")
        #expect(queue.isEmpty)
        #expect(queue.withdraw(early) == nil)
    }

    @Test("registering an unknown id, or twice, fails that registration with invalidState")
    func misuse() {
        var queue = Queue()
        let unknown = queue.register(WaiterID(rawValue: 99), "x")
        #expect((error(unknown) as? WireError)?.code == .invalidState)
        let id = queue.enqueue()
        #expect(queue.register(id, "a") == nil)
        let twice = queue.register(id, "b")
        #expect(twice?.continuation == "b")
        #expect((error(twice) as? WireError)?.code == .invalidState)
        // The first registration still waits.
        #expect(queue.resolve(id, with: .success(1))?.continuation == "a")
    }
}
