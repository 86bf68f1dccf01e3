import RuntimeIO
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

/// An emulator on a manual clock, called through its router, with a logged-in access token.
struct EmulatorHarness {
    static let apiToken = "test-api-token"
    static let accessToken = "test-access-token"

    let clock: EmulatorClock
    let service: EmulatorService

    init(
        timing: EmulatorTiming = EmulatorTiming(),
        faults: Faults = Faults(),
        finalResultInStream: Bool = false,
        streamBufferLimit: Int = 1024,
        limits: EmulatorLimits = EmulatorLimits()
    ) {
        clock = EmulatorClock.manual()
        service = EmulatorService(configuration: EmulatorConfiguration(
            apiToken: Self.apiToken, accessTokens: [Self.accessToken], timing: timing, faults: faults,
            clock: clock, finalResultInStream: finalResultInStream, streamBufferLimit: streamBufferLimit, limits: limits))
    }

    /// The action the router answers with (to tell streamed bodies from whole ones).
    func action(_ method: String, _ target: String, body: String? = nil) async -> HTTPServerAction {
        var headers = HTTPHeaders()
        headers.add("Host", "127.0.0.1:8080")
        headers.add("X-Access-Token", Self.accessToken)
        return await service.handle(HTTPServerRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8)))
    }

    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: JSONValue? { try? JSONParser.parse(body) }
    }

    func request(
        _ method: String, _ target: String, body: String? = nil,
        token: String? = EmulatorHarness.accessToken, headers extra: [(String, String)] = []
    ) async -> Reply {
        var headers = HTTPHeaders()
        headers.add("Host", "127.0.0.1:8080")
        if let token { headers.add("X-Access-Token", token) }
        for (name, value) in extra { headers.add(name, value) }
        let request = HTTPServerRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8))
        switch await service.handle(request) {
        case .respond(let response):
            return Reply(status: response.status, headers: response.headers, body: response.body)
        case .upgrade(let response, _):
            return Reply(status: response.status, headers: response.headers, body: response.body)
        case .stream(let response, let produce):
            // A streamed body (large interim results or results), collected whole here.
            let body = (try? await HTTPResponseBodyWriter.collect(produce)) ?? []
            return Reply(status: response.status, headers: response.headers, body: body)
        }
    }

    /// Submits a job (body sent without Content-Type, as the Python client does); returns its id.
    func submit(_ program: String, params: String = "{}", backend: String = "ibmq_qasm_simulator") async throws -> String {
        let body = #"{"program_id": "\#(program)", "hub": "ibm-q", "group": "open", "project": "main", "#
            + #""backend": "\#(backend)", "params": \#(params), "runtime": null}"#
        let reply = await request("POST", "/runtime/jobs", body: body)
        #expect(reply.status == 200)
        return try #require(reply.json?["id"]?.stringValue)
    }

    func job(_ id: String) async throws -> JSONValue {
        let reply = await request("GET", "/runtime/jobs/\(id)")
        #expect(reply.status == 200)
        return try #require(reply.json)
    }

    func status(_ id: String) async throws -> String? {
        try await job(id)["status"]?.stringValue
    }

    func advance(seconds: Double) {
        clock.advance(by: .microseconds(Int64(seconds * 1_000_000)))
    }
}

/// Whether `text` looks like `2026-01-01T00:00:00.500000Z`.
func isISOMicros(_ text: String?) -> Bool {
    guard let text else { return false }
    let pattern = Array("dddd-dd-ddTdd:dd:dd.ddddddZ")
    let chars = Array(text)
    guard chars.count == pattern.count else { return false }
    return zip(chars, pattern).allSatisfy { c, p in p == "d" ? c.isASCII && c.isNumber : c == p }
}
