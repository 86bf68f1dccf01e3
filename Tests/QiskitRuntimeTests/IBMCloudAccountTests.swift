import Testing
@testable import QiskitRuntime

/// The IBM Cloud account: IAM token exchange, caching, renewal, region from the CRN, failures
/// (PROTOCOL §1.4, §1.6).
@Suite("IBM Cloud account: IAM token and service URL", .timeLimit(.minutes(1)))
struct IBMCloudAccountTests {
    private static let jobPath = "/api/v1/jobs/j1"

    private static func scriptJob(_ transport: ScriptedTransport) {
        CloudFixtures.jobs(transport, "j1", CloudFixtures.jobJSON("j1", status: "Running"))
    }

    private static func bearers(_ transport: ScriptedTransport) -> [String?] {
        transport.requests("GET", jobPath).map { $0.header("Authorization") }
    }

    @Test("the token exchange is a form POST to {iam}/identity/token without bearer, CRN or access token")
    func exchangeShape() async throws {
        let transport = ScriptedTransport()
        CloudFixtures.scriptTokens(transport)
        let key = "a+b/c=d&e f"
        _ = try await RuntimeService(configuration: CloudFixtures.configuration(transport, apiKey: key))
        #expect(transport.requests.count == 1)
        let exchange = try #require(transport.requests("POST", CloudFixtures.tokenPath).first)
        #expect(exchange.url == "https://iam.test/identity/token")
        #expect(exchange.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(exchange.bodyText == "grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=a%2Bb%2Fc%3Dd%26e%20f")
        for name in ["Authorization", "Service-CRN", "X-Access-Token", "IBM-API-Version"] {
            #expect(exchange.header(name) == nil, "\(name) must not be sent to IAM")
        }
    }

    @Test("the token is cached: many calls, one exchange")
    func caching() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        Self.scriptJob(transport)
        for _ in 0..<5 { _ = try await service.job("j1") }
        #expect(transport.requests("POST", CloudFixtures.tokenPath).count == 1)
        #expect(Self.bearers(transport) == Array(repeating: "Bearer iam-1", count: 5))
    }

    @Test("the token is renewed at 80 % of expires_in, on the injected clock")
    func renewalBeforeExpiry() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let service = try await CloudFixtures.service(transport, clock: clock, tokens: ["iam-1", "iam-2", "iam-3"])
        Self.scriptJob(transport)
        _ = try await service.job("j1")
        clock.advance(by: .seconds(2879))
        _ = try await service.job("j1")
        #expect(transport.requests("POST", CloudFixtures.tokenPath).count == 1)
        clock.advance(by: .seconds(2))
        _ = try await service.job("j1")
        _ = try await service.job("j1")
        #expect(transport.requests("POST", CloudFixtures.tokenPath).count == 2)
        #expect(Self.bearers(transport) == ["Bearer iam-1", "Bearer iam-1", "Bearer iam-2", "Bearer iam-2"])
        // The new token's lifetime counts from its own exchange.
        clock.advance(by: .seconds(2881))
        _ = try await service.job("j1")
        #expect(Self.bearers(transport).last == "Bearer iam-3")
    }

    @Test("a failed renewal keeps the old token until it expires, then fails")
    func renewalFailure() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let service = try await CloudFixtures.service(transport, clock: clock)
        Self.scriptJob(transport)
        transport.on("POST", CloudFixtures.tokenPath, status: 503, json: "{\"errorMessage\": \"IAM is down\"}")
        clock.advance(by: .seconds(3000))
        _ = try await service.job("j1")
        #expect(Self.bearers(transport) == ["Bearer iam-1"])
        // The renewal was tried as often as the retry policy allows (6 attempts), then given up.
        #expect(transport.requests("POST", CloudFixtures.tokenPath).count == 1 + 6)
        clock.advance(by: .seconds(700))
        do {
            _ = try await service.job("j1")
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == .httpStatus)
            #expect(error.statusCode == 503)
            #expect(error.message.contains("IAM is down"))
        }
        #expect(transport.requests("GET", Self.jobPath).count == 1)
    }

    @Test("a 5xx or 429 from IAM is retried with backoff (the exchange only mints a token); a 4xx is not")
    func exchangeRetries() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        transport.on("POST", CloudFixtures.tokenPath, replies: [
            .response(RuntimeHTTPResponse(status: 503, body: Array("{\"errorMessage\": \"busy\"}".utf8))),
            .response(RuntimeHTTPResponse(status: 429, headers: [("Retry-After", "2")])),
            .failure(HTTPTransportFailure(error: RuntimeError(.connectionClosed, "reset"), requestMayHaveBeenSent: true)),
            CloudFixtures.tokenReply("iam-1"),
        ])
        let service = try await RuntimeService(configuration: CloudFixtures.configuration(transport, clock: clock))
        #expect(transport.requests("POST", CloudFixtures.tokenPath).count == 4)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(2), .seconds(2)])
        Self.scriptJob(transport)
        _ = try await service.job("j1")
        #expect(Self.bearers(transport) == ["Bearer iam-1"])

        let refusing = ScriptedTransport()
        refusing.on("POST", CloudFixtures.tokenPath, status: 400, json: "{\"errorMessage\": \"bad key\"}")
        await #expect(throws: RuntimeError.self) {
            _ = try await RuntimeService(configuration: CloudFixtures.configuration(refusing))
        }
        #expect(refusing.requests("POST", CloudFixtures.tokenPath).count == 1)
    }

    @Test("concurrent callers share one renewal")
    func sharedRenewal() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let service = try await CloudFixtures.service(transport, clock: clock)
        Self.scriptJob(transport)
        let gate = Gate()
        transport.on("POST", CloudFixtures.tokenPath, .handler { _ in
            await gate.wait()
            return RuntimeHTTPResponse(status: 200, body: Array("{\"access_token\": \"iam-2\", \"expires_in\": 3600}".utf8))
        })
        clock.advance(by: .seconds(3000))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 { group.addTask { _ = try await service.job("j1") } }
            while await service.client.login.joiners < 9 { await Task.yield() }
            await gate.open()
            try await group.waitForAll()
        }
        #expect(transport.requests("POST", CloudFixtures.tokenPath).count == 2)
        #expect(Self.bearers(transport) == Array(repeating: "Bearer iam-2", count: 10))
    }

    @Test("a 401 from the service renews the token once and repeats the call")
    func renewalOn401() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport, tokens: ["iam-1", "iam-2"])
        transport.on("GET", Self.jobPath, .response(RuntimeHTTPResponse(status: 401)),
                     .response(RuntimeHTTPResponse(status: 200, body: Array(CloudFixtures.jobJSON("j1", status: "Queued").utf8))))
        let job = try await service.job("j1")
        #expect(Self.bearers(transport) == ["Bearer iam-1", "Bearer iam-2"])
        #expect(try await job.status() == .queued)
        #expect(Self.bearers(transport).last == "Bearer iam-2")
        #expect(transport.requests("POST", CloudFixtures.tokenPath).count == 2)
    }

    @Test("a second 401 after the renewal is final: exactly one renewal")
    func secondUnauthorized() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport, tokens: ["iam-1", "iam-2", "iam-3"])
        transport.on("GET", Self.jobPath, status: 401, json: "{\"errors\": [{\"code\": \"unauthorized\", \"message\": \"expired\"}]}")
        do {
            _ = try await service.job("j1")
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == .unauthorized)
            #expect(error.message.contains("expired (code unauthorized)"))
        }
        #expect(Self.bearers(transport) == ["Bearer iam-1", "Bearer iam-2"])
        #expect(transport.requests("POST", CloudFixtures.tokenPath).count == 2)
    }

    @Test("concurrent 401s share one renewal")
    func shared401() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport, tokens: ["iam-1", "iam-2", "iam-3"])
        let body = Array(CloudFixtures.jobJSON("j1", status: "Queued").utf8)
        transport.on("GET", Self.jobPath, .handler { request in
            RuntimeHTTPResponse(status: request.header("Authorization") == "Bearer iam-1" ? 401 : 200, body: body)
        })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 { group.addTask { _ = try await service.job("j1") } }
            try await group.waitForAll()
        }
        #expect(transport.requests("POST", CloudFixtures.tokenPath).count == 2)
    }

    @Test("the service URL comes from the CRN's region", arguments: [
        ("crn:v1:bluemix:public:quantum-computing:us-east:a/acct:inst::", "https://quantum.cloud.ibm.com/api/v1/jobs/j1"),
        ("crn:v1:bluemix:public:quantum-computing:eu-de:a/acct:inst::", "https://eu-de.quantum.cloud.ibm.com/api/v1/jobs/j1"),
        ("crn:v1:bluemix:public:quantum-computing:jp-tok:a/acct:inst::", "https://jp-tok.quantum.cloud.ibm.com/api/v1/jobs/j1"),
        ("CRN:v1:bluemix:public:quantum-computing:US-EAST:a/acct:inst::", "https://quantum.cloud.ibm.com/api/v1/jobs/j1"),
        ("  crn:v1:bluemix:public:quantum-computing:ca-tor:a/acct:inst  ", "https://ca-tor.quantum.cloud.ibm.com/api/v1/jobs/j1"),
    ])
    func region(_ crn: String, _ url: String) async throws {
        let transport = ScriptedTransport()
        CloudFixtures.scriptTokens(transport)
        let service = try await RuntimeService(configuration: CloudFixtures.configuration(transport, crn: crn))
        Self.scriptJob(transport)
        _ = try await service.job("j1")
        let get = try #require(transport.requests("GET", Self.jobPath).first)
        #expect(get.url == url + "?exclude_params=true")
        #expect(get.header("Service-CRN") == crn.filter { $0 != " " })
    }

    @Test("a malformed CRN or one without a region is .invalidConfiguration before any request", arguments: [
        "", "   ", "not-a-crn", "crn:v1:bluemix:public:quantum-computing",
        "crn:v1:bluemix:public:quantum-computing::a/acct:inst::", "urn:v1:bluemix:public:quantum-computing:us-east:a/x:y::",
        "crn:v1:bluemix:public:quantum-computing:eu de:a/x:y::", "crn:v1:bluemix:public:quantum-computing:evil.com/x:a/x:y::",
        "crn:v1:bluemix:public:quantum-computing:-bad:a/x:y::", "crn:v1:bluemix:public:quantum-computing:us-east:a/x:y::\r\nX-Evil: 1",
    ])
    func malformedCRN(_ crn: String) async {
        let transport = ScriptedTransport()
        CloudFixtures.scriptTokens(transport)
        do {
            _ = try await RuntimeService(configuration: CloudFixtures.configuration(transport, crn: crn))
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == .invalidConfiguration)
        } catch { Issue.record("unexpected \(error)") }
        #expect(transport.requests.isEmpty)
    }

    @Test("an explicit service URL is used verbatim, and loopback may be plain http (the emulator)")
    func overrides() async throws {
        let transport = ScriptedTransport()
        CloudFixtures.scriptTokens(transport)
        var configuration = CloudFixtures.configuration(transport)
        configuration.account = .ibmCloud(
            apiKey: "k", instanceCRN: "crn:v1:local:public:quantum-computing:::inst::", iamURL: "http://127.0.0.1:8124",
            serviceURL: "http://127.0.0.1:8123/api/v1/")
        let service = try await RuntimeService(configuration: configuration)
        #expect(transport.requests.first?.url == "http://127.0.0.1:8124/identity/token")
        Self.scriptJob(transport)
        _ = try await service.job("j1")
        #expect(transport.requests.last?.url == "http://127.0.0.1:8123/api/v1/jobs/j1?exclude_params=true")
        #expect(service.instance == nil)
    }

    @Test("an API key or token is never sent over plain http to a remote host unless allowed")
    func insecure() async throws {
        for (iam, serviceURL) in [("http://iam.example.com", "https://s.example.com/api/v1"),
                                  ("https://iam.example.com", "http://s.example.com/api/v1")] {
            let transport = ScriptedTransport()
            CloudFixtures.scriptTokens(transport)
            var configuration = CloudFixtures.configuration(transport)
            configuration.account = .ibmCloud(apiKey: "k", instanceCRN: CloudFixtures.crn, iamURL: iam, serviceURL: serviceURL)
            do {
                _ = try await RuntimeService(configuration: configuration)
                Issue.record("expected an error")
            } catch let error as RuntimeError {
                #expect(error.code == .insecureTransport)
            }
            #expect(transport.requests.isEmpty)
            configuration.allowInsecureTransport = true
            _ = try await RuntimeService(configuration: configuration)
            #expect(transport.requests.count == 1)
        }
    }

    @Test("a refused API key is .unauthorized with IAM's error text", arguments: [400, 401, 403])
    func iamRefusal(_ status: Int) async {
        let transport = ScriptedTransport()
        let body = """
            {"context": {"requestId": "r1"}, "errorCode": "BXNIM0415E", "errorMessage": "Provided API key could not be found."}
            """
        transport.on("POST", CloudFixtures.tokenPath, status: status, json: body)
        do {
            _ = try await RuntimeService(configuration: CloudFixtures.configuration(transport))
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == .unauthorized)
            #expect(error.statusCode == status)
            #expect(error.message == "IBM Cloud IAM token exchange failed: HTTP \(status): Provided API key could not be found. (code BXNIM0415E)")
            #expect(error.body == body)
        } catch { Issue.record("unexpected \(error)") }
        #expect(transport.requests.count == 1)
    }

    @Test("a token response without access_token is .invalidResponse; without expires_in the token lasts an hour")
    func tokenBodies() async throws {
        let transport = ScriptedTransport()
        transport.on("POST", CloudFixtures.tokenPath, json: "{\"token_type\": \"Bearer\", \"expires_in\": 3600}")
        await #expect(throws: RuntimeError.self) {
            _ = try await RuntimeService(configuration: CloudFixtures.configuration(transport))
        }
        let token = try IAMTokenExchange.parse(Array("{\"access_token\": \"t\"}".utf8), redactor: Redactor(secrets: []))
        #expect(token.lifetime == .seconds(3600))
        let wild = try IAMTokenExchange.parse(Array("{\"access_token\": \"t\", \"expires_in\": 1e300}".utf8),
                                              redactor: Redactor(secrets: []))
        #expect(wild.lifetime == .seconds(365 * 86_400))
    }

    @Test("logout forgets the IAM token without a request; the next call exchanges anew")
    func logout() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport, tokens: ["iam-1", "iam-2"])
        try await service.logout()
        #expect(transport.requests.count == 1)
        Self.scriptJob(transport)
        _ = try await service.job("j1")
        #expect(Self.bearers(transport) == ["Bearer iam-2"])
    }
}
