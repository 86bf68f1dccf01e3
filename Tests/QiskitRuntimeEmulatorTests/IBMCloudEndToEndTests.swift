import RuntimeIO
@testable import QiskitRuntime
import QiskitRuntimeEmulator
import Testing

/// The SDK with an `.ibmCloud` account against the emulator's v1 API on a loopback port: the IAM
/// exchange, the bearer and CRN headers, every job operation, and token renewal.
@Suite("SDK IBM Cloud account against the emulator's v1 API", .timeLimit(.minutes(1)))
struct IBMCloudEndToEndTests {
    static let apiKey = "e2e-api-key"
    static let crn = "crn:v1:bluemix:public:quantum-computing:us-east:a/e2e:instance-1::"

    /// An emulator on an ephemeral port and an SDK service connected to it the IBM Cloud way.
    struct Setup {
        let emulator: RunningEmulator
        let service: RuntimeService

        var model: EmulatorService { emulator.service }

        static func start(
            clock: EmulatorClock = .manual(), lifetime: Duration = .seconds(3600), sdkClock: OffsetClock? = nil
        ) async throws -> Setup {
            let emulator = try await Emulator.start(configuration: EmulatorConfiguration(
                clock: clock, iamAPIKey: IBMCloudEndToEndTests.apiKey, instanceCRN: IBMCloudEndToEndTests.crn,
                iamTokenLifetime: lifetime))
            do {
                var configuration = configuration(emulator)
                if let sdkClock { configuration.clock = sdkClock }
                let service = try await RuntimeService(configuration: configuration)
                return Setup(emulator: emulator, service: service)
            } catch {
                await emulator.shutdown()
                throw error
            }
        }

        static func configuration(_ emulator: RunningEmulator, apiKey: String = IBMCloudEndToEndTests.apiKey) -> RuntimeConfiguration {
            var configuration = RuntimeConfiguration(
                account: .ibmCloud(
                    apiKey: apiKey, instanceCRN: IBMCloudEndToEndTests.crn, iamURL: emulator.baseURL,
                    serviceURL: emulator.baseURL + "/api/v1"),
                transport: RuntimeHTTPTransport())
            configuration.pollInterval = .milliseconds(20)
            return configuration
        }

        /// Runs `body` with a fresh setup and stops it afterwards, also when `body` throws.
        static func run(
            clock: EmulatorClock = .manual(), lifetime: Duration = .seconds(3600), sdkClock: OffsetClock? = nil,
            _ body: (Setup) async throws -> Void
        ) async throws {
            let setup = try await start(clock: clock, lifetime: lifetime, sdkClock: sdkClock)
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
            await emulator.shutdown()
        }
    }

    @Test("job details over the v1 API: queue position, timestamps, usage once final, estimate and tags")
    func jobDetails() async throws {
        let clock = EmulatorClock.manual()
        try await Setup.run(clock: clock) { setup in
            let first = try await setup.service.run(
                program: "hello-world", backend: "fake_tallinn", inputs: ["iterations": 2, "queued_s": 2],
                options: RunOptions(tags: ["first"]))
            let second = try await setup.service.run(
                program: "hello-world", backend: "fake_tallinn", inputs: ["iterations": 2, "queued_s": 2])
            #expect(await first.tags == ["first"])

            let queued = try await first.metrics()
            #expect(queued.positionInQueue == 1)
            #expect(try await second.metrics().positionInQueue == 2)
            let created = try #require(queued.created)
            #expect(queued.running == nil && queued.finished == nil)
            #expect(queued.estimatedStartTime == created.addingTimeInterval(2))
            #expect(queued.isUsagePending)
            #expect(queued.qiskitVersion != nil)
            #expect(try await first.usage() == 0)
            let estimate = try #require(try await first.usageEstimation())
            #expect(estimate > 0)

            clock.advance(by: .seconds(3))
            let running = try await first.metrics()
            #expect(running.positionInQueue == nil)
            #expect(running.running == created.addingTimeInterval(2))
            #expect(running.finished == nil)
            #expect(running.isUsagePending)
            #expect((running.quantumSeconds ?? 0) > 0, "the charge so far")
            #expect(try await first.usage() == 0, "0 until final")

            clock.advance(by: .seconds(60))
            #expect(try await first.status() == .done)
            let done = try await first.metrics()
            let started = try #require(done.running)
            let finished = try #require(done.finished)
            #expect(done.isUsagePending == false)
            let usage = try await first.usage()
            #expect(usage > 0)
            #expect(usage == finished.timeIntervalSince(started), "the run time on the emulator's clock")
            #expect(usage == estimate, "the run went as planned")

            #expect(try await first.updateTags(["x", "y"]) == ["x", "y"])
            #expect(await first.tags == ["x", "y"])
            let fetched = try await setup.service.job(first.jobID)
            #expect(await fetched.tags == ["x", "y"])
            #expect(try await fetched.usageEstimation() == estimate)
            #expect(try await fetched.usage() == usage)
            var tagged: [String] = []
            for try await job in setup.service.jobs(tags: ["x"]) { tagged.append(job.jobID) }
            #expect(tagged == [first.jobID])
        }
    }

    @Test("run, job, jobs, status, result, logs, metrics, tags, cancel and delete over the v1 API")
    func jobOperations() async throws {
        let clock = EmulatorClock.manual()
        try await Setup.run(clock: clock) { setup in
            #expect(setup.model.iamTokenRequestCount == 1)
            #expect(setup.service.instance == nil)
            #expect(!setup.service.supportsStreaming)

            let job = try await setup.service.run(
                program: "hello-world", backend: "fake_tallinn", inputs: ["iterations": 2],
                options: RunOptions(logLevel: "INFO", tags: ["first"]))
            #expect(job.backend == "fake_tallinn")
            #expect(try await job.status() == .queued)
            clock.advance(by: .seconds(1))
            #expect(try await job.status() == .running)
            clock.advance(by: .seconds(2))
            #expect(try await job.status() == .done)
            #expect(try await job.result(timeout: .seconds(45)) == "All done!")
            #expect(try await job.logs().contains("Job completed."))
            let metrics = try await job.metrics()
            #expect(metrics.finished != nil)
            #expect(try await job.updateTags(["x", "y"]) == ["x", "y"])
            // The tags are read back from the job object, as qiskit-ibm-runtime does.
            #expect(setup.model.lastV1Request?.method == "GET")

            let fetched = try await setup.service.job(job.jobID)
            #expect(await fetched.tags == ["x", "y"])
            #expect(fetched.programID == "hello-world")
            #expect(try await fetched.inputs()["iterations"] == 2)
            #expect(try await fetched.status() == .done)
            #expect(try await fetched.fetchInterimResults().isEmpty)

            let second = try await setup.service.run(program: "hello-world", backend: "fake_tallinn", inputs: [:])
            var listed: [String] = []
            for try await item in setup.service.jobs(limit: nil) { listed.append(item.jobID) }
            #expect(listed == [second.jobID, job.jobID])
            var pending: [String] = []
            for try await item in setup.service.jobs(limit: nil, pending: true) { pending.append(item.jobID) }
            #expect(pending == [second.jobID])

            #expect(try await second.cancel() == .cancelled)
            #expect(setup.model.status(ofJob: second.jobID) == .cancelled)
            await #expect(throws: RuntimeError.self) { try await second.cancel() }
            try await setup.service.deleteJob(second.jobID)
            #expect(setup.model.status(ofJob: second.jobID) == nil)
            #expect(setup.model.iamTokenRequestCount == 1)
            #expect(setup.model.v1UnauthorizedCount == 0)
        }
    }

    @Test("headers on the wire: bearer, Service-CRN, IBM-API-Version, JSON content type; IAM gets a form and no bearer")
    func headers() async throws {
        try await Setup.run { setup in
            let iam = try #require(setup.model.lastIAMRequest)
            #expect(iam.method == "POST")
            #expect(iam.target == "/identity/token")
            #expect(iam.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(iam.header("Authorization") == nil)
            #expect(iam.header("Service-CRN") == nil)

            let job = try await setup.service.run(program: "hello-world", backend: "fake_tallinn", inputs: ["iterations": 1])
            let post = try #require(setup.model.lastV1Request)
            #expect(post.method == "POST")
            #expect(post.target == "/api/v1/jobs")
            let bearer = try #require(post.header("Authorization"))
            #expect(bearer.hasPrefix("Bearer eyJ"))   // a JWT, as IAM's
            #expect(setup.model.isValidBearerToken(String(bearer.dropFirst("Bearer ".count))))
            #expect(post.header("Service-CRN") == Self.crn)
            #expect(post.header("IBM-API-Version") == "2026-04-15")
            #expect(post.header("Content-Type") == "application/json")
            #expect(post.header("X-Access-Token") == nil)
            #expect(post.header("X-Qx-Client-Application") != nil)

            _ = try await job.status()
            let get = try #require(setup.model.lastV1Request)
            #expect(get.method == "GET")
            #expect(get.target.hasPrefix("/api/v1/jobs/\(job.jobID)"))
            let sameBearer = get.header("Authorization") == bearer  // a Boolean: a failure must not print the token
            #expect(sameBearer, "the status read carries the same bearer token")
            #expect(get.header("Service-CRN") == Self.crn)
            #expect(get.header("IBM-API-Version") == "2026-04-15")
        }
    }

    @Test("a refused API key makes init throw .unauthorized with IAM's message and code")
    func badKey() async throws {
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(
            clock: .manual(), iamAPIKey: Self.apiKey, instanceCRN: Self.crn))
        let error = await #expect(throws: RuntimeError.self) {
            _ = try await RuntimeService(configuration: Setup.configuration(emulator, apiKey: "wrong-key"))
        }
        await emulator.shutdown()
        #expect(error?.code == .unauthorized)
        #expect(error?.message.contains("Provided API key could not be found.") == true)
        #expect(error?.message.contains("BXNIM0415E") == true)
        #expect(error?.message.contains("wrong-key") == false)
        #expect(emulator.service.iamTokenRequestCount == 1)
    }

    @Test("IAM unreachable: with allowsAPIKeyAuthorization the API key itself is sent and accepted; without it, init fails")
    func apiKeyFallback() async throws {
        let clock = EmulatorClock.manual()
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(
            clock: clock, iamAPIKey: Self.apiKey, instanceCRN: Self.crn))
        // An IAM in an outage: every exchange is a 503 (a failure, not a refusal of the key).
        let iam = try await HTTPServer.start { _ in .respond(HTTPServerResponse(status: 503)) }
        func configuration(optIn: Bool) -> RuntimeConfiguration {
            var configuration = RuntimeConfiguration(
                account: .ibmCloud(apiKey: Self.apiKey, instanceCRN: Self.crn, iamURL: "http://127.0.0.1:\(iam.port)",
                                   serviceURL: emulator.baseURL + "/api/v1"),
                transport: RuntimeHTTPTransport())
            configuration.pollInterval = .milliseconds(20)
            configuration.retryPolicy.initialBackoff = .milliseconds(1)
            configuration.retryPolicy.maximumBackoff = .milliseconds(2)
            configuration.allowsAPIKeyAuthorization = optIn
            return configuration
        }
        do {
            await #expect(throws: RuntimeError.self) { _ = try await RuntimeService(configuration: configuration(optIn: false)) }
            let service = try await RuntimeService(configuration: configuration(optIn: true))
            let job = try await service.run(program: "hello-world", backend: "fake_tallinn", inputs: ["iterations": 1, "queued_s": 0])
            let sentKey = emulator.service.lastV1Request?.header("Authorization") == "apikey " + Self.apiKey
            #expect(sentKey, "the API key went as Authorization: apikey")
            clock.advance(by: .seconds(60))
            #expect(try await job.result(timeout: .seconds(30)) == "All done!")
            #expect(emulator.service.v1UnauthorizedCount == 0)
            await service.shutdown()
        } catch {
            await iam.shutdown()
            await emulator.shutdown()
            throw error
        }
        await iam.shutdown()
        await emulator.shutdown()
    }

    @Test("long-running: status .error, result throws .jobFailed with error code 1305")
    func ranTooLong() async throws {
        let clock = EmulatorClock.manual()
        try await Setup.run(clock: clock) { setup in
            let job = try await setup.service.run(
                program: "long-running", backend: "fake_tallinn", inputs: ["max_execution_s": 1])
            clock.advance(by: .seconds(10))
            #expect(try await job.status() == .error)
            let message = try #require(try await job.errorMessage())
            #expect(message.contains("Error code 1305; Ran too long"))
            let error = await #expect(throws: RuntimeError.self) { _ = try await job.result(timeout: .seconds(10)) }
            #expect(error?.code == .jobFailed)
            #expect(error?.message.contains("1305") == true)
        }
    }

    @Test("a revoked token is renewed once on 401 and the call succeeds")
    func renewalOn401() async throws {
        try await Setup.run { setup in
            let job = try await setup.service.run(program: "hello-world", backend: "fake_tallinn", inputs: [:])
            let before = try #require(setup.model.lastV1Request?.header("Authorization"))
            setup.model.revokeIAMTokens()
            #expect(try await job.status() == .queued)
            #expect(setup.model.iamTokenRequestCount == 2)
            #expect(setup.model.v1UnauthorizedCount == 1)
            let after = try #require(setup.model.lastV1Request?.header("Authorization"))
            let renewed = after != before
            #expect(renewed, "a new bearer token after the renewal")
            #expect(try await job.logs().contains("queued"))
            #expect(setup.model.iamTokenRequestCount == 2)
            #expect(setup.model.v1UnauthorizedCount == 1)
        }
    }

    @Test("a token expired on the server's clock is renewed once on 401")
    func renewalOnServerExpiry() async throws {
        let clock = EmulatorClock.manual()
        try await Setup.run(clock: clock) { setup in
            let job = try await setup.service.run(program: "hello-world", backend: "fake_tallinn", inputs: [:])
            // The SDK's clock does not move: only the server sees the token expire.
            clock.advance(by: .seconds(3600))
            #expect(try await job.status() == .done)
            #expect(setup.model.iamTokenRequestCount == 2)
            #expect(setup.model.v1UnauthorizedCount == 1)
        }
    }

    @Test("renewal before expiry on moved clocks: not before 80 % of the lifetime, then once, without a 401")
    func renewalBeforeExpiryMovedClocks() async throws {
        // Both clocks jump together: the emulator's manual clock and the SDK's offset clock.
        let clock = EmulatorClock.manual()
        let sdkClock = OffsetClock()
        try await Setup.run(clock: clock, lifetime: .seconds(3600), sdkClock: sdkClock) { setup in
            let job = try await setup.service.run(program: "hello-world", backend: "fake_tallinn", inputs: [:])
            let first = try #require(setup.model.lastV1Request?.header("Authorization"))
            // 2700 s: below 80 % of the lifetime (2880 s) with three minutes to spare, so a loaded
            // machine's real seconds (the SDK's clock is real time plus the offset) cannot cross it.
            clock.advance(by: .seconds(2700))
            sdkClock.advance(by: .seconds(2700))
            _ = try await job.status()
            #expect(setup.model.iamTokenRequestCount == 1)
            // Compared as a Boolean: a failed comparison must not print the token.
            let unchanged = setup.model.lastV1Request?.header("Authorization") == first
            #expect(unchanged, "the same token before 80 %")
            clock.advance(by: .seconds(190))    // 2890 s: past 80 % (2880 s), the token still valid for 710 s
            sdkClock.advance(by: .seconds(190))
            #expect(setup.model.isValidBearerToken(String(first.dropFirst("Bearer ".count))))
            async let a = job.logs()
            async let b = setup.service.job(job.jobID)
            async let c = job.metrics()
            _ = try await (a, b, c)
            #expect(setup.model.iamTokenRequestCount == 2)
            #expect(setup.model.v1UnauthorizedCount == 0)
            let second = try #require(setup.model.lastV1Request?.header("Authorization"))
            let renewedEarly = second != first
            #expect(renewedEarly, "a new bearer token after 80 % of the lifetime")
        }
    }
}
