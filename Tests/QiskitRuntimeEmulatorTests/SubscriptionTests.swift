import RuntimeWire
import QiskitRuntime
import Testing
@testable import QiskitRuntimeEmulator

@Suite("Job event subscriptions", .timeLimit(.minutes(1)))
struct SubscriptionTests {
    @Test("interim results arrive as published, then the final event, then the end")
    func fullRun() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world", params: #"{"iterations": 2}"#)
        let events = try h.service.subscribe(toJob: id)
        var iterator = events.makeAsyncIterator()
        h.advance(seconds: 1.0)   // running at 0.5, first result at 1.0
        let first = await iterator.next()
        guard case .interim(let text)? = first else { Issue.record("expected interim, got \(String(describing: first))"); return }
        #expect(try JSONParser.parse(text)["iteration"] == .integer(0))
        h.advance(seconds: 1.0)   // second result at 1.5, completion at 2.0
        guard case .interim(let second)? = await iterator.next() else { Issue.record("expected interim"); return }
        #expect(try JSONParser.parse(second)["iteration"] == .integer(1))
        #expect(await iterator.next() == .final(.completed))
        #expect(await iterator.next() == nil)
        // The stream frames equal the REST interim results (REST is latest first).
        let rest = await h.request("GET", "/runtime/jobs/\(id)/interim_results").json
        #expect(rest == .array([.string(second), .string(text)]))
    }

    @Test("a late subscriber gets no replay, only what comes after")
    func noReplay() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world", params: #"{"iterations": 3}"#)
        h.advance(seconds: 1.5)   // two results published
        let events = try h.service.subscribe(toJob: id)
        h.advance(seconds: 1.0)
        var collected: [StreamEvent] = []
        for await event in events { collected.append(event) }
        #expect(collected.count == 2)
        guard case .interim(let text) = collected[0] else { Issue.record("expected interim"); return }
        #expect(try JSONParser.parse(text)["iteration"] == .integer(2))
        #expect(collected[1] == .final(.completed))
    }

    @Test("an already-final job yields its final event at once")
    func alreadyFinal() async throws {
        let h = EmulatorHarness()
        let failed = try await h.submit("failing-program", params: #"{"interim_count": 0}"#)
        h.advance(seconds: 5)
        var collected: [StreamEvent] = []
        for await event in try h.service.subscribe(toJob: failed) { collected.append(event) }
        #expect(collected == [.final(.failed)])
        let ranTooLong = try await h.submit("long-running", params: #"{"max_execution_s": 0}"#)
        h.advance(seconds: 1)
        collected = []
        for await event in try h.service.subscribe(toJob: ranTooLong) { collected.append(event) }
        #expect(collected == [.final(.cancelledRanTooLong)])
    }

    @Test("cancel delivers the final event to subscribers immediately")
    func cancelEndsStream() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world")
        let a = try h.service.subscribe(toJob: id)
        let b = try h.service.subscribe(toJob: id)
        #expect(await h.request("POST", "/runtime/jobs/\(id)/cancel").status == 204)
        var fromA: [StreamEvent] = []
        for await event in a { fromA.append(event) }
        var fromB: [StreamEvent] = []
        for await event in b { fromB.append(event) }
        #expect(fromA == [.final(.cancelled)])
        #expect(fromB == [.final(.cancelled)])
    }

    @Test("events are queued under the service lock and yielded only by drain, in order (no yield under the lock)")
    func deliverQueuesDrainYields() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world", params: #"{"iterations": 2}"#)
        let (stream, continuation) = AsyncStream.makeStream(of: StreamEvent.self)
        let now = h.service.now + 10_000_000   // 10 s later: both results published, job completed
        let toDrain = h.service.state.withLock { state -> [(jobID: String, id: UInt64)] in
            state.subscriptions[id, default: [:]][999] = Subscription(sink: .stream(continuation), delivered: 0)
            return EmulatorService.deliver(jobID: id, now: now, finalResult: false, state: &state)
        }
        #expect(toDrain.count == 1)
        let queued = h.service.state.withLock { $0.subscriptions[id]?[999] }
        #expect(queued?.outbox.count == 3)
        #expect(queued?.ending == true)
        #expect(queued?.draining == true)
        h.service.drain(toDrain)
        #expect(h.service.state.withLock { $0.subscriptions[id]?[999] } == nil)
        var collected: [StreamEvent] = []
        for await event in stream { collected.append(event) }
        #expect(collected.count == 3)
        #expect(collected.last == .final(.completed))
        guard case .interim(let first)? = collected.first else { Issue.record("expected interim"); return }
        #expect(try JSONParser.parse(first)["iteration"] == .integer(0))
    }

    @Test("cancelling consumers while their job is cancelled never deadlocks (8 consumers per job, 300 jobs)")
    func cancelRace() async throws {
        let h = EmulatorHarness()
        for _ in 0..<300 {
            let id = try await h.submit("hello-world")
            var consumers: [Task<Int, Never>] = []
            for _ in 0..<8 {
                let events = try h.service.subscribe(toJob: id)
                consumers.append(Task.detached {
                    var count = 0
                    for await _ in events { count += 1 }
                    return count
                })
            }
            // Race the job's cancellation (which delivers the final event) against the
            // cancellation of every consumer, most of them waiting in `next()` by now.
            for _ in 0..<4 { await Task.yield() }
            let all = consumers
            let canceller = Task.detached { for consumer in all { consumer.cancel() } }
            #expect(await h.request("POST", "/runtime/jobs/\(id)/cancel").status == 204)
            await canceller.value
            for consumer in consumers { #expect(await consumer.value <= 1) }
        }
        #expect(h.service.state.withLock { $0.subscriptions.isEmpty })
    }

    @Test("finalResultInStream adds the result as a last interim event")
    func finalResultInStream() async throws {
        let h = EmulatorHarness(finalResultInStream: true)
        let id = try await h.submit("hello-world", params: #"{"iterations": 1}"#)
        let events = try h.service.subscribe(toJob: id)
        h.advance(seconds: 10)
        var collected: [StreamEvent] = []
        for await event in events { collected.append(event) }
        #expect(collected.count == 3)
        #expect(collected.suffix(2) == [.interim("\"All done!\""), .final(.completed)])
    }

    @Test("ran-too-long subscribers see results up to the cut-off, then the final event")
    func ranTooLong() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("long-running", params: #"{"max_execution_s": 1.2, "interim_count": 10}"#)
        let events = try h.service.subscribe(toJob: id)
        h.advance(seconds: 100)
        var collected: [StreamEvent] = []
        for await event in events { collected.append(event) }
        #expect(collected.count == 3)
        #expect(collected.last == .final(.cancelledRanTooLong))
    }

    @Test("a full buffer ends the subscription without a final event")
    func overflow() async throws {
        let h = EmulatorHarness(streamBufferLimit: 2)
        let id = try await h.submit("hello-world", params: #"{"iterations": 5}"#)
        let events = try h.service.subscribe(toJob: id)
        h.advance(seconds: 100)
        var collected: [StreamEvent] = []
        for await event in events { collected.append(event) }
        #expect(collected.count == 2)
        #expect(!collected.contains(.final(.completed)))
        #expect(try await h.status(id) == "Completed")
    }

    @Test("subscribing to an unknown job throws notFound")
    func unknownJob() async throws {
        let h = EmulatorHarness()
        #expect(throws: RuntimeError.self) { _ = try h.service.subscribe(toJob: "missing") }
        do {
            _ = try h.service.subscribe(toJob: "missing")
        } catch let error as RuntimeError {
            #expect(error.code == .notFound)
        }
    }

    @Test("many subscribed jobs share one scheduler and all finish in time order")
    func manyJobs() async throws {
        let h = EmulatorHarness()
        var streams: [(Int, AsyncStream<StreamEvent>)] = []
        for n in 0..<50 {
            let id = try await h.submit("hello-world", params: #"{"iterations": \#(n % 4), "interval_s": \#(0.1 * Double(n % 5 + 1))}"#)
            streams.append((n % 4, try h.service.subscribe(toJob: id)))
        }
        h.advance(seconds: 30)
        for (iterations, stream) in streams {
            var interim = 0
            var final: StreamEvent?
            for await event in stream {
                if case .interim = event { interim += 1 } else { final = event }
            }
            #expect(interim == iterations)
            #expect(final == .final(.completed))
        }
    }

    @Test("on the real-time clock, one timer delivers events without manual advancing")
    func realTime() async throws {
        let service = EmulatorService(configuration: EmulatorConfiguration(
            accessTokens: ["t"],
            timing: EmulatorTiming(queued: .milliseconds(5), interval: .milliseconds(5), interimCount: 3)))
        let wrapped = EmulatorHarness.Wrapped(service: service)
        let reply = await wrapped.request("POST", "/runtime/jobs", body: #"{"program_id": "hello-world"}"#, token: "t")
        let id = try #require(reply.json?["id"]?.stringValue)
        var collected: [StreamEvent] = []
        for await event in try service.subscribe(toJob: id) { collected.append(event) }
        #expect(collected.last == .final(.completed))
        // A subscription can start after a result was published: between 0 and 3 interim events.
        #expect(collected.count >= 1 && collected.count <= 4)
        #expect(service.status(ofJob: id) == .completed)
    }
}
