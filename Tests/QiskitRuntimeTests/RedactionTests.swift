import Testing
import Synchronization
@testable import QiskitRuntime

/// Credentials never appear in descriptions, dumps, mirrors, errors or log lines. The canary
/// tokens start with `CANARY-TOKEN-`, which CI greps for in the test output: these tests never
/// print them, and report only whether a text leaked, never the text.
@Suite("Redaction with a canary token", .timeLimit(.minutes(1)))
struct RedactionTests {
    static let apiToken = "CANARY-TOKEN-api-" + String(UInt64.random(in: 1...UInt64.max))
    static let accessToken = "CANARY-TOKEN-access-" + String(UInt64.random(in: 1...UInt64.max))

    final class LogSink: Sendable {
        let lines = Mutex<[String]>([])
    }

    private static func leaks(_ text: String) -> Bool {
        text.contains("CANARY-TOKEN-")
    }

    private static func dumped(_ value: Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }

    private func legacyService(_ transport: ScriptedTransport, sink: LogSink) async throws -> RuntimeService {
        transport.on("POST", "/api/users/loginWithToken", json: "{\"id\": \"\(Self.accessToken)\"}")
        transport.on("GET", "/api/users/me", json: "{\"urls\": {\"http\": \"https://api.test/api\", \"services\": {\"runtime\": \"https://runtime.test\"}}}")
        var configuration = RuntimeConfiguration(
            account: .legacyToken(Self.apiToken, authURL: "https://auth.test/api"),
            instance: .init(hub: "h", group: "g", project: "p"), transport: transport)
        configuration.clock = ManualClock()
        configuration.random = { 0 }
        configuration.logHandler = { level, message in sink.lines.withLock { $0.append("\(level): \(message)") } }
        return try await RuntimeService(configuration: configuration)
    }

    @Test("accounts and configurations hide the token in description, debugDescription, dump and Mirror")
    func values() {
        let accounts: [RuntimeConfiguration.Account] = [
            .legacyToken(Self.apiToken), .accessToken(Self.accessToken, runtimeURL: "https://r.test"),
        ]
        for account in accounts {
            let configuration = RuntimeConfiguration(account: account)
            let texts = [
                "\(account)", String(reflecting: account), Self.dumped(account),
                "\(configuration)", String(reflecting: configuration), Self.dumped(configuration),
                Mirror(reflecting: account).children.map { "\($0.value)" }.joined(),
            ]
            #expect(texts.contains(where: Self.leaks) == false)
            #expect(String(reflecting: account).contains("<redacted>"))
        }
        let credential = Credential(Self.accessToken)
        #expect(Self.leaks("\(credential)" + String(reflecting: credential) + Self.dumped(credential)) == false)
    }

    @Test("services, jobs, errors and log lines never contain the tokens, even when the server echoes them")
    func runtimeObjects() async throws {
        let transport = ScriptedTransport()
        let sink = LogSink()
        let service = try await legacyService(transport, sink: sink)
        #expect(transport.requests.first?.bodyText.contains(Self.apiToken) == true)

        transport.on("GET", "/jobs/j1", json: Fixtures.jobJSON("j1", status: "Failed"))
        let job = try await service.job("j1")
        transport.on("GET", "/jobs/j1/results", .response(HTTPResponse(status: 200, body: Array("Traceback".utf8))))
        var errors: [RuntimeError] = []
        do { _ = try await job.result() } catch let error as RuntimeError { errors.append(error) }

        let echo = "{\"errors\": [{\"code\": \"bad\", \"message\": \"token \(Self.accessToken) and \(Self.apiToken)\"}]}"
        transport.on("GET", "/jobs/j2", status: 400, json: echo)
        do { _ = try await service.job("j2") } catch let error as RuntimeError { errors.append(error) }
        transport.on("GET", "/jobs/j3", status: 503, json: echo)
        do { _ = try await service.job("j3") } catch let error as RuntimeError { errors.append(error) }
        #expect(errors.count == 3)
        #expect(errors.last?.body?.contains("token ... and ...") == true)

        var texts = [
            "\(service)", String(reflecting: service), Self.dumped(service),
            "\(job)", String(reflecting: job), Self.dumped(job),
        ]
        texts += errors.flatMap { ["\($0)", String(reflecting: $0), Self.dumped($0), $0.message, $0.body ?? ""] }
        let lines = sink.lines.withLock { $0 }
        texts += lines
        #expect(lines.contains { $0.hasPrefix("warning:") })
        #expect(lines.count > 3)
        #expect(texts.contains(where: Self.leaks) == false)
    }

    @Test("a refused login that echoes the API token is redacted")
    func loginEcho() async {
        let transport = ScriptedTransport()
        transport.on("POST", "/api/users/loginWithToken", status: 401,
                     json: "{\"error\": {\"message\": \"bad \(Self.apiToken)\", \"code\": 401}}")
        var configuration = RuntimeConfiguration(account: .legacyToken(Self.apiToken, authURL: "https://auth.test/api"),
                                                 transport: transport)
        configuration.clock = ManualClock()
        do {
            _ = try await RuntimeService(configuration: configuration)
            Issue.record("expected an error")
        } catch {
            #expect(Self.leaks(String(reflecting: error) + Self.dumped(error)) == false)
        }
    }
}
