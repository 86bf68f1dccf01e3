@testable import QiskitRuntime
import QiskitRuntimeEmulator
import Synchronization
import Testing

/// The SDK's platform API against the emulator's v1 API over real HTTP on loopback: backends,
/// configuration, properties, usage, sessions and batches (close vs cancel, the scoped forms),
/// the v1 job fields, list filters and `exclude_params`.
@Suite("SDK platform API against the emulator's v1 API", .timeLimit(.minutes(2)))
struct PlatformEndToEndTests {
    static let apiKey = "platform-e2e-key"
    static let crn = "crn:v1:bluemix:public:quantum-computing:us-east:a/e2e:platform::"

    /// An emulator on an ephemeral port and an IBM Cloud service connected to it, through a
    /// transport that counts requests and the bytes of every response.
    struct Setup {
        let emulator: RunningEmulator
        let service: RuntimeService
        let transport: MeasuringTransport

        var model: EmulatorService { emulator.service }

        static func run(
            clock: EmulatorClock = .manual(), platform: (inout PlatformConfiguration) -> Void = { _ in },
            configure: (inout EmulatorConfiguration) -> Void = { _ in },
            _ body: (Setup) async throws -> Void
        ) async throws {
            var configuration = EmulatorConfiguration(
                clock: clock, iamAPIKey: PlatformEndToEndTests.apiKey, instanceCRN: PlatformEndToEndTests.crn)
            platform(&configuration.platform)
            configure(&configuration)
            let emulator = try await Emulator.start(configuration: configuration)
            let transport = MeasuringTransport()
            let setup: Setup
            do {
                let service = try await RuntimeService(configuration: RuntimeConfiguration(
                    account: .ibmCloud(
                        apiKey: PlatformEndToEndTests.apiKey, instanceCRN: PlatformEndToEndTests.crn,
                        iamURL: emulator.baseURL, serviceURL: emulator.baseURL + "/api/v1"),
                    transport: transport))
                setup = Setup(emulator: emulator, service: service, transport: transport)
            } catch {
                await transport.shutdown()
                await emulator.shutdown()
                throw error
            }
            do {
                try await body(setup)
            } catch {
                await setup.stop()
                throw error
            }
            await setup.stop()
        }

        func stop() async {
            await service.shutdown()
            await transport.shutdown()
            await emulator.shutdown()
        }
    }

    /// Fast hello-world inputs for a real-time emulator.
    static let quick: RuntimeValue = ["iterations": 1, "queued_s": 0, "interval_s": 0.01]

    @Test("backends, configuration (read once), properties, status, leastBusy and usage")
    func backends() async throws {
        try await Setup.run { setup in
            let backends = try await setup.service.backends()
            #expect(backends.map(\.name).sorted() == ["fake_bergen", "fake_lisbon", "fake_tallinn"])
            let small = try #require(backends.first { $0.name == "fake_tallinn" })
            #expect(small.isOnline)
            #expect(!small.isSimulator)
            #expect((5...7).contains(small.qubitCount))
            #expect(small.processorType?.family == "Heron")

            let backend = setup.service.backend("fake_lisbon")
            let configuration = try await backend.configuration()
            #expect(configuration.qubitCount == 127)
            #expect(configuration.basisGates.contains("ecr"))
            #expect(configuration.supportedInstructions.contains("measure"))
            #expect(!configuration.couplingMap.isEmpty)
            #expect(configuration.couplingMap.allSatisfy { $0.source < 127 && $0.target < 127 })
            #expect(configuration.maxShots ?? 0 > 0)
            #expect(configuration.dt ?? 0 > 0 && configuration.dt ?? 1 < 1e-6)
            #expect(configuration.processorType?.family == "Eagle")
            _ = try await setup.service.backend("fake_lisbon").configuration()
            #expect(setup.transport.count("GET /api/v1/backends/fake_lisbon/configuration") == 1)

            let properties = try #require(try await backend.properties())
            #expect(properties.qubits.count == 127)
            #expect(properties.qubits.allSatisfy { ($0.t1 ?? 0) > 1e-6 && ($0.t1 ?? 1) < 1e-2 })
            #expect(properties.qubits.allSatisfy { ($0.readoutError ?? -1) >= 0 && ($0.readoutError ?? 1) < 0.5 })
            let edge = try #require(configuration.couplingMap.first)
            #expect(properties.gate("ecr", on: [edge.source, edge.target])?.error != nil)

            let status = try await backend.status()
            #expect(status.isOperational)
            #expect(status.pendingJobs == 0)
            _ = try await setup.service.run(program: "hello-world", backend: "fake_lisbon", inputs: ["queued_s": 100])
            #expect(try await backend.status().pendingJobs == 1)
            #expect(setup.transport.count("GET /api/v1/backends/fake_lisbon/status") == 2)

            let least = try await setup.service.leastBusy(minimumQubits: 100)
            #expect(least.name == "fake_bergen")

            let usage = try await setup.service.usage()
            #expect(usage.consumedSeconds == 0)
            #expect(!usage.isLimitReached)
            #expect(usage.periodStart != nil && usage.periodEnd != nil)
            await #expect(throws: RuntimeError.self) { _ = try await setup.service.backend("nope").configuration() }
        }
    }

    @Test("withSession: jobs carry session_id, poll at 100 ms, and the session is closed when the scope ends")
    func scopedSession() async throws {
        try await Setup.run(clock: .realTime()) { setup in
            let (id, values) = try await setup.service.withSession(backend: "fake_tallinn", maxTTL: .seconds(600)) { session in
                #expect(try await session.details().state == .open)
                var values: [RuntimeValue] = []
                for _ in 0..<2 {
                    let job = try await session.run(program: "hello-world", inputs: Self.quick)
                    #expect(job.sessionID == session.id)
                    #expect(job.pollInterval() == .milliseconds(100))
                    values.append(try await job.result(timeout: .seconds(30)))
                }
                return (session.id, values)
            }
            #expect(values == ["All done!", "All done!"])
            let reattached = try await setup.service.session(id: id)
            let details = try await reattached.details()
            #expect(!details.acceptsJobs)
            #expect(details.state == .closed)
            #expect(details.maxTTL == .seconds(600))
            #expect(await !reattached.acceptsJobs)
            var inSession: [String] = []
            for try await job in setup.service.jobs(limit: nil, sessionID: id) { inSession.append(job.jobID) }
            #expect(inSession.count == 2)
            await #expect(throws: RuntimeError.self) { _ = try await setup.service.batch(id: id) }
        }
    }

    @Test("close lets a queued job run; cancel cancels it")
    func closeVersusCancel() async throws {
        let clock = EmulatorClock.manual()
        try await Setup.run(clock: clock) { setup in
            for ending in ["close", "cancel"] {
                let session = try await setup.service.openSession(backend: "fake_tallinn")
                let running = try await session.run(
                    program: "hello-world", inputs: ["queued_s": 0], options: RunOptions(tags: ["emulator:running_s=100"]))
                let queued = try await session.run(program: "hello-world", inputs: ["queued_s": 50, "iterations": 1])
                clock.advance(by: .seconds(1))
                #expect(try await running.status() == .running)
                #expect(try await queued.status() == .queued)
                if ending == "close" { try await session.close() } else { try await session.cancel() }
                await #expect(throws: RuntimeError.self) { _ = try await session.run(program: "hello-world") }
                clock.advance(by: .seconds(200))
                #expect(try await running.status() == .done, "\(ending)")
                #expect(try await queued.status() == (ending == "close" ? .done : .cancelled), "\(ending)")
                let details = try await session.details()
                #expect(details.state == .closed)
                #expect(details.stateReason == (ending == "close" ? "session_closed_early" : "session_cancelled"))
            }
        }
    }

    @Test("a session refused by an Open Plan instance (1352); a batch is allowed and closes at scope end")
    func openPlan() async throws {
        try await Setup.run(platform: { $0.openPlan = true }) { setup in
            do {
                _ = try await setup.service.openSession(backend: "fake_tallinn")
                Issue.record("an open plan opened a dedicated session")
            } catch let error as RuntimeError {
                #expect(error.statusCode == 403)
                #expect(error.message.contains("1352"))
            }
            let id = try await setup.service.withBatch(backend: "fake_tallinn") { batch in
                #expect(batch.mode == .batch)
                _ = try await batch.run(program: "hello-world", inputs: ["queued_s": 0])
                return batch.id
            }
            #expect(try await setup.service.batch(id: id).details().acceptsJobs == false)
        }
    }

    @Test("the scoped session is closed on the service after its task is cancelled")
    func cancelledScope() async throws {
        try await Setup.run { setup in
            let opened = Mutex<String?>(nil)
            let entered = AsyncStream<Void>.makeStream()
            let task = Task {
                try await setup.service.withSession(backend: "fake_tallinn") { session in
                    opened.withLock { $0 = session.id }
                    entered.continuation.yield()
                    try await Task.sleep(for: .seconds(3600))
                }
            }
            for await _ in entered.stream { break }
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            let id = try #require(opened.withLock { $0 })
            #expect(try await setup.service.session(id: id).details().acceptsJobs == false)
        }
    }

    @Test("cost is the time limit: past it the job is an error with reason code 1305")
    func timeLimit() async throws {
        let clock = EmulatorClock.manual()
        try await Setup.run(clock: clock) { setup in
            let job = try await setup.service.run(
                program: "hello-world", backend: "fake_tallinn", inputs: ["queued_s": 0],
                options: RunOptions(tags: ["emulator:running_s=30"], maxExecutionTime: .seconds(2), isPrivate: true))
            clock.advance(by: .seconds(5))
            #expect(try await job.status() == .error)
            let reason = try #require(await job.statusReason)
            #expect(reason.code == 1305)
            #expect(try await job.errorMessage()?.contains("1305") == true)
        }
    }

    @Test("usage near the limit comes back as submission warnings; at the limit jobs are refused (4317)")
    func usageLimit() async throws {
        let clock = EmulatorClock.manual()
        try await Setup.run(clock: clock, platform: { $0.usageLimit = .seconds(10) }) { setup in
            let first = try await setup.service.run(
                program: "hello-world", backend: "fake_tallinn", inputs: ["queued_s": 0],
                options: RunOptions(tags: ["emulator:running_s=9.5"]))
            #expect(first.submissionWarnings.isEmpty)
            clock.advance(by: .seconds(20))
            let second = try await setup.service.run(
                program: "hello-world", backend: "fake_tallinn", inputs: ["queued_s": 0],
                options: RunOptions(tags: ["emulator:running_s=1"]))
            #expect(second.submissionWarnings.count == 1)
            #expect(second.submissionWarnings.first?.message.contains("usage limit") == true)
            clock.advance(by: .seconds(20))
            let usage = try await setup.service.usage()
            #expect(usage.isLimitReached)
            #expect(usage.limitSeconds == 10)
            #expect(usage.remainingSeconds == 0)
            do {
                _ = try await setup.service.run(program: "hello-world", backend: "fake_tallinn")
                Issue.record("a job past the usage limit was accepted")
            } catch let error as RuntimeError {
                #expect(error.message.contains("4317"))
            }
        }
    }

    @Test("status reads do not carry the params: a 1 MB job's status answer stays under 2 KB")
    func excludeParams() async throws {
        try await Setup.run { setup in
            let payload = String(repeating: "x", count: 1_000_000)
            let job = try await setup.service.run(
                program: "hello-world", backend: "fake_tallinn", inputs: ["payload": .string(payload), "queued_s": 100])
            let fetched = try await setup.service.job(job.jobID)
            setup.transport.resetBytes()
            _ = try await fetched.status()
            #expect(setup.transport.bytesReceived < 2_000)
            setup.transport.resetBytes()
            #expect(try await fetched.inputs()["payload"]?.stringValue?.count == 1_000_000)
            #expect(setup.transport.bytesReceived > 1_000_000)
        }
    }

    @Test("jobs() filters by backend, tags, pending, session, program and order, over the v1 list")
    func listFilters() async throws {
        let clock = EmulatorClock.manual()
        try await Setup.run(clock: clock) { setup in
            let a = try await setup.service.run(
                program: "hello-world", backend: "fake_tallinn", inputs: ["queued_s": 0], options: RunOptions(tags: ["x", "y"]))
            clock.advance(by: .seconds(1))
            let b = try await setup.service.run(
                program: "hello-world", backend: "fake_lisbon", inputs: ["queued_s": 100], options: RunOptions(tags: ["x"]))
            clock.advance(by: .seconds(30))
            func ids(_ list: RuntimeJobList) async throws -> [String] {
                var ids: [String] = []
                for try await job in list { ids.append(job.jobID) }
                return ids
            }
            #expect(try await ids(setup.service.jobs(limit: nil)) == [b.jobID, a.jobID])
            #expect(try await ids(setup.service.jobs(limit: nil, order: .oldestFirst)) == [a.jobID, b.jobID])
            #expect(try await ids(setup.service.jobs(limit: nil, backend: "fake_lisbon")) == [b.jobID])
            #expect(try await ids(setup.service.jobs(limit: nil, tags: ["x", "y"])) == [a.jobID])
            #expect(try await ids(setup.service.jobs(limit: nil, pending: true)) == [b.jobID])
            #expect(try await ids(setup.service.jobs(limit: nil, program: "sampler")).isEmpty)
            var pages: [Int] = []
            for try await page in setup.service.jobs(limit: nil).pages { pages.append(page.jobs.count) }
            #expect(pages == [2])
        }
    }
}

/// The package's transport, counting requests by `METHOD /path` and the bytes of the responses.
final class MeasuringTransport: HTTPTransport {
    private struct State {
        var counts: [String: Int] = [:]
        var bytes = 0
    }

    private let inner = RuntimeHTTPTransport()
    private let state = Mutex(State())

    func count(_ key: String) -> Int { state.withLock { $0.counts[key, default: 0] } }

    /// Bytes of response heads (as `name: value` lines) and bodies since the last reset.
    var bytesReceived: Int { state.withLock { $0.bytes } }

    func resetBytes() { state.withLock { $0.bytes = 0 } }

    func send(_ request: RuntimeHTTPRequest, deadline: ContinuousClock.Instant) async throws -> RuntimeHTTPResponse {
        let response = try await inner.send(request, deadline: deadline)
        let key = request.method + " " + CountingTransport.path(of: request.url)
        let headBytes = 17 + response.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 } + 2
        state.withLock {
            $0.counts[key, default: 0] += 1
            $0.bytes += headBytes + response.body.count
        }
        return response
    }

    func shutdown() async { await inner.shutdown() }
}
