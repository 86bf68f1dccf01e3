import RuntimeIO
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

/// An in-process emulator on a loopback port and a manual clock, called over real HTTP the v1
/// way: an IAM token from `POST /identity/token`, then `Authorization: Bearer` and
/// `Service-CRN` on `/api/v1`.
struct V1HTTPHarness {
    static let apiKey = "http-iam-key"
    static let crn = "crn:v1:bluemix:public:quantum-computing:us-east:a/http:instance::"

    let clock: EmulatorClock
    let emulator: RunningEmulator
    let client: HTTPClient
    var service: EmulatorService { emulator.service }

    /// Runs `body` against a fresh emulator (configured by `configure`), then shuts both down.
    static func with(
        timing: EmulatorTiming = EmulatorTiming(),
        _ configure: (inout EmulatorConfiguration) -> Void = { _ in },
        _ body: (V1HTTPHarness) async throws -> Void
    ) async throws {
        let clock = EmulatorClock.manual()
        var configuration = EmulatorConfiguration(
            timing: timing, clock: clock, iamAPIKey: apiKey, instanceCRN: crn)
        configure(&configuration)
        let emulator = try await Emulator.start(configuration: configuration)
        let harness = V1HTTPHarness(clock: clock, emulator: emulator, client: HTTPClient())
        do {
            try await body(harness)
        } catch {
            harness.client.shutdown()
            await emulator.shutdown()
            throw error
        }
        harness.client.shutdown()
        await emulator.shutdown()
    }

    func send(_ method: String, _ target: String, body: String = "", headers: [(String, String)] = []) async throws -> EmulatorHarness.Reply {
        let response = try await client.execute(
            HTTPClientRequest(
                method: method, url: emulator.baseURL + target, headers: HTTPHeaders(headers.map { (name: $0.0, value: $0.1) }),
                body: body.isEmpty && method == "GET" ? nil : Array(body.utf8)),
            deadline: ContinuousClock.now + .seconds(30))
        return EmulatorHarness.Reply(status: response.status, headers: response.headers, body: response.body)
    }

    /// A fresh token for the configured key.
    func token() async throws -> String {
        let reply = try await send(
            "POST", "/identity/token", body: "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=\(Self.apiKey)",
            headers: [("Content-Type", "application/x-www-form-urlencoded")])
        #expect(reply.status == 200)
        return try #require(reply.json?["access_token"]?.stringValue)
    }

    /// A v1 request with the standard headers (`token` nil omits Authorization, `crn` nil omits Service-CRN).
    func v1(
        _ method: String, _ path: String, body: String = "", token: String?, crn: String? = V1HTTPHarness.crn,
        apiVersion: String = "2026-04-15"
    ) async throws -> EmulatorHarness.Reply {
        var headers: [(String, String)] = [("IBM-API-Version", apiVersion)]
        if let token { headers.append(("Authorization", "Bearer " + token)) }
        if let crn { headers.append(("Service-CRN", crn)) }
        if !body.isEmpty { headers.append(("Content-Type", "application/json")) }
        return try await send(method, "/api/v1" + path, body: body, headers: headers)
    }

    /// Submits a job; returns the whole answer.
    func submit(_ fields: String, token: String) async throws -> EmulatorHarness.Reply {
        try await v1("POST", "/jobs", body: "{" + fields + "}", token: token)
    }

    /// Submits a job that must be accepted; returns its id.
    func submitted(_ fields: String, token: String) async throws -> String {
        let reply = try await submit(fields, token: token)
        #expect(reply.status == 200, "\(reply.text)")
        return try #require(reply.json?["id"]?.stringValue, "\(reply.text)")
    }

    func advance(seconds: Double) {
        clock.advance(by: .microseconds(Int64((seconds * 1_000_000).rounded())))
    }
}

extension EmulatorHarness.Reply {
    /// `errors[0].code` of an error body.
    var errorCode: JSONValue? { json?["errors"]?.arrayValue?.first?["code"] }
}
