#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import QiskitRuntime
import QiskitRuntimeEmulator
import Testing

/// The SDK against an in-process emulator on an ephemeral port: every public method of
/// ``RuntimeService`` and ``RuntimeJob``, through both the legacy login and an access token.
/// Jobs run on the emulator's manual clock unless a test needs real time.
@Suite("SDK against the emulator", .timeLimit(.minutes(1)))
struct SDKIntegrationTests {
    static let logins: [SDKFixture.Login] = [.legacy, .accessToken]

    // MARK: Service

    @Test("run returns a job with its identity; job(id) reads it back", arguments: logins)
    func runAndJob(login: SDKFixture.Login) async throws {
        try await SDKFixture.with(login: login) { fixture in
            let job = try await fixture.service.run(
                program: "hello-world", backend: "ibmq_qasm_simulator", inputs: ["iterations": 3])
            #expect(job.programID == "hello-world")
            #expect(job.backend == "ibmq_qasm_simulator")
            #expect(try await job.inputs() == ["iterations": 3])
            #expect(fixture.emulator.service.status(ofJob: job.jobID) == .queued)

            let again = try await fixture.service.job(job.jobID)
            #expect(again.jobID == job.jobID)
            #expect(again.programID == "hello-world")
            #expect(again.backend == "ibmq_qasm_simulator")
            #expect(try await again.inputs()["iterations"]?.intValue == 3)
            #expect(try await again.creationDate == SDKFixture.clockStart)
            #expect(try await job.creationDate == SDKFixture.clockStart)

            let missing = await #expect(throws: RuntimeError.self) { try await fixture.service.job("no-such-job") }
            #expect(missing?.code == .notFound)
        }
    }

    @Test("jobs pages through every job, newest first, with limit, offset, pending and program filters")
    func jobsPaging() async throws {
        try await SDKFixture.with { fixture in
            var finishedIDs: [String] = []
            for _ in 0..<3 {
                finishedIDs.append(try await fixture.service.run(program: "sampler", backend: "ibmq_qasm_simulator").jobID)
            }
            fixture.advance(seconds: 100)
            var pendingIDs: [String] = []
            for _ in 0..<22 {
                pendingIDs.append(try await fixture.service.run(
                    program: "hello-world", backend: "ibmq_qasm_simulator", inputs: ["iterations": 1]).jobID)
            }
            let allIDs = finishedIDs + pendingIDs

            let before = fixture.transport.count("GET /runtime/jobs")
            var everything: [String] = []
            for try await job in fixture.service.jobs(limit: nil) { everything.append(job.jobID) }
            #expect(everything.count == 25)
            #expect(Set(everything) == Set(allIDs))
            #expect(everything == allIDs.reversed(), "newest first")
            #expect(fixture.transport.count("GET /runtime/jobs") - before == 2, "two pages of 20 for 25 jobs")

            var page: [String] = []
            for try await job in fixture.service.jobs(limit: 4, offset: 2) { page.append(job.jobID) }
            #expect(page == Array(allIDs.reversed()[2..<6]))

            // No cap by default: every job, a page at a time.
            var defaultLimit: [String] = []
            for try await job in fixture.service.jobs() { defaultLimit.append(job.jobID) }
            #expect(defaultLimit == allIDs.reversed())

            var pending: [String] = []
            for try await job in fixture.service.jobs(limit: nil, pending: true) { pending.append(job.jobID) }
            #expect(Set(pending) == Set(pendingIDs))
            var finished: [String] = []
            for try await job in fixture.service.jobs(limit: nil, pending: false) {
                finished.append(job.jobID)
                #expect(try await job.status() == .done)
            }
            #expect(Set(finished) == Set(finishedIDs))

            var sampler: [String] = []
            for try await job in fixture.service.jobs(limit: nil, program: "sampler") {
                sampler.append(job.jobID)
                #expect(job.programID == "sampler")
            }
            #expect(Set(sampler) == Set(finishedIDs))
            var none = 0
            for try await _ in fixture.service.jobs(limit: nil, pending: true, program: "sampler") { none += 1 }
            #expect(none == 0)
        }
    }

    @Test("deleteJob removes a finished job; deleting it again is notFound", arguments: logins)
    func deleteJob(login: SDKFixture.Login) async throws {
        try await SDKFixture.with(login: login) { fixture in
            let job = try await fixture.service.run(program: "sampler", backend: "ibmq_qasm_simulator")
            fixture.advance(seconds: 100)
            #expect(try await job.status() == .done)
            try await fixture.service.deleteJob(job.jobID)
            #expect(fixture.emulator.service.status(ofJob: job.jobID) == nil)
            let error = await #expect(throws: RuntimeError.self) { try await fixture.service.job(job.jobID) }
            #expect(error?.code == .notFound)
            let again = await #expect(throws: RuntimeError.self) { try await fixture.service.deleteJob(job.jobID) }
            #expect(again?.code == .notFound)
        }
    }

    @Test("programs lists the four built-in programs; program(id) reads one", arguments: logins)
    func programs(login: SDKFixture.Login) async throws {
        try await SDKFixture.with(login: login) { fixture in
            let programs = try await fixture.service.programs()
            #expect(programs.map(\.id).sorted() == ["failing-program", "hello-world", "long-running", "sampler"])
            let hello = try await fixture.service.program("hello-world")
            #expect(hello.id == "hello-world")
            #expect(!hello.name.isEmpty)
            #expect(programs.contains(hello))
            let missing = await #expect(throws: RuntimeError.self) { try await fixture.service.program("nope") }
            #expect(missing?.code == .notFound)
        }
    }

    @Test("logout ends the session; the legacy account logs in again on the next call")
    func logout() async throws {
        try await SDKFixture.with(login: .legacy) { fixture in
            let job = try await fixture.service.run(program: "sampler", backend: "ibmq_qasm_simulator")
            let logins = fixture.transport.count("POST /api/users/loginWithToken")
            #expect(logins == 1)
            try await fixture.service.logout()
            #expect(fixture.transport.count("POST /runtime/logout") == 1)
            let again = try await fixture.service.job(job.jobID)
            #expect(again.jobID == job.jobID)
            #expect(fixture.transport.count("POST /api/users/loginWithToken") == 2)
        }
    }

    @Test("shutdown: later calls throw shutDown; withRuntimeService shuts down after its body")
    func shutdown() async throws {
        try await SDKFixture.with { fixture in
            await fixture.service.shutdown()
            await fixture.service.shutdown()
            let error = await #expect(throws: RuntimeError.self) {
                try await fixture.service.run(program: "hello-world", backend: "ibmq_qasm_simulator")
            }
            #expect(error?.code == .shutDown)
        }

        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(apiToken: SDKFixture.apiToken))
        let configuration = RuntimeConfiguration(
            account: .legacyToken(SDKFixture.apiToken, authURL: emulator.authURL), transport: RuntimeHTTPTransport())
        let (service, count) = try await withRuntimeService(configuration: configuration) { service in
            (service, try await service.programs().count)
        }
        #expect(count == 4)
        let error = await #expect(throws: RuntimeError.self) { try await service.programs() }
        #expect(error?.code == .shutDown)
        await emulator.shutdown()
    }

    @Test("a wrong API token or access token is unauthorized")
    func badToken() async throws {
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(apiToken: SDKFixture.apiToken))
        let legacy = await #expect(throws: RuntimeError.self) {
            _ = try await RuntimeService(configuration: RuntimeConfiguration(
                account: .legacyToken("wrong-token", authURL: emulator.authURL), transport: RuntimeHTTPTransport()))
        }
        #expect(legacy?.code == .unauthorized)
        #expect(legacy.map { !"\($0)".contains("wrong-token") } ?? false)

        let service = try await RuntimeService(configuration: RuntimeConfiguration(
            account: .accessToken("wrong-access-token", runtimeURL: emulator.runtimeURL), transport: RuntimeHTTPTransport()))
        let access = await #expect(throws: RuntimeError.self) {
            _ = try await service.run(program: "hello-world", backend: "ibmq_qasm_simulator")
        }
        #expect(access?.code == .unauthorized)
        await service.shutdown()
        await emulator.shutdown()
    }

    // MARK: Job status paths

    @Test("status follows QUEUED → RUNNING → DONE on the emulator's clock", arguments: logins)
    func statusToDone(login: SDKFixture.Login) async throws {
        try await SDKFixture.with(login: login) { fixture in
            let job = try await fixture.service.run(
                program: "hello-world", backend: "ibmq_qasm_simulator", inputs: ["iterations": 3])
            #expect(try await job.status() == .queued)
            #expect(try await job.errorMessage() == nil)
            fixture.advance(seconds: 0.5)
            #expect(try await job.status() == .running)
            fixture.advance(seconds: 1.99)
            #expect(try await job.status() == .running)
            fixture.advance(seconds: 0.01)
            #expect(try await job.status() == .done)
            #expect(try await job.waitForFinalState(timeout: .seconds(30)) == .done)
            #expect(try await job.result(timeout: .seconds(30)) == "All done!")
            #expect(try await job.result(as: String.self) == "All done!")

            // Final: no more status reads.
            let reads = fixture.transport.count("GET /runtime/jobs/\(job.jobID)")
            #expect(try await job.status() == .done)
            #expect(fixture.transport.count("GET /runtime/jobs/\(job.jobID)") == reads)
        }
    }

    @Test("a failing program is ERROR with the 'has failed' template and its traceback", arguments: logins)
    func failingProgram(login: SDKFixture.Login) async throws {
        try await SDKFixture.with(login: login) { fixture in
            let job = try await fixture.service.run(program: "failing-program", backend: "ibmq_qasm_simulator")
            fixture.advance(seconds: 100)
            #expect(try await job.status() == .error)
            let message = try #require(try await job.errorMessage())
            #expect(message.hasPrefix("Job \(job.jobID) has failed:\n"))
            #expect(message.contains("Traceback (most recent call last):"))
            #expect(message.contains("ValueError: This program always fails (emulated failure)."))
            let error = await #expect(throws: RuntimeError.self) { try await job.result() }
            #expect(error?.code == .jobFailed)
            #expect(error?.message == "Unable to retrieve job result. " + message)
        }
    }

    @Test("a job that runs too long is ERROR with the 'ran longer' template")
    func ranTooLong() async throws {
        try await SDKFixture.with { fixture in
            let job = try await fixture.service.run(program: "long-running", backend: "ibmq_qasm_simulator")
            fixture.advance(seconds: 0.5)
            #expect(try await job.status() == .running)
            fixture.advance(seconds: 100)
            #expect(fixture.emulator.service.status(ofJob: job.jobID) == .cancelledRanTooLong)
            #expect(try await job.status() == .error)
            let message = try #require(try await job.errorMessage())
            #expect(message.hasPrefix(
                "Job \(job.jobID) ran longer than maximum execution time. Job was cancelled:\n"))
            let error = await #expect(throws: RuntimeError.self) { try await job.result() }
            #expect(error?.code == .jobFailed)
        }
    }

    @Test("cancel: CANCELLED, result is invalidState, a second cancel is invalidState", arguments: logins)
    func cancel(login: SDKFixture.Login) async throws {
        try await SDKFixture.with(login: login) { fixture in
            let job = try await fixture.service.run(program: "hello-world", backend: "ibmq_qasm_simulator")
            fixture.advance(seconds: 0.6)
            #expect(try await job.status() == .running)
            #expect(try await job.cancel() == .cancelled)
            #expect(fixture.emulator.service.status(ofJob: job.jobID) == .cancelled)
            #expect(try await job.status() == .cancelled)
            #expect(try await job.waitForFinalState() == .cancelled)
            let result = await #expect(throws: RuntimeError.self) { try await job.result() }
            #expect(result?.code == .invalidState)
            let second = await #expect(throws: RuntimeError.self) { try await job.cancel() }
            #expect(second?.code == .invalidState)
            // A fresh handle on the same job learns the final state from the service.
            let fresh = try await fixture.service.job(job.jobID)
            let refused = await #expect(throws: RuntimeError.self) { try await fresh.cancel() }
            #expect(refused?.code == .invalidState)
            #expect(try await fresh.status() == .cancelled)
        }
    }

    @Test("waitForFinalState and result time out with timedOut while the job stays queued")
    func timeouts() async throws {
        try await SDKFixture.with { fixture in
            let job = try await fixture.service.run(program: "hello-world", backend: "ibmq_qasm_simulator")
            let start = ContinuousClock.now
            let wait = await #expect(throws: RuntimeError.self) {
                try await job.waitForFinalState(timeout: .milliseconds(200), pollInterval: .milliseconds(20))
            }
            #expect(wait?.code == .timedOut)
            #expect(ContinuousClock.now - start >= .milliseconds(200))
            let result = await #expect(throws: RuntimeError.self) {
                try await job.result(deadline: .now + .milliseconds(100), pollInterval: .milliseconds(20))
            }
            #expect(result?.code == .timedOut)
            #expect(try await job.status() == .queued, "a timeout never cancels the remote job")
        }
    }

    @Test("waitForFinalState follows a job in real time to DONE")
    func realTimeWait() async throws {
        let timing = EmulatorTiming(queued: .milliseconds(20), interval: .milliseconds(20))
        try await SDKFixture.with(clock: .realTime(), timing: timing) { fixture in
            let job = try await fixture.service.run(
                program: "hello-world", backend: "ibmq_qasm_simulator", inputs: ["iterations": 2])
            #expect(try await job.waitForFinalState(timeout: .seconds(30), pollInterval: .milliseconds(10)) == .done)
            #expect(try await job.result(timeout: .seconds(30)) == "All done!")
        }
    }

    // MARK: Results, logs, metrics, tags, interim results

    struct SamplerOutput: Decodable {
        struct Metadata: Decodable {
            var shots: Int
            var backend: String
        }
        var counts: [String: Int]
        var quasi_dists: [String: Double]
        var probabilities: NDArray
        var memory: NDArray
        var values: NDArray
        var metadata: Metadata
    }

    @Test("result(as:) decodes the sampler's counts and ndarrays", arguments: logins)
    func samplerTyped(login: SDKFixture.Login) async throws {
        try await SDKFixture.with(login: login) { fixture in
            let job = try await fixture.service.run(
                program: "sampler", backend: "ibmq_qasm_simulator", inputs: ["shots": 100, "array_length": 4])
            fixture.advance(seconds: 100)
            let output = try await job.result(as: SamplerOutput.self, timeout: .seconds(30))
            #expect(output.metadata.shots == 100)
            #expect(output.metadata.backend == "ibmq_qasm_simulator")
            #expect(output.counts.keys.sorted() == ["00", "11"])
            #expect(output.counts.values.reduce(0, +) == 100)
            let memory = try #require(output.memory.int64s)
            #expect(memory.count == 100)
            #expect(memory.filter { $0 == 0 }.count == output.counts["00"])
            #expect(output.values.doubles == [-1.0, -0.5, 0.0, 0.5])
            let probabilities = try #require(output.probabilities.doubles)
            #expect(probabilities.count == 4)
            #expect(probabilities[0] == Double(output.counts["00"] ?? -1) / 100)
            #expect(output.quasi_dists["11"] == probabilities[3])
            // The untyped result holds the same ndarray.
            let value = try await job.result()
            #expect(value["values"]?.ndarrayValue == output.values)
        }
    }

    @Test("logs, metrics timestamps, creationDate, updateTags and fetchInterimResults", arguments: logins)
    func jobDetails(login: SDKFixture.Login) async throws {
        try await SDKFixture.with(login: login) { fixture in
            let job = try await fixture.service.run(
                program: "hello-world", backend: "ibmq_qasm_simulator", inputs: ["iterations": 3])
            let queuedMetrics = try await job.metrics()
            #expect(queuedMetrics.raw["timestamps"]?["created"]?.stringValue == "2026-01-01T00:00:00.000000Z")
            #expect(queuedMetrics.created == SDKFixture.clockStart)
            #expect(queuedMetrics.running == nil)
            #expect(queuedMetrics.positionInQueue == 1)
            #expect(queuedMetrics.estimatedStartTime == SDKFixture.clockStart.addingTimeInterval(0.5))
            #expect(queuedMetrics.quantumSeconds == 0)
            #expect(try await job.usage() == 0)
            #expect(try await job.fetchInterimResults().isEmpty)

            fixture.advance(seconds: 1.5)
            let partial = try await job.fetchInterimResults()
            #expect(partial.map { $0["iteration"]?.intValue } == [0, 1])

            fixture.advance(seconds: 100)
            #expect(try await job.status() == .done)
            let interim = try await job.fetchInterimResults()
            #expect(interim.map { $0["iteration"]?.intValue } == [0, 1, 2], "oldest first")
            #expect(interim.allSatisfy { $0["counts"]?["00"] != nil })

            let metrics = try await job.metrics()
            #expect(metrics.created == SDKFixture.clockStart)
            #expect(metrics.running == SDKFixture.clockStart.addingTimeInterval(0.5))
            #expect(metrics.finished == SDKFixture.clockStart.addingTimeInterval(2.5))
            #expect(metrics.positionInQueue == nil)
            // The legacy document has `usage.quantum_seconds` and no usage status: final as given.
            #expect(metrics.quantumSeconds == 2)
            #expect(metrics.isUsagePending == false)
            #expect(try await job.usage() == 2)
            #expect(try await job.creationDate == SDKFixture.clockStart)

            let logs = try await job.logs()
            #expect(logs.contains("Job \(job.jobID) queued for program hello-world"))
            #expect(logs.contains("Published interim result 3."))
            #expect(logs.contains("Job completed."))

            #expect(await job.tags == [])
            #expect(try await job.updateTags(["alpha", "beta"]) == ["alpha", "beta"])
            #expect(fixture.transport.count("PUT /runtime/jobs/\(job.jobID)/tags") == 1)
            #expect(await job.tags == ["alpha", "beta"])
            #expect(await (try fixture.service.job(job.jobID)).tags == ["alpha", "beta"])
            let raw = try await RuntimeHTTPTransport().send(
                RuntimeHTTPRequest(
                    method: "GET", url: fixture.emulator.runtimeURL + "/jobs/\(job.jobID)",
                    headers: [("X-Access-Token", SDKFixture.accessToken)]),
                deadline: .now + .seconds(45))
            let record = try RuntimeValue(json: String(decoding: raw.body, as: UTF8.self))
            #expect(record["tags"] == ["alpha", "beta"])
        }
    }

    // MARK: Faults and cancellation

    @Test("a 503 on a GET is retried and the call succeeds")
    func getRetried() async throws {
        try await SDKFixture.with { fixture in
            let job = try await fixture.service.run(program: "hello-world", backend: "ibmq_qasm_simulator")
            fixture.emulator.service.inject(HTTPFault(endpoint: .getJob, effect: .status(503), trigger: .next(1)))
            let path = "GET /runtime/jobs/\(job.jobID)"
            let before = fixture.transport.count(path)
            #expect(try await job.status() == .queued)
            #expect(fixture.transport.count(path) - before == 2, "one 503, one retry")

            fixture.emulator.service.inject(HTTPFault(endpoint: .jobLogs, effect: .status(502), trigger: .next(2)))
            #expect(try await job.logs().contains("queued for program hello-world"))
            #expect(fixture.transport.count("GET /runtime/jobs/\(job.jobID)/logs") == 3)
        }
    }

    @Test("POST /jobs is not retried after a 503 nor after a failure once it may have been sent")
    func submitNotRetried() async throws {
        try await SDKFixture.with { fixture in
            fixture.emulator.service.inject(HTTPFault(endpoint: .submitJob, effect: .status(503), trigger: .next(1)))
            let error = await #expect(throws: RuntimeError.self) {
                try await fixture.service.run(program: "hello-world", backend: "ibmq_qasm_simulator")
            }
            #expect(error?.code == .httpStatus)
            #expect(error?.statusCode == 503)
            #expect(fixture.transport.count("POST /runtime/jobs") == 1)
            var listed = 0
            for try await _ in fixture.service.jobs(limit: nil) { listed += 1 }
            #expect(listed == 0, "the 503 created no job and nothing was sent again")

            // The request reaches the emulator (which creates the job), then the connection
            // breaks: the SDK must not send it again, or the emulator would hold two jobs.
            fixture.transport.breakAfterSending("POST /runtime/jobs")
            let broken = await #expect(throws: (any Error).self) {
                try await fixture.service.run(program: "hello-world", backend: "ibmq_qasm_simulator")
            }
            #expect(broken != nil)
            #expect(fixture.transport.count("POST /runtime/jobs") == 2)
            listed = 0
            for try await _ in fixture.service.jobs(limit: nil) { listed += 1 }
            #expect(listed == 1)

            let job = try await fixture.service.run(program: "hello-world", backend: "ibmq_qasm_simulator")
            #expect(fixture.transport.count("POST /runtime/jobs") == 3)
            #expect(fixture.emulator.service.status(ofJob: job.jobID) == .queued)
        }
    }

    @Test("cancelling the task in result() with a one-hour poll interval throws CancellationError at once")
    func taskCancellation() async throws {
        try await SDKFixture.with { fixture in
            let job = try await fixture.service.run(program: "hello-world", backend: "ibmq_qasm_simulator")
            #expect(try await job.status() == .queued)
            let reads = fixture.transport.count("GET /runtime/jobs/\(job.jobID)")
            let start = ContinuousClock.now
            let task = Task { try await job.result(pollInterval: .seconds(3600)) }
            // Give the task up to half a second to read the status once (polling), so that it
            // usually sleeps in its poll interval when it is cancelled; a completion strategy that
            // watches the job's stream reads no status, and is cancelled wherever it waits.
            let settle = ContinuousClock.now + .milliseconds(500)
            while fixture.transport.count("GET /runtime/jobs/\(job.jobID)") == reads, ContinuousClock.now < settle {
                await Task.yield()
                try await Task.sleep(for: .milliseconds(1))
            }
            task.cancel()
            let outcome = await task.result
            #expect(throws: CancellationError.self) { try outcome.get() }
            #expect(ContinuousClock.now - start < .seconds(30))
            #expect(fixture.emulator.service.status(ofJob: job.jobID) == .queued, "the remote job goes on")
        }
    }
}
