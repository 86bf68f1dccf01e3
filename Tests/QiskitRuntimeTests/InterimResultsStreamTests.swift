import Testing
@testable import QiskitRuntime
import RuntimeIO
import RuntimeWire

/// Collects a whole stream.
func collect<Element>(_ stream: AsyncThrowingStream<Element, any Error>) async throws -> [Element] {
    var elements: [Element] = []
    for try await element in stream { elements.append(element) }
    return elements
}

@Suite("Interim results over the job's websocket", .timeLimit(.minutes(1)))
struct InterimResultsStreamTests {
    private struct Iteration: Decodable, Sendable, Equatable {
        let iteration: Int
    }

    @Test("the ACK is dropped, payloads decode (JSON, tagged, non-JSON), close 1000 ends the stream")
    func basics() async throws {
        let server = try await ScriptedStreamServer.start()
        defer { Task { await server.shutdown() } }
        server.onConnections { socket in
            try? await socket.ack()
            try? await socket.publish(#"{"iteration": 1, "c": {"__type__": "complex", "__value__": [0.5, 1.0]}}"#)
            try? await socket.publish(#"{"iteration": 2}"#)
            try? await socket.publish("not json at all")
            await socket.close(1000)
        }
        let service = try await server.service()
        let job = try await service.job("job/1")
        let values = try await collect(job.interimResults())
        #expect(values.count == 3)
        #expect(values.first?["iteration"] == 1)
        #expect(values.first?["c"] == .complex(Complex(real: 0.5, imaginary: 1.0)))
        #expect(values.dropFirst().first == ["iteration": 2])
        #expect(values.last == .string("not json at all"))
        let state = server.snapshot
        #expect(state.upgrades == 1)
        #expect(state.listReads == 1)
        #expect(state.tokens.allSatisfy { $0 == "stream-token" } && !state.tokens.isEmpty)
    }

    @Test("a typed decoder decodes each payload in the consumer's task")
    func typedDecoder() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.onConnections { socket in
            try? await socket.ack()
            for index in 1...3 { try? await socket.publish("{\"iteration\": \(index)}") }
            await socket.close(1000)
        }
        let job = try await server.service().job("j1")
        let values = try await collect(job.interimResults(decoder: TypedResultDecoder<Iteration>()))
        #expect(values == [Iteration(iteration: 1), Iteration(iteration: 2), Iteration(iteration: 3)])
    }

    @Test("a late subscriber gets what was published before it connected, from the REST list, once")
    func lateSubscriber() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.publishToList("{\"iteration\": 1}")
        server.publishToList("{\"iteration\": 2}")
        server.onConnections { socket in
            // Published between the subscription and the client's list fetch: on both paths.
            server.publishToList("{\"iteration\": 3}")
            try? await socket.ack()
            try? await socket.send("{\"iteration\": 3}")
            try? await socket.publish("{\"iteration\": 4}")
            await socket.close(1000)
        }
        let job = try await server.service().job("j1")
        let values = try await collect(job.interimResults())
        #expect(values == [["iteration": 1], ["iteration": 2], ["iteration": 3], ["iteration": 4]])
    }

    @Test("a job that is final already: close 1000 without an ACK still delivers the list")
    func alreadyFinal() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.publishToList("\"a\"")
        server.publishToList("\"b\"")
        server.onConnections { socket in await socket.close(1000) }
        let job = try await server.service().job("j1")
        #expect(try await collect(job.interimResults()) == ["a", "b"])
        #expect(try await job.fetchInterimResults() == ["a", "b"])
    }

    @Test("a job known to be final: the list is read, no websocket is opened")
    func knownFinal() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.publishToList("\"a\"")
        server.setStatus("Completed")
        let job = try await server.service().job("j1")
        #expect(try await collect(job.interimResults()) == ["a"])
        #expect(server.snapshot.upgrades == 0)
        #expect(server.snapshot.listReads == 1)
        #expect(server.snapshot.statusReads == 1)
    }

    @Test("unicast: pulling a second live stream of the job throws .alreadyStreaming")
    func unicast() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.onConnections { socket in
            try? await socket.ack()
            try? await socket.publish("1")
            await socket.awaitPeerClose()
        }
        let service = try await server.service()
        let job = try await service.job("j1")
        let first = job.interimResults()
        var iterator = first.makeAsyncIterator()
        #expect(try await iterator.next() == 1)
        // The same job through another RuntimeJob object is still the same job.
        let again = try await service.job("j1")
        do {
            for try await _ in again.interimResults() { Issue.record("the second stream delivered a message") }
            Issue.record("the second stream did not throw")
        } catch let error as RuntimeError {
            #expect(error.code == .alreadyStreaming)
        }
        #expect(server.snapshot.upgrades == 1)
    }

    @Test("cancelling the consumer's task throws CancellationError and closes the socket")
    func cancellation() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.onConnections { socket in
            try? await socket.ack()
            try? await socket.publish("1")
            await socket.awaitPeerClose()
        }
        let job = try await server.service().job("j1")
        let started = Gate()
        let consumer = Task { () -> (any Error)? in
            do {
                for try await _ in job.interimResults() { await started.open() }
                return nil
            } catch {
                return error
            }
        }
        await started.wait()
        consumer.cancel()
        let error = await consumer.value
        #expect(error is CancellationError)
        await server.waitUntil { $0.peerClosed == 1 }
        // Once the stream is gone, a new one may be opened (it is no longer live).
        server.onConnections { socket in await socket.close(1000) }
        #expect(try await collect(job.interimResults()) == [1])
    }

    @Test("a cancelled consumer gets CancellationError (not the end of the stream), and the stream is over after it")
    func cancelledStaysCancelled() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.onConnections { socket in
            try? await socket.ack()
            try? await socket.publish("1")
            await socket.awaitPeerClose()
        }
        let job = try await server.service().job("j1")
        let started = Gate()
        let consumer = Task { () -> [String] in
            var outcomes: [String] = []
            var iterator = job.interimResults().makeAsyncIterator()
            do {
                _ = try await iterator.next()
                await started.open()
                _ = try await iterator.next()
                outcomes.append("value")
            } catch {
                outcomes.append(error is CancellationError ? "cancelled" : "\(error)")
            }
            do {
                let again = try await iterator.next()
                outcomes.append(again == nil ? "end" : "value")
            } catch {
                outcomes.append(error is CancellationError ? "cancelled" : "\(error)")
            }
            return outcomes
        }
        await started.wait()
        consumer.cancel()
        let outcomes = await consumer.value
        #expect(outcomes == ["cancelled", "end"], "\(outcomes)")
        await server.waitUntil { $0.peerClosed == 1 }
    }

    @Test("a consumer that stops iterating closes the connection")
    func stopIterating() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.onConnections { socket in
            try? await socket.ack()
            for index in 1...5 { try? await socket.publish("\(index)") }
            await socket.awaitPeerClose()
        }
        let job = try await server.service().job("j1")
        do {
            for try await value in job.interimResults() where value == 2 { break }
        }
        await server.waitUntil { $0.peerClosed == 1 }
        #expect(server.snapshot.peerClosed == 1)
    }

    @Test("job.cancel() ends the stream normally")
    func remoteCancelEnds() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        server.onConnections { socket in
            try? await socket.ack()
            try? await socket.publish("1")
            // The service would close with 1000 too; this one never does.
            await socket.awaitPeerClose()
        }
        let service = try await server.service(completion: .polling)
        let job = try await service.job("j1")
        let received = Gate()
        let consumer = Task { () -> [RuntimeValue] in
            var values: [RuntimeValue] = []
            for try await value in job.interimResults() {
                values.append(value)
                await received.open()
            }
            return values
        }
        await received.wait()
        #expect(try await job.cancel() == .cancelled)
        #expect(try await consumer.value == [1])
        await server.waitUntil { $0.peerClosed == 1 }
    }

    @Test("the stream URL: https→wss, http→ws, the job id percent-escaped under the runtime path")
    func streamURL() throws {
        #expect(StreamConnector.url(base: try BaseURL("https://runtime.example.com/api/"), jobID: "job/1 x")
            == "wss://runtime.example.com/api/stream/jobs/job%2F1%20x")
        #expect(StreamConnector.url(base: try BaseURL("http://127.0.0.1:8080"), jobID: "j1") == "ws://127.0.0.1:8080/stream/jobs/j1")
    }

    @Test("plain ws to a remote host is refused with .insecureTransport before anything is sent")
    func insecure() async throws {
        let transport = ScriptedTransport()
        var configuration = RuntimeConfiguration(account: .accessToken("t", runtimeURL: "http://runtime.example.com"), transport: transport)
        configuration.completionMode = .polling
        let service = try await RuntimeService(configuration: configuration)
        let job = RuntimeJob(jobID: "j1", programID: "hello-world", backend: nil, inputs: [:], client: service.client)
        do {
            _ = try await collect(job.interimResults())
            Issue.record("expected .insecureTransport")
        } catch let error as RuntimeError {
            #expect(error.code == .insecureTransport)
        }
        #expect(transport.requests.isEmpty)
    }

    @Test("after shutdown() a stream fails with .shutDown")
    func afterShutdown() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        let service = try await server.service()
        let job = try await service.job("j1")
        await service.shutdown()
        do {
            _ = try await collect(job.interimResults())
            Issue.record("expected .shutDown")
        } catch let error as RuntimeError {
            #expect(error.code == .shutDown)
        }
        #expect(server.snapshot.upgrades == 0)
    }
}
