import QiskitRuntime
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

/// `HTTPFault.Effect.serviceError`: a numbered service error in the body shape of the API asked,
/// with an optional `Retry-After`, and the SDK reading it back as data.
@Suite("Service error faults", .timeLimit(.minutes(2)))
struct ServiceErrorFaultTests {
    static let apiKey = "fault-test-key"
    static let crn = "crn:v1:bluemix:public:quantum-computing:us-east:a/faults:instance::"

    @Test("runtime and v1 bodies: errors[0].code is the integer, with a trace and Retry-After when given")
    func runtimeBody() async throws {
        let h = EmulatorHarness()
        h.service.inject(HTTPFault(
            endpoint: .listJobs,
            effect: .serviceError(status: 429, code: 4317, message: "Usage limit reached.", retryAfterSeconds: 3600),
            trigger: .next(1)))
        let limited = await h.request("GET", "/runtime/jobs")
        #expect(limited.status == 429)
        #expect(limited.headers["Retry-After"] == "3600")
        let entry = try #require(limited.json?["errors"]?.arrayValue?.first)
        #expect(entry["code"] == .integer(4317))
        #expect(entry["message"] == .string("Usage limit reached."))
        #expect(entry["more_info"]?.stringValue != nil)
        #expect(limited.json?["trace"]?.stringValue?.isEmpty == false)
        #expect(await h.request("GET", "/runtime/jobs").status == 200)   // consumed

        h.service.inject(HTTPFault(
            endpoint: .getJob, effect: .serviceError(status: 400, code: 3458, message: "Too many pending jobs."), trigger: .next(1)))
        let pending = await h.request("GET", "/runtime/jobs/any")
        #expect(pending.status == 400)
        #expect(pending.headers["Retry-After"] == nil)
        #expect(pending.json?["errors"]?.arrayValue?.first?["code"] == .integer(3458))

        h.service.inject(HTTPFault(endpoint: nil, effect: .serviceError(status: 200, code: 1, message: "m"), trigger: .next(1)))
        #expect(await h.request("GET", "/runtime/jobs").status == 500)   // not an error status: 500
    }

    @Test("legacy /api body: error.code is the service's code, statusCode the status")
    func legacyBody() async throws {
        let h = EmulatorHarness()
        h.service.inject(HTTPFault(
            endpoint: .version, effect: .serviceError(status: 503, code: 5302, message: "Payload too large.", retryAfterSeconds: 7),
            trigger: .next(1)))
        let reply = await h.request("GET", "/api/version")
        #expect(reply.status == 503)
        #expect(reply.headers["Retry-After"] == "7")
        let error = try #require(reply.json?["error"])
        #expect(error["code"] == .integer(5302))
        #expect(error["statusCode"] == .integer(503))
        #expect(error["message"] == .string("Payload too large."))
        #expect(error["name"] == .string("SERVICE_UNAVAILABLE"))
        #expect(reply.json?["errors"] == nil)
    }

    /// Runs `body` with an IBM Cloud service against an emulator in v1 mode with these faults.
    func withPlatform(
        faults: [HTTPFault], configure: (inout EmulatorConfiguration) -> Void = { _ in },
        _ body: (RuntimeService, RunningEmulator) async throws -> Void
    ) async throws {
        var emulatorConfiguration = EmulatorConfiguration(iamAPIKey: Self.apiKey, instanceCRN: Self.crn)
        emulatorConfiguration.faults.http = faults
        configure(&emulatorConfiguration)
        try await withEmulator(configuration: emulatorConfiguration) { emulator in
            let configuration = RuntimeConfiguration(
                account: .ibmCloud(apiKey: Self.apiKey, instanceCRN: Self.crn, iamURL: emulator.baseURL,
                                   serviceURL: emulator.baseURL + "/api/v1"))
            try await withRuntimeService(configuration: configuration) { service in try await body(service, emulator) }
        }
    }

    static func expectNoSecret(_ error: RuntimeError, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in [error.message, error.description, error.debugDescription, error.body ?? "", error.serviceTrace ?? ""] {
            #expect(!text.contains(apiKey), sourceLocation: sourceLocation)
            #expect(!text.contains("Bearer"), sourceLocation: sourceLocation)
        }
    }

    @Test("v1 end to end: an injected 429/4317 on POST /jobs reaches the caught RuntimeError as data")
    func usageLimitEndToEnd() async throws {
        let fault = HTTPFault(
            endpoint: .submitJob,
            effect: .serviceError(status: 429, code: 4317, message: "Usage limit reached.", retryAfterSeconds: 3600),
            trigger: .next(1))
        try await withPlatform(faults: [fault]) { service, emulator in
            let error = try #require(await #expect(throws: RuntimeError.self) {
                _ = try await service.run(program: "hello-world", backend: "fake_tallinn", inputs: ["iterations": 1])
            })
            #expect(error.code == .httpStatus)
            #expect(error.statusCode == 429)
            #expect(error.serviceErrorCode == 4317)
            #expect(error.serviceCode == .usageLimitReached)
            #expect(error.retryAfter == .seconds(3600))   // above RetryPolicy.maximumRetryAfter: not retried
            #expect(error.serviceTrace?.isEmpty == false)
            #expect(error.message.hasSuffix(": HTTP 429: Usage limit reached. (code 4317)"))
            Self.expectNoSecret(error)
            // The fault is consumed: the next submission is accepted.
            let job = try await service.run(program: "hello-world", backend: "fake_tallinn", inputs: ["iterations": 1])
            #expect(!job.jobID.isEmpty)
        }
    }

    @Test("v1 end to end: a short Retry-After is honoured by the SDK's retries, so nothing is thrown")
    func shortRetryAfterIsRetried() async throws {
        let fault = HTTPFault(
            endpoint: .usage, effect: .serviceError(status: 429, code: 3458, message: "Slow down.", retryAfterSeconds: 0),
            trigger: .next(2))
        try await withPlatform(faults: [fault]) { service, emulator in
            let usage = try await service.usage()
            #expect(usage.instanceID?.isEmpty == false)
        }
    }

    @Test("v1 end to end: the emulator's own refusals carry their codes (Open Plan 1352, usage limit 4317)")
    func modelRefusals() async throws {
        try await withPlatform(faults: [], configure: { $0.platform.openPlan = true }) { service, _ in
            let error = try #require(await #expect(throws: RuntimeError.self) {
                _ = try await service.openSession(backend: "fake_tallinn")
            })
            #expect(error.statusCode == 403)
            #expect(error.serviceCode == .dedicatedSessionsNotAllowed)
            #expect(error.retryAfter == nil)
            Self.expectNoSecret(error)
        }
        try await withPlatform(faults: [], configure: { $0.platform.usageLimit = .zero }) { service, _ in
            let error = try #require(await #expect(throws: RuntimeError.self) {
                _ = try await service.run(program: "hello-world", backend: "fake_tallinn", inputs: ["iterations": 1])
            })
            #expect(error.serviceCode == .usageLimitReached)
            Self.expectNoSecret(error)
        }
    }

    @Test("legacy login end to end: a 503 with a code and Retry-After on loginWithToken")
    func legacyLogin() async throws {
        var emulatorConfiguration = EmulatorConfiguration()
        emulatorConfiguration.faults.http = [HTTPFault(
            endpoint: .login, effect: .serviceError(status: 503, code: 1012, message: "Too many running jobs.", retryAfterSeconds: 5),
            trigger: .everyNth(1))]
        try await withEmulator(configuration: emulatorConfiguration) { emulator in
            var configuration = RuntimeConfiguration(
                account: .legacyToken(EmulatorConfiguration.defaultAPIToken, authURL: emulator.authURL))
            configuration.retryPolicy = .none
            let error = try #require(await #expect(throws: RuntimeError.self) {
                _ = try await RuntimeService(configuration: configuration)
            })
            #expect(error.statusCode == 503)
            #expect(error.serviceCode == .tooManyRunningJobs)
            #expect(error.retryAfter == .seconds(5))
            #expect(error.serviceTrace == nil)
            for text in [error.message, error.description, error.debugDescription, error.body ?? ""] {
                #expect(!text.contains(EmulatorConfiguration.defaultAPIToken))
            }
        }
    }
}
