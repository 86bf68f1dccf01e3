import RuntimeIO
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

@Suite("v1 API: the local IAM token endpoint and the bearer/CRN checks")
struct V1AuthTests {
    @Test("a good key gets a Bearer token with expires_in and expiration on the emulator's clock")
    func goodKey() async throws {
        let h = V1Harness(lifetime: .seconds(1200))
        let reply = await h.tokenRequest("grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=\(V1Harness.apiKey)")
        #expect(reply.status == 200)
        #expect(reply.headers["Content-Type"] == "application/json")
        let json = try #require(reply.json)
        let token = try #require(json["access_token"]?.stringValue)
        #expect(!token.isEmpty)
        #expect(json["token_type"] == .string("Bearer"))
        #expect(json["expires_in"] == .integer(1200))
        // The manual clock starts at 2026-01-01T00:00:00Z = 1767225600.
        #expect(json["expiration"] == .integer(1_767_225_600 + 1200))
        #expect(json["refresh_token"]?.stringValue != nil)
        #expect(h.service.isValidBearerToken(token))
        #expect(h.service.iamTokenRequestCount == 1)
        let second = try await h.token()
        #expect(second != token)
        #expect(h.service.iamTokenRequestCount == 2)
    }

    @Test("a bad key is 400 with IAM's error body; the request is counted")
    func badKey() async throws {
        let h = V1Harness()
        let reply = await h.tokenRequest("grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=wrong")
        #expect(reply.status == 400)
        let json = try #require(reply.json)
        #expect(json["errorCode"] == .string("BXNIM0415E"))
        #expect(json["errorMessage"] == .string("Provided API key could not be found."))
        #expect(json["context"]?["requestType"] != nil)
        #expect(h.service.iamTokenRequestCount == 1)
    }

    @Test("form parsing: percent escapes, + as space, any field order, missing fields, content type")
    func formParsing() async throws {
        let key = "a+b&c=d e/é"
        let custom = V1Harness(apiKey: key)
        // Escaped key (as the SDK sends it), fields in reverse order, a spare field.
        let escaped = "apikey=a%2Bb%26c%3Dd+e%2F%C3%A9&response_type=cloud_iam&grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey"
        #expect(await custom.tokenRequest(escaped, contentType: "application/x-www-form-urlencoded; charset=utf-8").status == 200)
        // A raw `+` is a space: a different key.
        let unescaped = "grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=a+b"
        #expect(await custom.tokenRequest(unescaped).json?["errorCode"] == .string("BXNIM0415E"))
        let h = V1Harness()
        let missingKey = await h.tokenRequest("grant_type=urn:ibm:params:oauth:grant-type:apikey")
        #expect(missingKey.status == 400)
        #expect(missingKey.json?["errorCode"] == .string("BXNIM0109E"))
        let wrongGrant = await h.tokenRequest("grant_type=password&apikey=\(V1Harness.apiKey)")
        #expect(wrongGrant.status == 400)
        #expect(wrongGrant.json?["errorCode"] == .string("BXNIM0104E"))
        let json = await h.tokenRequest(#"{"grant_type": "x", "apikey": "y"}"#, contentType: "application/json")
        #expect(json.status == 400)
        #expect(await h.tokenRequest("grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=\(V1Harness.apiKey)", contentType: nil).status == 400)
        let get = await h.send("GET", "/identity/token", headers: [])
        #expect(get.status == 405)
        #expect(get.headers["Allow"] == "POST")
        #expect(await h.send("POST", "/identity/other", headers: []).status == 404)
    }

    @Test("missing, malformed, unknown, revoked and expired bearer tokens are 401; the CRN is checked after")
    func bearerAndCRN() async throws {
        let h = V1Harness(lifetime: .seconds(10))
        let token = try await h.token()
        #expect(await h.v1("GET", "/jobs", token: token).status == 200)
        let missing = await h.v1("GET", "/jobs", token: nil)
        #expect(missing.status == 401)
        #expect(missing.json?["errors"]?.arrayValue?.first?["code"] == .string("unauthorized"))
        #expect(missing.headers["WWW-Authenticate"] == "Bearer")
        #expect(await h.v1("GET", "/jobs", token: "not-issued").status == 401)
        let basic = await h.send("GET", "/api/v1/jobs", headers: [("Authorization", "Basic \(token)"), ("Service-CRN", V1Harness.crn)])
        #expect(basic.status == 401)
        let lowercase = await h.send("GET", "/api/v1/jobs", headers: [("Authorization", "bearer \(token)"), ("Service-CRN", V1Harness.crn)])
        #expect(lowercase.status == 200)
        // The legacy access-token header is not an authentication of the v1 API.
        let legacy = await h.send("GET", "/api/v1/jobs", headers: [("X-Access-Token", token), ("Service-CRN", V1Harness.crn)])
        #expect(legacy.status == 401)
        // A bad token with a bad CRN: 401 first (renewing is what helps).
        #expect(await h.v1("GET", "/jobs", token: "nope", crn: "crn:other").status == 401)
        let noCRN = await h.v1("GET", "/jobs", token: token, crn: nil)
        #expect(noCRN.status == 403)
        #expect(noCRN.json?["errors"]?.arrayValue?.first?["code"] == .string("forbidden"))
        #expect(await h.v1("GET", "/jobs", token: token, crn: "crn:v1:bluemix:public:quantum-computing:eu-de:a/x:y::").status == 403)
        #expect(h.service.v1UnauthorizedCount == 5)
        // Expiry on the emulator's clock: valid until the last microsecond, 401 from then on.
        h.advance(seconds: 9.999999)
        #expect(await h.v1("GET", "/jobs", token: token).status == 200)
        h.advance(seconds: 0.000001)
        #expect(await h.v1("GET", "/jobs", token: token).status == 401)
        #expect(!h.service.isValidBearerToken(token))
        let fresh = try await h.token()
        #expect(await h.v1("GET", "/jobs", token: fresh).status == 200)
        h.service.revokeIAMTokens()
        #expect(await h.v1("GET", "/jobs", token: fresh).status == 401)
        #expect(h.service.v1UnauthorizedCount == 7)
    }

    @Test("Authorization: apikey <key> is accepted in place of a token, unless the instance refuses that form")
    func apiKeyAuthorization() async throws {
        let h = V1Harness()
        let good = await h.send("GET", "/api/v1/jobs", headers: [("Authorization", "apikey \(V1Harness.apiKey)"), ("Service-CRN", V1Harness.crn)])
        #expect(good.status == 200)
        let scheme = await h.send("GET", "/api/v1/jobs", headers: [("Authorization", "ApiKey \(V1Harness.apiKey)"), ("Service-CRN", V1Harness.crn)])
        #expect(scheme.status == 200, "the scheme is case-insensitive")
        for bad in ["apikey wrong", "apikey \(V1Harness.apiKey)x", "apikey", "Bearer \(V1Harness.apiKey)", "apikey  "] {
            let reply = await h.send("GET", "/api/v1/jobs", headers: [("Authorization", bad), ("Service-CRN", V1Harness.crn)])
            #expect(reply.status == 401, "\(bad.count) characters")
        }
        let noCRN = await h.send("GET", "/api/v1/jobs", headers: [("Authorization", "apikey \(V1Harness.apiKey)")])
        #expect(noCRN.status == 403, "the CRN is still required")

        var configuration = h.service.configuration
        configuration.acceptsAPIKeyAuthorization = false
        let strict = EmulatorService(configuration: configuration)
        var fields = HTTPHeaders()
        fields.add("Host", "127.0.0.1:8080")
        fields.add("Authorization", "apikey \(V1Harness.apiKey)")
        fields.add("Service-CRN", V1Harness.crn)
        guard case .respond(let refused) = await strict.handle(HTTPServerRequest(method: "GET", target: "/api/v1/jobs", headers: fields, body: [])) else {
            Issue.record("not a plain response")
            return
        }
        #expect(refused.status == 401)
    }

    @Test("the v1 API ignores legacy access tokens and the legacy API ignores bearer tokens")
    func separateAuthentications() async throws {
        let h = V1Harness()
        let token = try await h.token()
        let legacy = await h.send("GET", "/runtime/jobs", headers: [("Authorization", "Bearer \(token)")])
        #expect(legacy.status == 401)
        #expect(h.service.lastV1Request == nil)
        _ = await h.v1("GET", "/jobs?limit=1", token: token)
        let recorded = try #require(h.service.lastV1Request)
        #expect(recorded.method == "GET")
        #expect(recorded.target == "/api/v1/jobs?limit=1")
        #expect(recorded.header("authorization") == "Bearer \(token)")
        #expect(recorded.header("Service-CRN") == V1Harness.crn)
        #expect(recorded.header("IBM-API-Version") == "2026-04-15")
    }
}
