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
    static let cloudAPIKey = "CANARY-TOKEN-apikey-" + String(UInt64.random(in: 1...UInt64.max))
    static let iamToken = "CANARY-TOKEN-iam-" + String(UInt64.random(in: 1...UInt64.max))

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
            .ibmCloud(apiKey: Self.cloudAPIKey, instanceCRN: CloudFixtures.crn),
            .ibmCloud(apiKey: Self.cloudAPIKey, instanceCRN: CloudFixtures.crn, iamURL: "http://127.0.0.1:1",
                      serviceURL: "http://127.0.0.1:2/api/v1"),
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
        transport.on("GET", "/jobs/j1/results", .response(RuntimeHTTPResponse(status: 200, body: Array("Traceback".utf8))))
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

    private func cloudService(_ transport: ScriptedTransport, sink: LogSink, clock: ManualClock) async throws -> RuntimeService {
        transport.on("POST", "/identity/token", json: "{\"access_token\": \"\(Self.iamToken)\", \"token_type\": \"Bearer\", \"expires_in\": 3600}")
        var configuration = RuntimeConfiguration(
            account: .ibmCloud(apiKey: Self.cloudAPIKey, instanceCRN: CloudFixtures.crn, iamURL: "https://iam.test"),
            transport: transport)
        configuration.clock = clock
        configuration.random = { 0 }
        configuration.logHandler = { level, message in sink.lines.withLock { $0.append("\(level): \(message)") } }
        return try await RuntimeService(configuration: configuration)
    }

    @Test("IBM Cloud: the API key and IAM token stay out of descriptions, errors and log lines, even when echoed")
    func cloudObjects() async throws {
        let transport = ScriptedTransport()
        let sink = LogSink()
        let clock = ManualClock()
        let service = try await cloudService(transport, sink: sink, clock: clock)
        #expect(transport.requests.first?.bodyText.contains(Self.cloudAPIKey) == true)

        let echo = "{\"errors\": [{\"code\": \"bad\", \"message\": \"token \(Self.iamToken) key \(Self.cloudAPIKey)\"}]}"
        var errors: [RuntimeError] = []
        transport.on("GET", "/api/v1/jobs/j1", status: 400, json: echo)
        do { _ = try await service.job("j1") } catch let error as RuntimeError { errors.append(error) }
        transport.on("GET", "/api/v1/jobs/j2", status: 401, json: echo)
        do { _ = try await service.job("j2") } catch let error as RuntimeError { errors.append(error) }
        // A renewal refused by IAM with an echo of the key, once the token is past its lifetime.
        transport.on("POST", "/identity/token", status: 400,
                     json: "{\"errorCode\": \"BXNIM0415E\", \"errorMessage\": \"bad key \(Self.cloudAPIKey)\"}")
        clock.advance(by: .seconds(3601))
        do { _ = try await service.job("j3") } catch let error as RuntimeError { errors.append(error) }
        #expect(errors.map(\.code) == [.httpStatus, .unauthorized, .unauthorized])
        #expect(errors.first?.body?.contains("token ... key ...") == true)
        #expect(errors.last?.message.contains("bad key ...") == true)

        transport.on("POST", "/identity/token", json: "{\"access_token\": \"\(Self.iamToken)\", \"expires_in\": 3600}")
        transport.on("GET", "/api/v1/jobs/j4", json: CloudFixtures.jobJSON("j4", status: "Completed"))
        let job = try await service.job("j4")
        var texts = [
            "\(service)", String(reflecting: service), Self.dumped(service),
            "\(job)", String(reflecting: job), Self.dumped(job),
        ]
        texts += errors.flatMap { ["\($0)", String(reflecting: $0), Self.dumped($0), $0.message, $0.body ?? ""] }
        let lines = sink.lines.withLock { $0 }
        texts += lines
        #expect(lines.count > 3)
        #expect(texts.contains(where: Self.leaks) == false)
        let credentials = try await service.client.login.credentials(deadline: clock.now + .seconds(1))
        #expect(Self.leaks("\(credentials)" + Self.dumped(credentials)) == false)
    }

    @Test("IBM Cloud: a refused first exchange that echoes the API key is redacted")
    func cloudLoginEcho() async {
        let transport = ScriptedTransport()
        transport.on("POST", "/identity/token", status: 400,
                     json: "{\"errorCode\": \"BXNIM0415E\", \"errorMessage\": \"Provided API key \(Self.cloudAPIKey) could not be found.\"}")
        var configuration = RuntimeConfiguration(
            account: .ibmCloud(apiKey: Self.cloudAPIKey, instanceCRN: CloudFixtures.crn, iamURL: "https://iam.test"),
            transport: transport)
        configuration.clock = ManualClock()
        do {
            _ = try await RuntimeService(configuration: configuration)
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == .unauthorized)
            #expect(Self.leaks(String(reflecting: error) + Self.dumped(error) + error.message + (error.body ?? "")) == false)
        } catch {
            #expect(Self.leaks(String(reflecting: error)) == false)
        }
    }

    /// The forms of `secret` a server could echo: JSON-escaped (every character, upper- and
    /// lower-case hex, every other character), percent-encoded (same variants), base64 (standard,
    /// URL-safe, unpadded).
    static func encodings(of secret: String) -> [String] {
        func json(_ upper: Bool, every step: Int) -> String {
            var out = ""
            for (index, unit) in secret.utf16.enumerated() {
                if index % step == 0 {
                    let hex = String(unit, radix: 16, uppercase: upper)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out += String(decoding: [UInt8(truncatingIfNeeded: unit)], as: UTF8.self)
                }
            }
            return out
        }
        func percent(_ upper: Bool, every step: Int) -> String {
            var out = ""
            for (index, byte) in secret.utf8.enumerated() {
                if index % step == 0 {
                    let hex = String(byte, radix: 16, uppercase: upper)
                    out += "%" + (hex.count == 1 ? "0" : "") + hex
                } else {
                    out += String(decoding: [byte], as: UTF8.self)
                }
            }
            return out
        }
        return [json(true, every: 1), json(false, every: 1), json(true, every: 2), percent(true, every: 1),
                percent(false, every: 1), percent(true, every: 3)] + Redactor.base64Forms(of: secret)
    }

    @Test("a token echoed JSON-escaped, percent-encoded or in base64 is redacted from errors too")
    func encodedEchoes() async throws {
        let transport = ScriptedTransport()
        let sink = LogSink()
        let service = try await legacyService(transport, sink: sink)
        var errors: [RuntimeError] = []
        for (index, secret) in [Self.accessToken, Self.apiToken].enumerated() {
            for (variant, encoded) in Self.encodings(of: secret).enumerated() {
                let id = "e\(index)-\(variant)"
                let echo = "{\"errors\": [{\"code\": \"bad\", \"message\": \"you sent \(encoded) here\"}], \"raw\": \"\(encoded)\"}"
                transport.on("GET", "/jobs/\(id)", status: 400, json: echo)
                do { _ = try await service.job(id) } catch let error as RuntimeError { errors.append(error) }
            }
        }
        #expect(errors.count == Self.encodings(of: Self.accessToken).count + Self.encodings(of: Self.apiToken).count)
        let texts = errors.flatMap { ["\($0)", String(reflecting: $0), Self.dumped($0), $0.message, $0.body ?? ""] }
            + sink.lines.withLock { $0 }
        let forms = [Self.accessToken, Self.apiToken].flatMap(Self.encodings(of:))
        let leaked = texts.contains { text in forms.contains { text.contains($0) } || Self.leaks(text) }
        #expect(!leaked, "an encoded token appeared in an error or a log line")
        #expect(errors.first?.body?.contains("you sent ... here") == true)
    }

    @Test("the redactor finds a secret in every encoding, mixed, and leaves other text alone")
    func redactorForms() {
        let redactor = Redactor(secrets: ["s3cr/t k\"é😀"])
        let forms = [
            "s3cr/t k\"é😀", "s3cr\\/t k\\\"\\u00e9\\ud83d\\ude00", "\\u0073\\u0033cr/t\\u0020k\"é😀",
            "s3cr%2Ft+k%22%C3%A9%F0%9F%98%80", "s3cr%2ft%20k%22é😀",
        ] + Redactor.base64Forms(of: "s3cr/t k\"é😀")
        for form in forms {
            #expect(redactor.redact("<" + form + ">") == "<...>", "\(form)")
        }
        #expect(redactor.redact("s3cr/t k and %25 and \\u0041") == "s3cr/t k and %25 and \\u0041")
    }
}
