import RuntimeIO
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

@Suite("Legacy login and discovery (/api)")
struct DiscoveryTests {
    @Test("GET /api/version needs no token and names api-auth")
    func version() async throws {
        let h = EmulatorHarness()
        let reply = await h.request("GET", "/api/version", token: nil)
        #expect(reply.status == 200)
        let json = try #require(reply.json)
        #expect(json["new_api"] == .bool(true))
        #expect(json["api-auth"]?.stringValue != nil)
    }

    @Test("loginWithToken issues an access token that the runtime API accepts")
    func loginIssuesToken() async throws {
        let h = EmulatorHarness()
        let reply = await h.request(
            "POST", "/api/users/loginWithToken", body: #"{"apiToken": "test-api-token"}"#, token: nil)
        #expect(reply.status == 200)
        let json = try #require(reply.json)
        let token = try #require(json["id"]?.stringValue)
        #expect(token.count == 64)
        #expect(json["ttl"] == .integer(1_209_600))
        #expect(isISOMicros(json["created"]?.stringValue))
        #expect(json["userId"]?.stringValue != nil)
        let jobs = await h.request("GET", "/runtime/jobs", token: token)
        #expect(jobs.status == 200)
    }

    @Test("a bad API token gets 401 with the legacy error body")
    func loginRefused() async throws {
        let h = EmulatorHarness()
        for body in [#"{"apiToken": "wrong"}"#, "not json", "{}"] {
            let reply = await h.request("POST", "/api/users/loginWithToken", body: body, token: nil)
            #expect(reply.status == 401)
            let error = try #require(reply.json?["error"])
            #expect(error["name"] == .string("AUTHORIZATION_REQUIRED"))
            #expect(error["message"] == .string("Login failed."))
            #expect(error["code"] == .integer(401))
            #expect(error["statusCode"] == .integer(401))
        }
    }

    @Test("users/me gives the http, ws and runtime URLs from the Host header")
    func userInfo() async throws {
        let h = EmulatorHarness()
        let reply = await h.request("GET", "/api/users/me")
        #expect(reply.status == 200)
        let urls = try #require(reply.json?["urls"])
        #expect(urls["http"] == .string("http://127.0.0.1:8080/api"))
        #expect(urls["ws"] == .string("ws://127.0.0.1:8080/api/ws"))
        #expect(urls["services"]?["runtime"] == .string("http://127.0.0.1:8080/runtime"))
    }

    @Test("users/me uses publicBaseURL when configured")
    func userInfoPublicBase() async throws {
        let service = EmulatorService(configuration: EmulatorConfiguration(
            accessTokens: ["t"], clock: .manual(), publicBaseURL: "https://emu.example:9443/"))
        let h = EmulatorHarness.Wrapped(service: service)
        let reply = await h.request("GET", "/api/users/me", token: "t")
        let urls = try #require(reply.json?["urls"])
        #expect(urls["http"] == .string("https://emu.example:9443/api"))
        #expect(urls["ws"] == .string("wss://emu.example:9443/api/ws"))
        #expect(urls["services"]?["runtime"] == .string("https://emu.example:9443/runtime"))
    }

    @Test("Network lists the single hub/group/project, all default")
    func network() async throws {
        let h = EmulatorHarness()
        let reply = await h.request("GET", "/api/Network")
        #expect(reply.status == 200)
        let hub = try #require(reply.json?.arrayValue?.first)
        #expect(hub["name"] == .string("ibm-q"))
        #expect(hub["isDefault"] == .bool(true))
        let project = hub["groups"]?["open"]?["projects"]?["main"]
        #expect(project?["name"] == .string("main"))
        #expect(project?["isDefault"] == .bool(true))
    }

    @Test("devices of the project include ibmq_qasm_simulator with the required fields")
    func devices() async throws {
        let h = EmulatorHarness()
        let reply = await h.request("GET", "/api/Network/ibm-q/Groups/open/Projects/main/devices/v/1")
        #expect(reply.status == 200)
        let backend = try #require(reply.json?.arrayValue?.first)
        #expect(backend["backend_name"] == .string("ibmq_qasm_simulator"))
        for key in ["backend_version", "n_qubits", "basis_gates", "gates", "local", "simulator", "conditional",
                    "open_pulse", "memory", "max_shots", "max_experiments", "coupling_map", "online_date", "input_allowed"] {
            #expect(backend[key] != nil, "missing \(key)")
        }
        #expect(backend["input_allowed"]?.arrayValue?.contains(.string("runtime")) == true)
        let other = await h.request("GET", "/api/Network/x/Groups/open/Projects/main/devices/v/1")
        #expect(other.status == 404)
        #expect(other.json?["error"]?["name"] == .string("NOT_FOUND"))
    }

    @Test("legacy endpoints need a valid token and answer 401 with the legacy body")
    func legacyAuth() async throws {
        let h = EmulatorHarness()
        for path in ["/api/users/me", "/api/Network", "/api/Network/ibm-q/Groups/open/Projects/main/devices/v/1"] {
            let reply = await h.request("GET", path, token: "nope")
            #expect(reply.status == 401)
            #expect(reply.json?["error"]?["statusCode"] == .integer(401))
        }
    }

    @Test("unknown paths give 404, wrong methods 405; /api/v1 wants a bearer token, not X-Access-Token")
    func unknownRoutes() async throws {
        let h = EmulatorHarness()
        #expect(await h.request("GET", "/api/v1/jobs").status == 401)
        // Authentication comes before routing under /api/v1: no bearer token, 401 even for a path that does not exist.
        #expect(await h.request("GET", "/api/v1/nothing").status == 401)
        #expect(await h.request("GET", "/nowhere").status == 404)
        #expect(await h.request("GET", "/runtime/jobs/x/whatever").status == 404)
        let wrong = await h.request("PATCH", "/runtime/jobs")
        #expect(wrong.status == 405)
        #expect(wrong.headers["Allow"] == "GET, POST")
        #expect(await h.request("POST", "/api/version", token: nil).status == 405)
    }
}

extension EmulatorHarness {
    /// A harness over an existing service (for custom configurations).
    struct Wrapped {
        let service: EmulatorService

        func request(_ method: String, _ target: String, body: String? = nil, token: String?) async -> Reply {
            var headers = HTTPHeaders()
            headers.add("Host", "127.0.0.1:8080")
            if let token { headers.add("X-Access-Token", token) }
            let request = HTTPServerRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8))
            switch await service.handle(request) {
            case .respond(let response), .upgrade(let response, _):
                return Reply(status: response.status, headers: response.headers, body: response.body)
            case .stream(let response, let produce):
                let body = (try? await HTTPResponseBodyWriter.collect(produce)) ?? []
                return Reply(status: response.status, headers: response.headers, body: body)
            }
        }
    }
}
