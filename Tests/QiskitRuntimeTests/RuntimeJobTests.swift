import Testing
@testable import QiskitRuntime

@Suite("RuntimeJob over a scripted transport", .timeLimit(.minutes(1)))
struct RuntimeJobTests {
    private func job(
        _ transport: ScriptedTransport, clock: ManualClock = ManualClock(), status: String = "Queued"
    ) async throws -> RuntimeJob {
        let service = try await Fixtures.service(transport, clock: clock)
        transport.on("GET", "/jobs/j1", json: Fixtures.jobJSON("j1", status: status))
        let job = try await service.job("j1")
        return job
    }

    @Test("job(id) reads id, program, backend, inputs and creation date")
    func fields() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport)
        #expect(job.jobID == "j1")
        #expect(job.programID == "hello-world")
        #expect(try await job.inputs() == ["iterations": 3])
        let created = try await job.creationDate
        #expect(abs(created.timeIntervalSince1970 - 1_643_039_618.68766) < 0.0001)
        #expect(transport.requests.count == 1)
    }

    @Test("creationDate is fetched lazily when unknown")
    func lazyCreationDate() async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        transport.on("POST", "/jobs", json: "{\"id\": \"j1\"}")
        let job = try await service.run(program: "hello-world", backend: "b")
        transport.on("GET", "/jobs/j1", json: Fixtures.jobJSON("j1", status: "Running", created: "2021-01-01T00:00:00+01:00"))
        #expect(try await job.creationDate.timeIntervalSince1970 == 1_609_455_600)
        _ = try await job.creationDate
        #expect(transport.requests("GET", "/jobs/j1").count == 1)
    }

    @Test("a final status is cached and never re-queried")
    func finalCached() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport)
        Fixtures.statuses(transport, "j1", "Running", "Completed", "Running")
        #expect(try await job.status() == .running)
        #expect(try await job.status() == .done)
        #expect(try await job.status() == .done)
        #expect(transport.requests("GET", "/jobs/j1").count == 3)
    }

    @Test("an unknown status is .unknownStatus")
    func unknownStatus() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport)
        Fixtures.statuses(transport, "j1", "Hibernating")
        await #expect(throws: RuntimeError(.unknownStatus, "Unknown status: Hibernating")) { _ = try await job.status() }
    }

    @Test("result of a done job: one fetch, cached, decoded per call")
    func result() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport)
        Fixtures.statuses(transport, "j1", "Running", "Completed")
        transport.on("GET", "/jobs/j1/results", json: "{\"counts\": {\"0\": 5}}")
        #expect(try await job.result(timeout: .seconds(10)) == ["counts": ["0": 5]])
        #expect(try await job.result() == ["counts": ["0": 5]])
        struct Length: ResultDecoder { func decode(_ text: String) throws -> Int { text.utf8.count } }
        #expect(try await job.result(timeout: nil, decoder: Length()) == 20)
        #expect(transport.requests("GET", "/jobs/j1/results").count == 1)
    }

    @Test("result(as:) and TypedResultDecoder decode a Decodable type; tagged values are rebuilt")
    func typedResult() async throws {
        struct Counts: Decodable, Sendable, Equatable { let counts: [String: Int] }
        let transport = ScriptedTransport()
        let job = try await job(transport, status: "Completed")
        transport.on("GET", "/jobs/j1/results", json: "{\"counts\": {\"0\": 5}, \"c\": {\"__type__\": \"complex\", \"__value__\": [0.5, 1.0]}}")
        #expect(try await job.result(as: Counts.self) == Counts(counts: ["0": 5]))
        #expect(try await job.result(decoder: TypedResultDecoder<Counts>()) == Counts(counts: ["0": 5]))
        #expect(try await job.result()["c"] == .complex(Complex(0.5, 1.0)))
        #expect(transport.requests("GET", "/jobs/j1/results").count == 1)
    }

    @Test("result text that is not JSON is a string value")
    func plainResult() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport, status: "Completed")
        transport.on("GET", "/jobs/j1/results", .response(RuntimeHTTPResponse(status: 200, body: Array("All done!".utf8))))
        #expect(try await job.result() == "All done!")
    }

    @Test("result of a failed job is .jobFailed with the template; errorMessage() too")
    func failed() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport, status: "Failed")
        transport.on("GET", "/jobs/j1/results", .response(RuntimeHTTPResponse(status: 200, body: Array("Traceback: boom".utf8))))
        await #expect(throws: RuntimeError(.jobFailed, "Unable to retrieve job result. Job j1 has failed:\nTraceback: boom")) {
            _ = try await job.result()
        }
        #expect(try await job.errorMessage() == "Job j1 has failed:\nTraceback: boom")
        #expect(transport.requests("GET", "/jobs/j1/results").count == 1)
    }

    @Test("ran too long uses its own template")
    func ranTooLong() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport, status: "Cancelled - Ran too long")
        transport.on("GET", "/jobs/j1/results", .response(RuntimeHTTPResponse(status: 200, body: Array("t".utf8))))
        #expect(try await job.errorMessage() == "Job j1 ran longer than maximum execution time. Job was cancelled:\nt")
    }

    @Test("result of a cancelled job is .invalidState without fetching")
    func cancelledResult() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport, status: "Cancelled")
        await #expect(throws: RuntimeError(.invalidState, "Unable to retrieve result for job j1. Job was cancelled.")) {
            _ = try await job.result()
        }
        #expect(try await job.errorMessage() == nil)
        #expect(transport.requests("GET", "/jobs/j1/results").isEmpty)
    }

    @Test("waitForFinalState polls at the interval on the clock")
    func polling() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let job = try await job(transport, clock: clock)
        Fixtures.statuses(transport, "j1", "Queued", "Running", "Running", "Completed")
        #expect(try await job.waitForFinalState(timeout: .seconds(60), pollInterval: .seconds(2)) == .done)
        #expect(clock.sleeps == [.seconds(2), .seconds(2), .seconds(2)])
    }

    @Test("a deadline that passes is .timedOut with the Qiskit message")
    func timeout() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let job = try await job(transport, clock: clock)
        Fixtures.statuses(transport, "j1", "Running")
        await #expect(throws: RuntimeError(.timedOut, "Timeout while waiting for job j1.")) {
            _ = try await job.result(timeout: .seconds(5), pollInterval: .seconds(2))
        }
        #expect(clock.sleeps == [.seconds(2), .seconds(2), .seconds(1)])
    }

    @Test("cancelling a task waiting in result() with a 1-hour poll interval throws CancellationError promptly")
    func cancellationPrompt() async throws {
        let transport = ScriptedTransport()
        var configuration = Fixtures.configuration(transport)
        configuration.clock = SystemClock()
        let service = try await RuntimeService(configuration: configuration)
        Fixtures.statuses(transport, "j1", "Running")
        let job = try await service.job("j1")
        let start = ContinuousClock.now
        let task = Task { try await job.result(timeout: nil, pollInterval: .seconds(3600)) }
        while transport.requests("GET", "/jobs/j1").count < 2 { await Task.yield() }
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        #expect(ContinuousClock.now - start < .seconds(60))  // far below the hour; loose for loaded CI machines
    }

    @Test("concurrent result() callers share one fetch; a cancelled one leaves, the others get the value")
    func sharedFetch() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport, status: "Completed")
        let gate = Gate()
        transport.on("GET", "/jobs/j1/results", .handler { _ in
            await gate.wait()
            return RuntimeHTTPResponse(status: 200, body: Array("[1, 2]".utf8))
        })
        let a = Task { try await job.result() }
        let b = Task { try await job.result() }
        let c = Task { try await job.result() }
        while await job.resultWaiterCount < 3 { await Task.yield() }
        c.cancel()
        await #expect(throws: CancellationError.self) { _ = try await c.value }
        #expect(await job.resultWaiterCount == 2)
        await gate.open()
        #expect(try await a.value == [1, 2])
        #expect(try await b.value == [1, 2])
        #expect(transport.requests("GET", "/jobs/j1/results").count == 1)
    }

    @Test("a caller joining the shared fetch leaves at its own deadline; the fetch goes on for the others")
    func joinerDeadline() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport, status: "Completed")
        let gate = Gate()
        transport.on("GET", "/jobs/j1/results", .handler { _ in
            await gate.wait()
            return RuntimeHTTPResponse(status: 200, body: Array("3".utf8))
        })
        let a = Task { try await job.result() }
        while await job.resultWaiterCount < 1 { await Task.yield() }
        let joiner = Task { try await job.result(timeout: .seconds(5)) }
        while await job.resultWaiterCount < 2 { await Task.yield() }
        // The joiner's deadline is a timer of the clock: it passes when the clock does.
        try #require(job.client.clock as? ManualClock).advance(by: .seconds(5))
        await #expect(throws: RuntimeError(.timedOut, "Timeout while waiting for job j1.")) {
            _ = try await joiner.value
        }
        #expect(await job.resultWaiterCount == 1)
        await gate.open()
        #expect(try await a.value == 3)
        #expect(transport.requests("GET", "/jobs/j1/results").count == 1)
    }

    @Test("when every waiter is cancelled the fetch is abandoned and the next call fetches again")
    func abandonedFetch() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport, status: "Completed")
        transport.on("GET", "/jobs/j1/results", .hang, .response(RuntimeHTTPResponse(status: 200, body: Array("7".utf8))))
        let a = Task { try await job.result() }
        // The first fetch must have taken the hanging response: a fetch cancelled before it
        // reaches the transport leaves it to the next one.
        while transport.requests("GET", "/jobs/j1/results").isEmpty { await Task.yield() }
        #expect(await job.resultWaiterCount == 1)
        a.cancel()
        await #expect(throws: CancellationError.self) { _ = try await a.value }
        #expect(try await job.result() == 7)
        #expect(transport.requests("GET", "/jobs/j1/results").count == 2)
    }

    @Test("100 in-flight requests cancelled at once all end with CancellationError")
    func hundredCancelled() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport)
        transport.on("GET", "/jobs/j1/logs", .hang)
        let outcomes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    do {
                        _ = try await job.logs()
                        return "value"
                    } catch is CancellationError {
                        return "cancelled"
                    } catch {
                        return "\(error)"
                    }
                }
            }
            while transport.requests("GET", "/jobs/j1/logs").count < 100 { await Task.yield() }
            group.cancelAll()
            var outcomes: [String] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        #expect(outcomes == Array(repeating: "cancelled", count: 100))
    }

    @Test("cancel: accepted and confirmed by one status read")
    func cancel() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport, status: "Running")
        transport.on("POST", "/jobs/j1/cancel", .response(RuntimeHTTPResponse(status: 204)))
        Fixtures.statuses(transport, "j1", "Running")
        #expect(try await job.cancel() == .cancelled)
        #expect(try await job.status() == .cancelled)
        #expect(transport.requests("GET", "/jobs/j1").count == 2)
        await #expect(throws: RuntimeError.self) { try await job.cancel() }
        #expect(transport.requests("POST", "/jobs/j1/cancel").count == 1)
    }

    @Test("cancel racing with completion: the confirmation read reports DONE")
    func cancelRace() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport, status: "Running")
        transport.on("POST", "/jobs/j1/cancel", .response(RuntimeHTTPResponse(status: 204)))
        Fixtures.statuses(transport, "j1", "Completed")
        #expect(try await job.cancel() == .done)
    }

    @Test("cancel refused with 409 is .invalidState and reads the status once")
    func cancelConflict() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport, status: "Running")
        transport.on("POST", "/jobs/j1/cancel", status: 409, json: """
            {"errors": [{"code": "conflict", "message": "Job already in final state", "more_info": "x"}], "trace": "t1"}
            """)
        Fixtures.statuses(transport, "j1", "Completed")
        do {
            try await job.cancel()
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == .invalidState)
            #expect(error.statusCode == 409)
            #expect(error.message.contains("Job already in final state"))
        }
        #expect(try await job.status() == .done)
        #expect(transport.requests("GET", "/jobs/j1").count == 2)
    }

    @Test("logs: text, and 404 is an empty string")
    func logs() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport)
        transport.on("GET", "/jobs/j1/logs", .response(RuntimeHTTPResponse(status: 200, body: Array("line 1\n".utf8))),
                     .response(RuntimeHTTPResponse(status: 404)))
        #expect(try await job.logs() == "line 1\n")
        #expect(try await job.logs() == "")
    }

    @Test("metrics, tags (204 required) and interim results oldest first")
    func restExtras() async throws {
        let transport = ScriptedTransport()
        let job = try await job(transport)
        transport.on("GET", "/jobs/j1/metrics", json: "{\"timestamps\": {\"created\": \"c\"}, \"usage\": {\"quantum_seconds\": 2}}")
        #expect(try await job.metrics().raw == ["timestamps": ["created": "c"], "usage": ["quantum_seconds": 2]])

        transport.on("PUT", "/jobs/j1/tags", .response(RuntimeHTTPResponse(status: 204)), .response(RuntimeHTTPResponse(status: 200)))
        try await job.updateTags(["a", "b\""])
        #expect(transport.requests("PUT", "/jobs/j1/tags").first?.bodyText == "{\"tags\": [\"a\", \"b\\\"\"]}")
        await #expect(throws: RuntimeError.self) { try await job.updateTags([]) }

        transport.on("GET", "/jobs/j1/interim_results", json: "[\"{\\\"iteration\\\": 2}\", \"{\\\"iteration\\\": 1}\", \"plain\"]")
        #expect(try await job.fetchInterimResults() == ["plain", ["iteration": 1], ["iteration": 2]])
        transport.on("GET", "/jobs/j1/interim_results", json: "{\"x\": 1}")
        await #expect(throws: RuntimeError.self) { _ = try await job.fetchInterimResults() }
    }

    @Test("polling: a status read that fails transiently is tried again at the next poll, at most 5 in a row")
    func pollingToleratesTransientFailures() async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        let running = RuntimeHTTPResponse(status: 200, body: Array(Fixtures.jobJSON("j1", status: "Running").utf8))
        let unavailable = RuntimeHTTPResponse(status: 503, body: Array("{\"errors\": [{\"code\": \"x\", \"message\": \"down\"}]}".utf8))
        let done = RuntimeHTTPResponse(status: 200, body: Array(Fixtures.jobJSON("j1", status: "Completed").utf8))
        // job(), then one poll whose 6 attempts all get 503, then a poll that finds the job done.
        transport.on("GET", "/jobs/j1", replies: [.response(running)] + Array(repeating: .response(unavailable), count: 6) + [.response(done)])
        let job = try await service.job("j1")
        #expect(try await job.waitForFinalState() == .done)

        // Five failed polls in a row end the wait with the last error.
        let running2 = RuntimeHTTPResponse(status: 200, body: Array(Fixtures.jobJSON("j2", status: "Running").utf8))
        let done2 = RuntimeHTTPResponse(status: 200, body: Array(Fixtures.jobJSON("j2", status: "Completed").utf8))
        transport.on("GET", "/jobs/j2", replies: [.response(running2)] + Array(repeating: .response(unavailable), count: 30) + [.response(done2)])
        let failing = try await service.job("j2")
        do {
            try await failing.waitForFinalState()
            Issue.record("expected the 503")
        } catch let error as RuntimeError {
            #expect(error.statusCode == 503)
        }
        #expect(transport.requests("GET", "/jobs/j2").count == 1 + 5 * 6)
    }
}
