import RuntimeIO
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

/// An emulator on a manual clock, called through its router the v1 way: an IAM token from
/// `POST /identity/token`, then `Authorization: Bearer` and `Service-CRN` on `/api/v1`.
struct V1Harness {
    static let apiKey = "test-iam-key"
    static let crn = "crn:v1:bluemix:public:quantum-computing:us-east:a/test:instance::"

    let clock: EmulatorClock
    let service: EmulatorService

    init(lifetime: Duration = .seconds(3600), timing: EmulatorTiming = EmulatorTiming(), apiKey: String = V1Harness.apiKey) {
        clock = EmulatorClock.manual()
        service = EmulatorService(configuration: EmulatorConfiguration(
            timing: timing, clock: clock, iamAPIKey: apiKey, instanceCRN: Self.crn, iamTokenLifetime: lifetime))
    }

    func send(_ method: String, _ target: String, body: String = "", headers: [(String, String)]) async -> EmulatorHarness.Reply {
        var fields = HTTPHeaders()
        fields.add("Host", "127.0.0.1:8080")
        for (name, value) in headers { fields.add(name, value) }
        let request = HTTPServerRequest(method: method, target: target, headers: fields, body: Array(body.utf8))
        switch await service.handle(request) {
        case .respond(let response), .upgrade(let response, _):
            return EmulatorHarness.Reply(status: response.status, headers: response.headers, body: response.body)
        case .stream(let response, let produce):
            let body = (try? await HTTPResponseBodyWriter.collect(produce)) ?? []
            return EmulatorHarness.Reply(status: response.status, headers: response.headers, body: body)
        }
    }

    /// `POST /identity/token` with a form body.
    func tokenRequest(_ form: String, contentType: String? = "application/x-www-form-urlencoded") async -> EmulatorHarness.Reply {
        await send("POST", "/identity/token", body: form, headers: contentType.map { [("Content-Type", $0)] } ?? [])
    }

    /// A fresh token for the configured key.
    func token() async throws -> String {
        let reply = await tokenRequest("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=\(Self.apiKey)")
        #expect(reply.status == 200)
        return try #require(reply.json?["access_token"]?.stringValue)
    }

    /// A v1 request with the standard headers (`token` nil omits Authorization, `crn` nil omits Service-CRN).
    func v1(_ method: String, _ path: String, body: String = "", token: String?, crn: String? = V1Harness.crn) async -> EmulatorHarness.Reply {
        var headers: [(String, String)] = [("IBM-API-Version", "2026-04-15")]
        if let token { headers.append(("Authorization", "Bearer " + token)) }
        if let crn { headers.append(("Service-CRN", crn)) }
        if !body.isEmpty { headers.append(("Content-Type", "application/json")) }
        return await send(method, "/api/v1" + path, body: body, headers: headers)
    }

    func advance(seconds: Double) {
        clock.advance(by: .microseconds(Int64(seconds * 1_000_000)))
    }
}
