import Testing

@testable import QiskitRuntimeEmulator

@Suite("Simulation lane: one simulation at a time, in order, cancellable while waiting", .timeLimit(.minutes(2)))
struct SimulationLaneTests {
    @Test("waiters take the lane in arrival order; a cancelled waiter leaves the line and never holds it")
    func orderAndCancellation() async throws {
        let lane = SimulationLane()
        try await lane.acquire()  // free: taken without waiting

        let order = OrderLog()
        let first = Task {
            try await lane.acquire()
            await order.append("first")
        }
        while lane.waitingCount < 1 { await Task.yield() }
        // The second waiter is cancelled while it waits.
        let second = Task {
            try await lane.acquire()
            await order.append("second")
        }
        while lane.waitingCount < 2 { await Task.yield() }
        let third = Task {
            try await lane.acquire()
            await order.append("third")
        }
        while lane.waitingCount < 3 { await Task.yield() }
        second.cancel()
        await #expect(throws: CancellationError.self) { try await second.value }
        #expect(lane.waitingCount == 2)

        lane.release()              // to the first waiter
        try await first.value
        #expect(await order.entries == ["first"])
        lane.release()              // the second left: to the third
        try await third.value
        #expect(await order.entries == ["first", "third"])
        lane.release()              // nobody waits: the lane is free again
        try await lane.acquire()
        lane.release()
    }
}

private actor OrderLog {
    var entries: [String] = []
    func append(_ entry: String) { entries.append(entry) }
}
