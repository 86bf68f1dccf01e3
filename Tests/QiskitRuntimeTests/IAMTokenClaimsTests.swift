import Testing
@testable import QiskitRuntime
import RuntimeWire

/// IAM access tokens are JWTs: their `exp` and `iat` give the lifetime when `expires_in` is
/// missing or disagrees. And the API key is sent to the service itself only when the user opts in.
@Suite("IBM Cloud account: JWT claims and the API-key fallback", .timeLimit(.minutes(1)))
struct IAMTokenClaimsTests {
    /// A token `header.payload.signature` with this payload, in base64url without padding.
    static func jwt(_ payload: String, header: String = #"{"alg": "RS256", "kid": "k1"}"#) -> String {
        func part(_ text: String) -> String {
            String(Base64.encode(Array(text.utf8)).compactMap { character -> Character? in
                switch character {
                case "+": return "-"
                case "/": return "_"
                case "=": return nil
                default: return character
                }
            })
        }
        return part(header) + "." + part(payload) + ".c2lnbmF0dXJl"
    }

    static func answer(_ token: String, fields: String) -> [UInt8] {
        Array(#"{"access_token": "\#(token)", "token_type": "Bearer"\#(fields)}"#.utf8)
    }

    @Test("a JWT's iat and exp are read; malformed tokens are opaque")
    func claims() {
        let token = JSONWebToken(Self.jwt(#"{"iat": 1700000000, "exp": 1700001200, "sub": "u", "iam_id": "i"}"#))
        #expect(token?.issuedAt == 1_700_000_000)
        #expect(token?.expiresAt == 1_700_001_200)
        #expect(token?.lifetime == .seconds(1200))
        // base64url characters (- and _) in the payload decode; the payload needs 0, 1 or 2 pads.
        for extra in ["", "x", "xy", "xyz", "?>?>"] {
            let padded = JSONWebToken(Self.jwt(#"{"iat": 10, "exp": 70, "n": "\#(extra)"}"#))
            #expect(padded?.lifetime == .seconds(60), "\(extra)")
        }
        #expect(JSONWebToken(Self.jwt(#"{"iat": 10.0, "exp": 20.0}"#))?.lifetime == .seconds(10))
        #expect(JSONWebToken(Self.jwt(#"{"iat": 20, "exp": 10}"#))?.lifetime == nil)
        #expect(JSONWebToken(Self.jwt(#"{"exp": 10}"#))?.lifetime == nil)
        #expect(JSONWebToken(Self.jwt(#"{"iat": 1, "exp": 9223372036854775807}"#)) != nil)
        for opaque in ["opaque-token", "a.b", "a.b.c.d", "x..y", "x.%%%.y", Self.jwt("[1, 2]"), Self.jwt("not json"),
                       "eyJhIjoxfQ==.eyJhIjoxfQ==.c2ln", "x.eyJpYXQiOjF9x.y"] {
            #expect(JSONWebToken(opaque) == nil, "\(opaque)")
        }
    }

    @Test("the lifetime: expires_in when the claims agree, the claims when it is missing or disagrees")
    func lifetime() throws {
        let redactor = Redactor(secrets: [])
        let token = Self.jwt(#"{"iat": 1700000000, "exp": 1700001200}"#)
        var parsed = try IAMTokenExchange.parse(Self.answer(token, fields: ""), redactor: redactor)
        #expect(parsed.lifetime == .seconds(1200))
        #expect(parsed.lifetimeSource == .tokenClaims)
        #expect(parsed.isJWT)
        parsed = try IAMTokenExchange.parse(Self.answer(token, fields: #", "expires_in": 3600"#), redactor: redactor)
        #expect(parsed.lifetime == .seconds(1200))
        #expect(parsed.lifetimeSource == .tokenClaims)
        parsed = try IAMTokenExchange.parse(Self.answer(token, fields: #", "expires_in": 1199"#), redactor: redactor)
        #expect(parsed.lifetime == .seconds(1199))
        #expect(parsed.lifetimeSource == .expiresIn)

        parsed = try IAMTokenExchange.parse(Self.answer("opaque", fields: #", "expires_in": 600"#), redactor: redactor)
        #expect(parsed.lifetime == .seconds(600))
        #expect(parsed.lifetimeSource == .expiresIn)
        #expect(!parsed.isJWT)
        parsed = try IAMTokenExchange.parse(Self.answer("opaque", fields: ""), redactor: redactor)
        #expect(parsed.lifetime == IAMTokenExchange.defaultLifetime)
        #expect(parsed.lifetimeSource == .assumed)
        parsed = try IAMTokenExchange.parse(Self.answer("opaque", fields: #", "expiration": 4102444800"#), redactor: redactor)
        #expect(parsed.lifetimeSource == .expiration)
    }

    @Test("renewal follows the token's own claims when expires_in overstates them")
    func renewalByClaims() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let first = Self.jwt(#"{"iat": 1700000000, "exp": 1700001000}"#)
        let second = Self.jwt(#"{"iat": 1700000800, "exp": 1700001800}"#)
        transport.on("POST", CloudFixtures.tokenPath, replies: [first, second].map {
            .response(RuntimeHTTPResponse(status: 200, body: Self.answer($0, fields: #", "expires_in": 3600"#)))
        })
        let service = try await RuntimeService(configuration: CloudFixtures.configuration(transport, clock: clock))
        CloudFixtures.jobs(transport, "j1", CloudFixtures.jobJSON("j1", status: "Running"))
        clock.advance(by: .seconds(799))
        _ = try await service.job("j1")
        #expect(transport.requests("POST", CloudFixtures.tokenPath).count == 1)
        clock.advance(by: .seconds(2))       // 80 % of the claims' 1000 s, not of expires_in
        _ = try await service.job("j1")
        #expect(transport.requests("POST", CloudFixtures.tokenPath).count == 2)
        #expect(transport.requests("GET", "/api/v1/jobs/j1").map { $0.header("Authorization") }
            == ["Bearer " + first, "Bearer " + second])
    }

    @Test("without the opt-in, a failed exchange is an error and the API key goes to IAM only")
    func noFallbackByDefault() async throws {
        let transport = ScriptedTransport()
        transport.on("POST", CloudFixtures.tokenPath, .response(RuntimeHTTPResponse(status: 503)))
        let configuration = CloudFixtures.configuration(transport)
        #expect(!configuration.allowsAPIKeyAuthorization)
        do {
            _ = try await RuntimeService(configuration: configuration)
            Issue.record("the service started without a token")
        } catch let error as RuntimeError {
            #expect(error.code == .httpStatus)
        }
        #expect(transport.requests.allSatisfy { ScriptedTransport.path(of: $0.url) == CloudFixtures.tokenPath })
    }

    @Test("with the opt-in, a failed exchange sends Authorization: apikey; IAM is tried again a minute later")
    func fallback() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let sink = LogSink()
        let failures = Array(repeating: ScriptedTransport.Reply.response(RuntimeHTTPResponse(status: 503)), count: 6)
        transport.on("POST", CloudFixtures.tokenPath, replies: failures + [CloudFixtures.tokenReply("iam-9")])
        var configuration = CloudFixtures.configuration(transport, clock: clock)
        configuration.allowsAPIKeyAuthorization = true
        configuration.logHandler = sink.handler
        let service = try await RuntimeService(configuration: configuration)
        CloudFixtures.jobs(transport, "j1", CloudFixtures.jobJSON("j1", status: "Running"))
        _ = try await service.job("j1")
        let fallback = try #require(transport.requests("GET", "/api/v1/jobs/j1").last)
        #expect(fallback.header("Authorization") == "apikey " + CloudFixtures.apiKey)
        #expect(fallback.header("Service-CRN") == CloudFixtures.crn)
        #expect(transport.requests("POST", CloudFixtures.tokenPath).count == 6)

        clock.advance(by: .seconds(61))
        _ = try await service.job("j1")
        #expect(transport.requests("POST", CloudFixtures.tokenPath).count == 7)
        #expect(transport.requests("GET", "/api/v1/jobs/j1").last?.header("Authorization") == "Bearer iam-9")
        #expect(sink.lines.contains { $0.level == .warning && $0.text.contains("allowsAPIKeyAuthorization") })
        #expect(!sink.lines.contains { $0.text.contains(CloudFixtures.apiKey) })
    }

    @Test("with the opt-in, a key IAM refuses is still refused: it is never sent to the service")
    func refusedKey() async throws {
        let transport = ScriptedTransport()
        transport.on("POST", CloudFixtures.tokenPath, status: 400, json: """
            {"errorCode": "BXNIM0415E", "errorMessage": "Provided API key could not be found."}
            """)
        var configuration = CloudFixtures.configuration(transport)
        configuration.allowsAPIKeyAuthorization = true
        do {
            _ = try await RuntimeService(configuration: configuration)
            Issue.record("a refused key started a service")
        } catch let error as RuntimeError {
            #expect(error.code == .unauthorized)
        }
        #expect(transport.requests.count == 1)
    }
}
