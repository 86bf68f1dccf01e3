import Testing
@testable import QiskitRuntime
import RuntimeWire

/// The service's numbered error code, its trace and `Retry-After` reach the caught `RuntimeError`
/// as data, from both error body shapes, without changing messages, codes or redaction.
@Suite("Service error codes", .timeLimit(.minutes(1)))
struct ServiceErrorCodeTests {
    /// The tokens of the services built here: none may appear in anything an error shows.
    static let secrets = [CloudFixtures.apiKey, "iam-1", "access-token-1"]

    static func expectNoSecret(_ error: RuntimeError, sourceLocation: SourceLocation = #_sourceLocation) {
        let shown = [error.message, error.description, error.debugDescription, error.body ?? "", error.serviceTrace ?? "",
                     String(describing: error.serviceCode), String(reflecting: error)]
        for secret in secrets {
            #expect(!shown.contains { $0.contains(secret) }, "\(secret) appears", sourceLocation: sourceLocation)
        }
    }

    /// The error `POST /api/v1/jobs` fails with when answered `status`, `body` and `headers`.
    func submissionError(
        status: Int, body: String, headers: [(name: String, value: String)] = []
    ) async throws -> RuntimeError {
        let transport = ScriptedTransport()
        var configuration = CloudFixtures.configuration(transport)
        configuration.retryPolicy = .none
        CloudFixtures.scriptTokens(transport)
        let service = try await RuntimeService(configuration: configuration)
        transport.on("POST", "/api/v1/jobs", status: status, json: body, headers: headers)
        let error = try #require(await #expect(throws: RuntimeError.self) {
            _ = try await service.run(program: "sampler", backend: "ibm_torino", inputs: ["n": 1])
        })
        Self.expectNoSecret(error)
        return error
    }

    /// The error `GET /jobs/j1` of a legacy (access token) account fails with.
    func legacyJobError(status: Int, body: String, headers: [(name: String, value: String)] = []) async throws -> RuntimeError {
        let transport = ScriptedTransport()
        let service = try await RuntimeService(configuration: Fixtures.configuration(transport, retry: .none))
        transport.on("GET", "/jobs/j1", status: status, json: body, headers: headers)
        let error = try #require(await #expect(throws: RuntimeError.self) { _ = try await service.job("j1") })
        Self.expectNoSecret(error)
        return error
    }

    @Test("v1 body, integer code, trace and Retry-After on a 429: all kept; the message is as before")
    func integerCode() async throws {
        let body = #"{"errors": [{"code": 4317, "message": "Usage limit reached.", "more_info": "https://x"}], "trace": "tr-1"}"#
        let error = try await submissionError(status: 429, body: body, headers: [("Retry-After", "3600")])
        #expect(error.code == .httpStatus)
        #expect(error.statusCode == 429)
        #expect(error.message.hasSuffix(": HTTP 429: Usage limit reached. (code 4317)"))
        #expect(error.body == body)
        #expect(error.serviceErrorCode == 4317)
        #expect(error.serviceCode == .usageLimitReached)
        #expect(error.serviceCode?.rawValue == 4317)
        #expect(error.serviceTrace == "tr-1")
        #expect(error.retryAfter == .seconds(3600))
        #expect(error.description == "RuntimeError(httpStatus): \(error.message) (HTTP 429)")
    }

    @Test("a code written as a string of digits counts; words and other strings do not")
    func stringCode() async throws {
        let pending = try await submissionError(
            status: 400, body: #"{"errors": [{"code": "3458", "message": "Too many pending jobs."}], "trace": "tr-2"}"#)
        #expect(pending.serviceErrorCode == 3458)
        #expect(pending.serviceCode == .tooManyPendingJobs)
        #expect(pending.message.hasSuffix(": HTTP 400: Too many pending jobs. (code 3458)"))
        #expect(pending.retryAfter == nil)
        for code in [#""not_found""#, #""+12""#, #""-1""#, #"" 12""#, #""""#, #""1234567890123456789""#, "12.5", "null", "[1]"] {
            let error = try await submissionError(
                status: 400, body: #"{"errors": [{"code": \#(code), "message": "m"}], "trace": "t"}"#)
            #expect(error.serviceErrorCode == nil, "\(code)")
            #expect(error.serviceCode == nil, "\(code)")
            #expect(error.serviceTrace == "t")
        }
    }

    @Test("the first errors[] entry with a numeric code wins; the message still summarizes the first entry")
    func firstNumericEntry() async throws {
        let error = try await submissionError(status: 400, body: """
            {"errors": [{"code": "bad_request", "message": "Payload rejected."}, {"code": 5302, "message": "too big"}, \
            {"code": 1517, "message": "not ISA"}]}
            """)
        #expect(error.serviceCode == .payloadTooLarge)
        #expect(error.message.hasSuffix(": HTTP 400: Payload rejected. (code bad_request)"))
        #expect(error.serviceTrace == nil)
    }

    @Test("no code, no trace, a trace alone, a body that is not JSON")
    func absentFields() async throws {
        let bare = try await submissionError(status: 400, body: #"{"errors": [{"message": "nope"}]}"#)
        #expect(bare.serviceErrorCode == nil && bare.serviceTrace == nil && bare.retryAfter == nil)
        #expect(bare.message.hasSuffix(": HTTP 400: nope"))

        let traceOnly = try await submissionError(status: 500, body: #"{"errors": [], "trace": "tr-3"}"#)
        #expect(traceOnly.serviceTrace == "tr-3")
        #expect(traceOnly.serviceErrorCode == nil)
        #expect(traceOnly.message.hasSuffix(": HTTP 500"))

        let numberTrace = try await submissionError(status: 400, body: #"{"errors": [{"code": 1352}], "trace": 7}"#)
        #expect(numberTrace.serviceCode == .dedicatedSessionsNotAllowed)
        #expect(numberTrace.serviceTrace == nil)

        let text = try await submissionError(status: 503, body: "Service Unavailable", headers: [("Retry-After", "30")])
        #expect(text.serviceErrorCode == nil && text.serviceTrace == nil)
        #expect(text.retryAfter == .seconds(30))
        #expect(text.body == "Service Unavailable")
    }

    @Test("Retry-After is read on 429 and 503 only, in seconds only")
    func retryAfterStatuses() async throws {
        let body = #"{"errors": [{"code": 4317, "message": "m"}]}"#
        #expect(try await submissionError(status: 503, body: body, headers: [("Retry-After", " 12 ")]).retryAfter == .seconds(12))
        #expect(try await submissionError(status: 429, body: body).retryAfter == nil)
        #expect(try await submissionError(status: 400, body: body, headers: [("Retry-After", "5")]).retryAfter == nil)
        #expect(try await submissionError(status: 500, body: body, headers: [("Retry-After", "5")]).retryAfter == nil)
        let date = try await submissionError(status: 429, body: body, headers: [("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT")])
        #expect(date.retryAfter == nil)
        #expect(date.serviceErrorCode == 4317)
    }

    @Test("after the retries of a GET run out, the error carries the last answer's Retry-After")
    func afterRetries() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let service = try await Fixtures.service(transport, clock: clock)
        transport.on("GET", "/jobs/j1", status: 429, json: #"{"errors": [{"code": "3458", "message": "slow down"}], "trace": "tr"}"#,
                     headers: [("Retry-After", "2")])
        let error = try #require(await #expect(throws: RuntimeError.self) { _ = try await service.job("j1") })
        #expect(transport.requests("GET", "/jobs/j1").count == 6)
        #expect(clock.sleeps == Array(repeating: .seconds(2), count: 5))
        #expect(error.retryAfter == .seconds(2))
        #expect(error.serviceCode == .tooManyPendingJobs)
        Self.expectNoSecret(error)
    }

    @Test("legacy body: error.code as an integer or a string of digits; the 404 mapping is unchanged")
    func legacyShape() async throws {
        let integer = try await legacyJobError(
            status: 400, body: #"{"error": {"name": "USAGE", "message": "Usage limit reached.", "code": 4317, "statusCode": 400}}"#)
        #expect(integer.serviceCode == .usageLimitReached)
        #expect(integer.serviceTrace == nil)
        #expect(integer.message.hasSuffix(": HTTP 400: Usage limit reached. (code 4317)"))

        let string = try await legacyJobError(
            status: 503, body: #"{"error": {"message": "Maintenance.", "code": "1517"}}"#, headers: [("Retry-After", "60")])
        #expect(string.serviceCode == .notISA)
        #expect(string.retryAfter == .seconds(60))

        let word = try await legacyJobError(status: 404, body: #"{"error": {"code": "JOB_NOT_FOUND", "message": "not found"}}"#)
        #expect(word.code == .notFound)
        #expect(word.serviceErrorCode == nil)
        #expect(word.message.hasSuffix(": HTTP 404: not found (code JOB_NOT_FOUND)"))
    }

    @Test("a trace that echoes the token is redacted like the body")
    func traceRedacted() async throws {
        let error = try await legacyJobError(
            status: 400, body: #"{"errors": [{"code": 3211, "message": "m"}], "trace": "t-access-token-1"}"#)
        #expect(error.serviceTrace == "t-...")
        #expect(error.serviceCode == .mappingFailed)
    }

    @Test("an IBM Cloud IAM refusal keeps its Retry-After")
    func iamRetryAfter() async throws {
        let transport = ScriptedTransport()
        var configuration = CloudFixtures.configuration(transport)
        configuration.retryPolicy = .none
        transport.on("POST", CloudFixtures.tokenPath, status: 503, json: #"{"errorCode": "BXNIM0001E", "errorMessage": "busy"}"#,
                     headers: [("Retry-After", "9")])
        let error = try #require(await #expect(throws: RuntimeError.self) {
            _ = try await RuntimeService(configuration: configuration)
        })
        #expect(error.retryAfter == .seconds(9))
        #expect(error.serviceErrorCode == nil)
        Self.expectNoSecret(error)
    }

    @Test("the fields survive conversion from the lower layers and mutation; equality does not compare them")
    func conversionAndEquality() throws {
        var wire = WireError(.httpStatus, "refused", statusCode: 429, body: "{}")
        wire.serviceErrorCode = 4317
        wire.serviceTrace = "tr"
        wire.retryAfter = .seconds(5)
        var converted = try #require(RuntimeError.converting(wire) as? RuntimeError)
        #expect(converted.serviceCode == .usageLimitReached)
        #expect(converted.serviceTrace == "tr")
        #expect(converted.retryAfter == .seconds(5))
        converted.code = .unauthorized
        converted.message = "changed"
        #expect(converted.serviceErrorCode == 4317 && converted.serviceTrace == "tr" && converted.retryAfter == .seconds(5))
        let plain = RuntimeError(.unauthorized, "changed", statusCode: 429, body: "{}")
        #expect(plain.serviceErrorCode == nil && plain.serviceTrace == nil && plain.retryAfter == nil)
        #expect(converted == plain)
        #expect(converted.hashValue == plain.hashValue)
        #expect(converted.description == plain.description)
    }

    @Test("named codes are the service's numbers")
    func namedCodes() {
        let named: [(ServiceErrorCode, Int)] = [
            (.tooManyRunningJobs, 1012), (.ranTooLong, 1305), (.dedicatedSessionsNotAllowed, 1352), (.notISA, 1517),
            (.mappingFailed, 3211), (.tooManyPendingJobs, 3458), (.usageLimitReached, 4317), (.payloadTooLarge, 5302),
        ]
        for (code, number) in named {
            #expect(code.rawValue == number)
            #expect(code == ServiceErrorCode(rawValue: number))
            #expect(code.description == String(number))
        }
        #expect(Set(named.map(\.0)).count == named.count)
    }
}
