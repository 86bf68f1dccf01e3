import RuntimeIO
import RuntimeWire
import Synchronization
import QiskitRuntime
import Testing
@testable import QiskitRuntimeEmulator

@Suite("Interim payload text")
struct InterimPayloadTextTests {
    @Test("the directly written payload equals the JSONWriter text of the payload value")
    func matchesWriter() {
        var seeds: [UInt64] = [0, 1, 42, 0xDEAD_BEEF, UInt64.max]
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20 { seeds.append(rng.next()) }
        for seed in seeds {
            for padding in [0, 1, 2, 7, 125, 126, 1000, 65_536] {
                var iterations = Array(0..<40) + [99, 100, 999, 1000, 65_535, 1 << 31, 1 << 40, Int.max / 3]
                iterations.append(Int(rng.next() % 1_000_000_000))
                for iteration in iterations {
                    let fast = ProgramKind.helloWorld.interimPayload(iteration: iteration, seed: seed, padding: padding)
                    let value = ProgramKind.helloWorld.interimValue(iteration: iteration, seed: seed, padding: padding)
                    let reference = JSONWriter.write(value, style: .python)
                    #expect(fast == reference, "iteration \(iteration), seed \(seed), padding \(padding)")
                    #expect(fast.utf8.count == reference.utf8.count)
                }
            }
        }
    }

    @Test("an interim frame written in place equals the text frame of the payload string")
    func frameInPlace() {
        for padding in [0, 1, 90, 125, 126, 1000, 65_535, 70_000] {
            for iteration in [0, 9, 10, 12_345, 1 << 40] {
                var inPlace: [UInt8] = [7]
                ProgramKind.helloWorld.appendInterimFrame(iteration: iteration, seed: 5, padding: padding, to: &inPlace)
                var reference: [UInt8] = [7]
                WebSocketFrame.appendText(ProgramKind.helloWorld.interimPayload(iteration: iteration, seed: 5, padding: padding), to: &reference)
                #expect(inPlace == reference, "iteration \(iteration), padding \(padding)")
            }
        }
        let source = InterimResultSource(kind: .helloWorld, seed: 3, padding: 10)
        #expect(QueuedStreamEvent.interim(source, k: 4).event == .interim(ProgramKind.helloWorld.interimPayload(iteration: 3, seed: 3, padding: 10)))
    }

    @Test("a negative padding means none")
    func negativePadding() throws {
        let none = ProgramKind.helloWorld.interimPayload(iteration: 3, seed: 9, padding: 0)
        #expect(ProgramKind.helloWorld.interimPayload(iteration: 3, seed: 9, padding: -5) == none)
        #expect(try JSONParser.parse(none)["iteration"] == .integer(3))
    }
}

@Suite("Batched subscription queue", .timeLimit(.minutes(3)))
struct StreamEventQueueTests {
    @Test("events buffered before reading arrive in order in batches, none lost, then the end")
    func drainsInOrder() async {
        let queue = StreamEventQueue(limit: 10_000)
        for index in 0..<1_000 { #expect(queue.yield(.interim("\(index)"))) }
        #expect(queue.yield(.final(.completed)))
        queue.finish()
        #expect(!queue.yield(.interim("late")))
        var received: [StreamEvent] = []
        var batches = 0
        while true {
            let batch = await queue.next(maxCount: 128).map(\.event)
            if batch.isEmpty { break }
            #expect(batch.count <= 128)
            batches += 1
            received += batch
        }
        #expect(batches == 8)
        #expect(received == (0..<1_000).map { .interim("\($0)") } + [.final(.completed)])
        #expect(await queue.next(maxCount: 128).isEmpty)
    }

    @Test("a full buffer refuses events; what it holds is still delivered")
    func limit() async {
        let queue = StreamEventQueue(limit: 3)
        #expect(queue.yield(.interim("a")))
        #expect(queue.yield(.interim("b")))
        #expect(queue.yield(.interim("c")))
        #expect(!queue.yield(.interim("d")))
        #expect(await queue.next(maxCount: 2).map(\.event) == [.interim("a"), .interim("b")])
        #expect(queue.yield(.interim("e")))
        queue.finish()
        #expect(await queue.next(maxCount: 10).map(\.event) == [.interim("c"), .interim("e")])
        #expect(await queue.next(maxCount: 10) == [])
    }

    @Test("a waiting reader wakes up for the producer, across threads, in order")
    func wakesReader() async {
        let queue = StreamEventQueue(limit: 1_000_000)
        let producer = Task.detached {
            for index in 0..<20_000 {
                _ = queue.yield(.interim("\(index)"))
                if index % 997 == 0 { await Task.yield() }
            }
            queue.finish()
        }
        var received: [StreamEvent] = []
        while true {
            let batch = await queue.next(maxCount: 64).map(\.event)
            if batch.isEmpty { break }
            received += batch
        }
        await producer.value
        #expect(received == (0..<20_000).map { .interim("\($0)") })
    }

    @Test("releasing the reader or cancelling its wait terminates once and empties the buffer")
    func termination() async {
        let count = Mutex(0)
        let queue = StreamEventQueue(limit: 10)
        queue.setOnTermination { count.withLock { $0 += 1 } }
        var events: StreamEvents? = StreamEvents(queue: queue)
        #expect(queue.yield(.interim("a")))
        withExtendedLifetime(events) {}
        events = nil
        #expect(count.withLock { $0 } == 1)
        #expect(!queue.yield(.interim("b")))
        #expect(await queue.next(maxCount: 10) == [])
        queue.terminate()
        #expect(count.withLock { $0 } == 1)

        let waiting = StreamEventQueue(limit: 10)
        waiting.setOnTermination { count.withLock { $0 += 1 } }
        let reader = Task { await waiting.next(maxCount: 10) }
        reader.cancel()
        #expect(await reader.value == [])
        #expect(count.withLock { $0 } == 2)
        #expect(!waiting.yield(.interim("c")))
    }
}

@Suite("Batched subscriptions and the stream endpoint", .timeLimit(.minutes(3)))
struct StreamBatchingTests {
    /// Every event of a batched subscription until the end.
    private func collect(_ events: StreamEvents, batch: Int = 128) async -> [StreamEvent] {
        var collected: [StreamEvent] = []
        while true {
            let next = await events.next(maxCount: batch)
            if next.isEmpty { return collected }
            collected += next.map(\.event)
        }
    }

    @Test("a batched subscription sees exactly what an AsyncStream subscription sees")
    func parityWithAsyncStream() async throws {
        let h = EmulatorHarness(finalResultInStream: true)
        let id = try await h.submit("hello-world", params: #"{"iterations": 300}"#)
        let stream = try h.service.subscribe(toJob: id)
        let batched = try h.service.subscribeBatched(toJob: id)
        h.advance(seconds: 1_000)
        var fromStream: [StreamEvent] = []
        for await event in stream { fromStream.append(event) }
        let fromBatched = await collect(batched, batch: 7)
        #expect(fromStream.count == 302)
        #expect(fromBatched == fromStream)
    }

    @Test("a batched subscription overflows like the AsyncStream one, and a final job ends at once")
    func overflowAndFinal() async throws {
        let h = EmulatorHarness(streamBufferLimit: 2)
        let id = try await h.submit("hello-world", params: #"{"iterations": 5}"#)
        let events = try h.service.subscribeBatched(toJob: id)
        h.advance(seconds: 100)
        let collected = await collect(events)
        #expect(collected.count == 2)
        #expect(!collected.contains(.final(.completed)))
        let again = await collect(try h.service.subscribeBatched(toJob: id))
        #expect(again == [.final(.completed)])
        #expect(throws: RuntimeError.self) { _ = try h.service.subscribeBatched(toJob: "missing") }
    }

    @Test("releasing a batched subscription unsubscribes it")
    func releaseUnsubscribes() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world", params: #"{"iterations": 5}"#)
        var events: StreamEvents? = try h.service.subscribeBatched(toJob: id)
        #expect(h.service.state.withLock { $0.subscriptions[id]?.count ?? 0 } == 1)
        withExtendedLifetime(events) {}
        events = nil
        #expect(h.service.state.withLock { $0.subscriptions[id]?.count ?? 0 } == 0)
    }

    @Test("cancelling batched readers while their job is cancelled never deadlocks (8 readers per job, 300 jobs)")
    func cancelRace() async throws {
        let h = EmulatorHarness()
        for _ in 0..<300 {
            let id = try await h.submit("hello-world")
            var readers: [Task<Int, Never>] = []
            for _ in 0..<8 {
                let events = try h.service.subscribeBatched(toJob: id)
                readers.append(Task.detached {
                    var count = 0
                    while true {
                        let batch = await events.next(maxCount: 16)
                        if batch.isEmpty { return count }
                        count += batch.count
                    }
                })
            }
            for _ in 0..<4 { await Task.yield() }
            let all = readers
            let canceller = Task.detached { for reader in all { reader.cancel() } }
            #expect(await h.request("POST", "/runtime/jobs/\(id)/cancel").status == 204)
            await canceller.value
            for reader in readers { #expect(await reader.value <= 1) }
        }
        #expect(h.service.state.withLock { $0.subscriptions.isEmpty })
    }

    @Test("thousands of results published at once reach the client in order, none lost, then 1000")
    func burstInOrder() async throws {
        let live = try await LiveEmulator(streamBufferLimit: 100_000)
        let id = try await live.submit("hello-world", params: #"{"iterations": 3000, "interval_s": 0.001, "interim_padding": 300}"#)
        let socket = try await live.connect(id)
        #expect(try await socket.receive(deadline: .now + .seconds(45)) == .text("ACK"))
        live.advance(seconds: 100)
        let (texts, error) = await drain(socket)
        #expect(error == nil)
        #expect(texts.count == 3000)
        let iterations = try texts.map { try JSONParser.parse($0)["iteration"]?.integerValue }
        #expect(iterations == (0..<3000).map { Int64($0) })
        #expect(socket.closeCode == 1000)
        await live.stop()
    }

    @Test("drop after N frames is exact inside a burst, in both modes")
    func dropAfterInBurst() async throws {
        let live = try await LiveEmulator(streamBufferLimit: 100_000)
        for (limit, mode) in [(1, "1011"), (127, "1011"), (128, "1011"), (129, "1011"), (300, "1011"), (200, "abrupt")] {
            let id = try await live.submit(
                "hello-world",
                params: #"{"iterations": 1000, "interval_s": 0.001, "_fault_ws_drop_after": \#(limit), "_fault_ws_drop_mode": "\#(mode)"}"#)
            let socket = try await live.connect(id)
            #expect(try await socket.receive(deadline: .now + .seconds(45)) == .text("ACK"))
            live.advance(seconds: 100)
            let (texts, error) = await drain(socket)
            #expect(texts.count == limit, "drop after \(limit)")
            let iterations = try texts.map { try JSONParser.parse($0)["iteration"]?.integerValue }
            #expect(iterations == (0..<limit).map { Int64($0) })
            if mode == "abrupt" {
                #expect((error as? WireError)?.code == .connectionClosed)
                #expect(socket.closeCode == 1006)
            } else {
                #expect(error == nil)
                #expect(socket.closeCode == 1011)
            }
        }
        await live.stop()
    }

    @Test("malformed frames inside a burst: the client fails on the first one")
    func malformedInBurst() async throws {
        let live = try await LiveEmulator(streamBufferLimit: 100_000)
        for (kind, code) in [("invalid_utf8", 1007), ("reserved_opcode", 1002)] {
            let id = try await live.submit(
                "hello-world", params: #"{"iterations": 500, "interval_s": 0.001, "_fault_ws_malformed_frames": "\#(kind)"}"#)
            let socket = try await live.connect(id)
            #expect(try await socket.receive(deadline: .now + .seconds(45)) == .text("ACK"))
            live.advance(seconds: 100)
            let (texts, error) = await drain(socket)
            #expect(texts.isEmpty, "\(kind)")
            #expect(error is WireError, "\(kind)")
            #expect(socket.closeCode == UInt16(code), "\(kind)")
        }
        let id = try await live.submit(
            "hello-world", params: #"{"iterations": 500, "interval_s": 0.001, "_fault_ws_malformed_frames": "truncated_json"}"#)
        let socket = try await live.connect(id)
        #expect(try await socket.receive(deadline: .now + .seconds(45)) == .text("ACK"))
        live.advance(seconds: 100)
        let (texts, error) = await drain(socket)
        #expect(error == nil)
        #expect(texts.count == 500)
        for text in texts { #expect((try? JSONParser.parse(text)) == nil) }
        #expect(socket.closeCode == 1000)
        await live.stop()
    }

    @Test("serialized text frames decode back to the same messages")
    func frameRoundTrip() throws {
        let texts = ["", "a", String(repeating: "é", count: 70), String(repeating: "z", count: 125),
                     String(repeating: "z", count: 126), String(repeating: "y", count: 65_535), String(repeating: "q", count: 65_536)]
        var bytes: [UInt8] = []
        for text in texts { WebSocketFrame.appendText(text, to: &bytes) }
        let decoder = WebSocketFrameDecoder(role: .client, maxPayloadSize: 1 << 20)
        var offset = 0
        for text in texts {
            let (frame, consumed) = try #require(try decoder.decode(bytes[offset...]))
            #expect(frame == WebSocketFrame(opcode: .text, payload: Array(text.utf8)))
            #expect(Array(bytes[offset..<(offset + consumed)]) == WebSocketFrame(opcode: .text, payload: Array(text.utf8)).serialize())
            offset += consumed
        }
        #expect(offset == bytes.count)
    }
}
