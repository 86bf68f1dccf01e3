import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

@Suite("v1 API over HTTP: JWT access tokens, authentication before routing", .timeLimit(.minutes(2)))
struct V1PlatformAuthTests {
    /// The JSON of a base64url part (padding added back).
    static func decodePart(_ part: Substring) throws -> JSONValue {
        var text = part.map { $0 == "-" ? "+" : $0 == "_" ? "/" : String($0) }.joined()
        while text.count % 4 != 0 { text += "=" }
        return try JSONParser.parse(try Base64.decode(text))
    }

    @Test("the access token is a JWT whose payload has integer iat and exp matching expires_in and expiration")
    func jwt() async throws {
        try await V1HTTPHarness.with({ $0.iamTokenLifetime = .seconds(1200) }) { h in
            let reply = try await h.send(
                "POST", "/identity/token", body: "grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=\(V1HTTPHarness.apiKey)",
                headers: [("Content-Type", "application/x-www-form-urlencoded")])
            let json = try #require(reply.json)
            let token = try #require(json["access_token"]?.stringValue)
            let parts = token.split(separator: ".", omittingEmptySubsequences: false)
            #expect(parts.count == 3)
            for part in parts {
                #expect(!part.isEmpty && part.allSatisfy { c in c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_") })
            }
            let header = try Self.decodePart(parts[0])
            #expect(header["alg"]?.stringValue != nil)
            let payload = try Self.decodePart(parts[1])
            let iat = try #require(payload["iat"]?.integerValue)
            let exp = try #require(payload["exp"]?.integerValue)
            #expect(iat == 1_767_225_600)   // the manual clock's start
            #expect(exp == iat + 1200)
            #expect(json["expires_in"] == .integer(1200))
            #expect(json["expiration"] == .integer(exp))
            #expect(json["token_type"] == .string("Bearer"))
            #expect(json["refresh_token"]?.stringValue?.isEmpty == false)
            #expect(payload["sub"]?.stringValue != nil && payload["iam_id"]?.stringValue != nil)
            // Two tokens differ (jti and signature).
            #expect(try await h.token() != token)
            #expect(try await h.v1("GET", "/backends", token: token).status == 200)
        }
    }

    @Test("every /api/v1 path answers 401 without a good bearer token and 403 with a wrong CRN, existing or not")
    func authenticationFirst() async throws {
        try await V1HTTPHarness.with { h in
            let token = try await h.token()
            let paths = [("GET", "/nothing/here"), ("GET", "/backends"), ("POST", "/sessions"), ("GET", "/jobs/x/y/z"),
                         ("PATCH", "/backends"), ("GET", "/programs"), ("GET", "")]
            for (method, path) in paths {
                let missing = try await h.v1(method, path, token: nil)
                #expect(missing.status == 401, "\(method) \(path)")
                #expect(missing.headers["WWW-Authenticate"] == "Bearer")
                #expect(missing.errorCode == .string("unauthorized"))
                #expect(try await h.v1(method, path, token: "eyJ.bad.token").status == 401, "\(method) \(path)")
                let wrongCRN = try await h.v1(method, path, token: token, crn: "crn:v1:bluemix:public:quantum-computing:eu-de:a/x:y::")
                #expect(wrongCRN.status == 403, "\(method) \(path)")
                #expect(try await h.v1(method, path, token: token, crn: nil).status == 403, "\(method) \(path)")
            }
            // Only then does routing answer.
            #expect(try await h.v1("GET", "/nothing/here", token: token).status == 404)
            #expect(try await h.v1("GET", "/programs", token: token).status == 404)
            let wrongMethod = try await h.v1("PATCH", "/backends", token: token)
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.headers["Allow"] == "GET")
            #expect(h.service.v1UnauthorizedCount == 2 * paths.count)
        }
    }
}
