import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

@Suite("Access tokens on the runtime API")
struct AuthTests {
    static let runtimeRequests: [(String, String)] = [
        ("POST", "/runtime/jobs"), ("GET", "/runtime/jobs"), ("GET", "/runtime/jobs/x"),
        ("DELETE", "/runtime/jobs/x"), ("GET", "/runtime/jobs/x/results"), ("GET", "/runtime/jobs/x/logs"),
        ("POST", "/runtime/jobs/x/cancel"), ("GET", "/runtime/jobs/x/interim_results"),
        ("GET", "/runtime/jobs/x/metrics"), ("PUT", "/runtime/jobs/x/tags"), ("GET", "/runtime/programs"),
        ("GET", "/runtime/programs/hello-world"), ("POST", "/runtime/logout"), ("GET", "/runtime/stream/jobs/x"),
    ]

    @Test("every runtime endpoint refuses a wrong or missing token with the errors body")
    func wrongToken() async throws {
        let h = EmulatorHarness()
        for (method, path) in Self.runtimeRequests {
            for token in ["wrong", nil] as [String?] {
                let reply = await h.request(method, path, body: "{}", token: token)
                #expect(reply.status == 401, "\(method) \(path)")
                let json = try #require(reply.json)
                let error = try #require(json["errors"]?.arrayValue?.first)
                #expect(error["code"] == .string("unauthorized"))
                #expect(error["message"]?.stringValue?.isEmpty == false)
                #expect(error["more_info"]?.stringValue?.isEmpty == false)
                #expect(json["trace"]?.stringValue?.isEmpty == false)
            }
        }
    }

    @Test("logout revokes an issued token; configured tokens stay valid")
    func logout() async throws {
        let h = EmulatorHarness()
        let login = await h.request("POST", "/api/users/loginWithToken", body: #"{"apiToken": "test-api-token"}"#, token: nil)
        let token = try #require(login.json?["id"]?.stringValue)
        #expect(h.service.isValidAccessToken(token))
        #expect(await h.request("POST", "/runtime/logout", token: token).status == 204)
        #expect(!h.service.isValidAccessToken(token))
        #expect(await h.request("GET", "/runtime/jobs", token: token).status == 401)
        #expect(await h.request("POST", "/runtime/logout").status == 204)
        #expect(await h.request("GET", "/runtime/jobs").status == 200)
        #expect(!h.service.isValidAccessToken(nil))
        #expect(!h.service.isValidAccessToken(""))
    }
}
