import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

@Suite("Emulator helpers")
struct SupportTests {
    @Test("ISO timestamps: UTC, six fractional digits, Z")
    func isoTimestamps() {
        #expect(ISOTimestamp.format(microseconds: 0) == "1970-01-01T00:00:00.000000Z")
        #expect(ISOTimestamp.format(microseconds: 1_767_225_600_500_000) == "2026-01-01T00:00:00.500000Z")
        #expect(ISOTimestamp.format(microseconds: 1_709_164_799_000_001) == "2024-02-28T23:59:59.000001Z")
        #expect(ISOTimestamp.format(microseconds: 1_709_251_199_999_999) == "2024-02-29T23:59:59.999999Z")
        #expect(ISOTimestamp.format(microseconds: -1) == "1969-12-31T23:59:59.999999Z")
    }

    @Test("request targets: segments decoded after splitting, query decoded")
    func requestTarget() {
        let target = RequestTarget("/runtime/jobs/a%2Fb%20c/results?limit=5&program=x+y&flag&bad=%zz")
        #expect(target.segments == ["runtime", "jobs", "a/b c", "results"])
        #expect(target.queryValue("limit") == "5")
        #expect(target.queryValue("program") == "x y")
        #expect(target.queryValue("flag") == "")
        #expect(target.queryValue("bad") == "%zz")
        #expect(RequestTarget("/").segments.isEmpty)
        #expect(RequestTarget("//runtime//jobs").segments == ["runtime", "jobs"])
    }

    @Test("npy header is padded to 64 bytes and ends with a newline")
    func npy() throws {
        let bytes = try NPYWriter.float64([1, 2, 3, 4])
        #expect(Array(bytes.prefix(8)) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 0x01, 0x00])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(bytes[10 + headerLength - 1] == 0x0A)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }"))
        #expect(bytes.count == 10 + headerLength + 32)
        #expect(Array(bytes.suffix(8)) == [0, 0, 0, 0, 0, 0, 0x10, 0x40])   // 4.0
    }

    @Test("ndarray values match the vectors of numpy + RuntimeEncoder byte for byte (PROTOCOL §5.4 V2)")
    func ndarrayVector() throws {
        let value = try NPYWriter.ndarrayValue(npy: try NPYWriter.int64([1, 2, 3]))
        #expect(value["__type__"] == .string("ndarray"))
        #expect(value["__value__"] == .string(
            "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2mhrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOpo6CrUKFAAuRgYIYILSzFAaAOdAG2c="))
    }

    @Test("the job plan: publication instants, cut-off and cancellation")
    func plan() {
        let plan = JobPlan(createdAt: 0, queued: 10, interval: 5, interimCount: 3, maxExecution: 0, outcome: .completed)
        #expect(plan.status(at: 9, cancelledAt: nil) == .queued)
        #expect(plan.status(at: 10, cancelledAt: nil) == .running)
        #expect(plan.publishedCount(at: 14, cancelledAt: nil) == 0)
        #expect(plan.publishedCount(at: 15, cancelledAt: nil) == 1)
        #expect(plan.publishedCount(at: 1000, cancelledAt: nil) == 3)
        #expect(plan.status(at: 30, cancelledAt: nil) == .completed)
        #expect(plan.nextEvent(afterDelivered: 1, cancelledAt: nil) == 20)
        #expect(plan.nextEvent(afterDelivered: 3, cancelledAt: nil) == 30)
        #expect(plan.publishedCount(at: 1000, cancelledAt: 21) == 2)
        #expect(plan.status(at: 21, cancelledAt: 21) == .cancelled)
        #expect(plan.nextEvent(afterDelivered: 2, cancelledAt: 21) == 21)
    }

    @Test("a manual clock saturates far from overflow; jobs created then still work")
    func clockSaturates() async throws {
        let h = EmulatorHarness()
        h.clock.advance(by: .seconds(Int64.max))
        #expect(h.clock.microsecondsSince1970 == EmulatorClock.latest)
        h.clock.advance(by: .seconds(-5))
        #expect(h.clock.microsecondsSince1970 == EmulatorClock.latest)
        let id = try await h.submit("hello-world", params: #"{"queued_s": 1e300, "interval_s": 1e300, "iterations": 100000}"#)
        #expect(try await h.status(id) == "Queued")
    }

    @Test("the wake-up queue pops in time order")
    func wakeups() {
        var queue = WakeupQueue()
        for (t, id) in [(5, "e"), (1, "a"), (3, "c"), (2, "b"), (4, "d"), (1, "a2")] { queue.push(Int64(t), id) }
        #expect(queue.popIfDue(0) == nil)
        var popped: [Int64] = []
        while let entry = queue.popIfDue(4) { popped.append(entry.time) }
        #expect(popped == [1, 1, 2, 3, 4])
        #expect(queue.earliest == 5)
    }
}
