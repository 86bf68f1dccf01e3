import Testing
@testable import QiskitRuntime

@Suite("RuntimeService over a scripted transport", .timeLimit(.minutes(1)))
struct RuntimeServiceTests {
    static let authURL = "https://auth.test/api"

    /// Scripts the legacy login flow of PROTOCOL §1.5 with these access tokens in turn.
    static func scriptLogin(_ transport: ScriptedTransport, tokens: [String] = ["access-1"]) {
        transport.on("POST", "/api/users/loginWithToken", replies: tokens.map {
            .response(RuntimeHTTPResponse(status: 200, body: Array("{\"id\": \"\($0)\", \"ttl\": 1209600, \"userId\": \"u\"}".utf8)))
        })
        transport.on("GET", "/api/users/me", json: """
            {"id": "u", "urls": {"http": "https://api.test/api", "ws": "wss://api.test/api/ws", \
            "services": {"runtime": "https://runtime.test/"}}}
            """)
        transport.on("GET", "/api/Network", json: """
            [{"name": "other", "isDefault": false, "groups": {}}, \
            {"name": "ibm-q", "isDefault": true, "groups": {"open": {"name": "open", "isDefault": true, \
            "projects": {"main": {"name": "main", "isDefault": true}}}}}]
            """)
    }

    static func legacyConfiguration(_ transport: ScriptedTransport, clock: ManualClock = ManualClock()) -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration(account: .legacyToken("api-token-1", authURL: authURL), transport: transport)
        configuration.clock = clock
        configuration.random = { 0 }
        return configuration
    }

    @Test("legacy login: loginWithToken, users/me, default instance from /Network")
    func legacyLogin() async throws {
        let transport = ScriptedTransport()
        Self.scriptLogin(transport)
        let service = try await RuntimeService(configuration: Self.legacyConfiguration(transport))
        #expect(service.instance == .init(hub: "ibm-q", group: "open", project: "main"))
        let login = try #require(transport.requests("POST", "/api/users/loginWithToken").first)
        #expect(login.url == "https://auth.test/api/users/loginWithToken")
        #expect(login.bodyText == "{\"apiToken\": \"api-token-1\"}")
        #expect(login.header("X-Access-Token") == nil)
        let me = try #require(transport.requests("GET", "/api/users/me").first)
        #expect(me.header("X-Access-Token") == "access-1")
        #expect(transport.requests("GET", "/api/Network").first?.url == "https://api.test/api/Network")

        transport.on("GET", "/jobs/j1", json: Fixtures.jobJSON("j1", status: "Running"))
        let job = try await service.job("j1")
        let get = try #require(transport.requests("GET", "/jobs/j1").first)
        #expect(get.url == "https://runtime.test/jobs/j1?exclude_params=true")
        #expect(get.header("X-Access-Token") == "access-1")
        #expect(get.header("X-Qx-Client-Application") == "qiskit-runtime-swift/0.1")
        #expect(job.programID == "hello-world")
        #expect(job.backend == "ibmq_qasm_simulator")
    }

    @Test("a 5xx from the legacy login is retried (a login only mints a token)")
    func loginRetried() async throws {
        let transport = ScriptedTransport()
        Self.scriptLogin(transport)
        transport.on("POST", "/api/users/loginWithToken", replies: [
            .response(RuntimeHTTPResponse(status: 503)),
            .response(RuntimeHTTPResponse(status: 200, body: Array("{\"id\": \"access-2\", \"ttl\": 1209600}".utf8))),
        ])
        let clock = ManualClock()
        _ = try await RuntimeService(configuration: Self.legacyConfiguration(transport, clock: clock))
        #expect(transport.requests("POST", "/api/users/loginWithToken").count == 2)
        #expect(clock.sleeps == [.milliseconds(500)])
        #expect(transport.requests("GET", "/api/users/me").first?.header("X-Access-Token") == "access-2")
    }

    @Test("a refused login is .unauthorized with the legacy error message")
    func refusedLogin() async {
        let transport = ScriptedTransport()
        transport.on("POST", "/api/users/loginWithToken", status: 401, json: """
            {"error": {"name": "AUTHORIZATION_REQUIRED", "message": "Login failed.", "code": 401, "statusCode": 401}}
            """)
        do {
            _ = try await RuntimeService(configuration: Self.legacyConfiguration(transport))
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == .unauthorized)
            #expect(error.statusCode == 401)
            #expect(error.message.contains("Login failed. (code 401)"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test("no runtime service in users/me is .unauthorized")
    func noRuntime() async {
        let transport = ScriptedTransport()
        Self.scriptLogin(transport)
        transport.on("GET", "/api/users/me", json: "{\"urls\": {\"http\": \"https://api.test/api\", \"services\": {}}}")
        await #expect(throws: RuntimeError(.unauthorized, "You are not authorized to use the runtime service.")) {
            _ = try await RuntimeService(configuration: Self.legacyConfiguration(transport))
        }
    }

    @Test("a 401 logs in again once and repeats the call with the new token")
    func reloginOn401() async throws {
        let transport = ScriptedTransport()
        Self.scriptLogin(transport, tokens: ["access-1", "access-2"])
        let service = try await RuntimeService(configuration: Self.legacyConfiguration(transport))
        transport.on("GET", "/jobs/j1", .response(RuntimeHTTPResponse(status: 401)),
                     .response(RuntimeHTTPResponse(status: 200, body: Array(Fixtures.jobJSON("j1", status: "Queued").utf8))))
        _ = try await service.job("j1")
        let gets = transport.requests("GET", "/jobs/j1")
        #expect(gets.map { $0.header("X-Access-Token") } == ["access-1", "access-2"])
        #expect(transport.requests("POST", "/api/users/loginWithToken").count == 2)
    }

    @Test("a second 401 after the re-login is final")
    func secondUnauthorized() async throws {
        let transport = ScriptedTransport()
        Self.scriptLogin(transport, tokens: ["access-1", "access-2"])
        let service = try await RuntimeService(configuration: Self.legacyConfiguration(transport))
        transport.on("GET", "/jobs/j1", status: 401, json: "{\"errors\": [{\"code\": \"unauthorized\", \"message\": \"bad token\"}]}")
        do {
            _ = try await service.job("j1")
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == .unauthorized)
            #expect(error.message.contains("bad token (code unauthorized)"))
        }
        #expect(transport.requests("GET", "/jobs/j1").count == 2)
        #expect(transport.requests("POST", "/api/users/loginWithToken").count == 2)
    }

    @Test("concurrent 401s share one re-login")
    func sharedRelogin() async throws {
        let transport = ScriptedTransport()
        Self.scriptLogin(transport, tokens: ["access-1", "access-2", "access-3"])
        let service = try await RuntimeService(configuration: Self.legacyConfiguration(transport))
        let body = Array(Fixtures.jobJSON("j1", status: "Queued").utf8)
        transport.on("GET", "/jobs/j1", .handler { request in
            RuntimeHTTPResponse(status: request.header("X-Access-Token") == "access-1" ? 401 : 200, body: body)
        })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 { group.addTask { _ = try await service.job("j1") } }
            try await group.waitForAll()
        }
        #expect(transport.requests("POST", "/api/users/loginWithToken").count == 2)
    }

    @Test("a caller joining a re-login whose owner is cancelled logs in anew instead of failing")
    func reloginOwnerCancelled() async throws {
        let transport = ScriptedTransport()
        Self.scriptLogin(transport)
        let service = try await RuntimeService(configuration: Self.legacyConfiguration(transport))
        transport.on("POST", "/api/users/loginWithToken", .hang,
                     .response(RuntimeHTTPResponse(status: 200, body: Array("{\"id\": \"access-3\"}".utf8))))
        let body = Array(Fixtures.jobJSON("j1", status: "Queued").utf8)
        transport.on("GET", "/jobs/j1", .handler { request in
            RuntimeHTTPResponse(status: request.header("X-Access-Token") == "access-1" ? 401 : 200, body: body)
        })
        let owner = Task { try await service.job("j1") }
        while transport.requests("POST", "/api/users/loginWithToken").count < 2 { await Task.yield() }
        let joiner = Task { try await service.job("j1") }
        while await service.client.login.joiners < 1 { await Task.yield() }
        owner.cancel()
        await #expect(throws: CancellationError.self) { _ = try await owner.value }
        #expect(try await joiner.value.jobID == "j1")
        #expect(transport.requests("GET", "/jobs/j1").last?.header("X-Access-Token") == "access-3")
    }

    @Test("an access-token account does not log in and a 401 is final")
    func accessTokenAccount() async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        #expect(transport.requests.isEmpty)
        transport.on("GET", "/jobs/j1", status: 401, json: "{}")
        await #expect(throws: RuntimeError.self) { _ = try await service.job("j1") }
        #expect(transport.requests.count == 1)
    }

    @Test("run sends exactly the §2.3.1 body and returns the job")
    func run() async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        transport.on("POST", "/jobs", json: "{\"id\": \"job123\"}")
        let job = try await service.run(program: "hello-world", backend: "ibmq_qasm_simulator", inputs: ["iterations": 3])
        #expect(job.jobID == "job123")
        #expect(job.programID == "hello-world")
        #expect(job.backend == "ibmq_qasm_simulator")
        let post = try #require(transport.requests("POST", "/jobs").first)
        #expect(post.bodyText == """
            {"program_id": "hello-world", "hub": "h1", "group": "g1", "project": "p1", \
            "backend": "ibmq_qasm_simulator", "params": {"iterations": 3}, "runtime": null}
            """)
        #expect(post.header("X-Access-Token") == "access-token-1")

        _ = try await service.run(program: "p", backend: "b", options: RunOptions(image: "img:1", logLevel: "INFO"))
        #expect(transport.requests("POST", "/jobs").last?.bodyText == """
            {"program_id": "p", "hub": "h1", "group": "g1", "project": "p1", "backend": "b", "params": {}, \
            "runtime": "img:1", "log_level": "INFO"}
            """)

        // The Python client's checks, before any request.
        let posts = transport.requests("POST", "/jobs").count
        for image in ["img", "img:", ":1", "a//b:1", "a/b:1/2", "a b:1", "a:b:c", "é:1", "a-:1"] {
            await #expect(throws: RuntimeError(.invalidArgument, "\"image\" needs to be in form of image_name:tag"), "\(image)") {
                _ = try await service.run(program: "p", backend: "b", options: RunOptions(image: image))
            }
        }
        await #expect(throws: RuntimeError(
            .invalidArgument,
            "LOUD is not a valid log level. The valid log levels are: `DEBUG`, `INFO`, `WARNING`, `ERROR`, and `CRITICAL`.")) {
            _ = try await service.run(program: "p", backend: "b", options: RunOptions(logLevel: "LOUD"))
        }
        #expect(transport.requests("POST", "/jobs").count == posts)
        for image in ["qiskit/runtime:1.2-rc_3", "a.b-c_d/e:f", "x:y"] {
            _ = try await service.run(program: "p", backend: "b", options: RunOptions(image: image, logLevel: "debug"))
        }
        #expect(transport.requests("POST", "/jobs").count == posts + 3)
        #expect(transport.requests("POST", "/jobs").last?.bodyText.contains(#""log_level": "debug""#) == true)
    }

    @Test("run encodes tagged inputs with RuntimeEncoder")
    func runTagged() async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        transport.on("POST", "/jobs", json: "{\"id\": \"job123\"}")
        let job = try await service.run(program: "sample-program", backend: "b", inputs: ["x": .complex(Complex(1, 2))])
        #expect(transport.requests.first?.bodyText.contains(
            "\"params\": {\"x\": {\"__type__\": \"complex\", \"__value__\": [1.0, 2.0]}}") == true)
        #expect(try await job.inputs() == ["x": .complex(Complex(1, 2))])
    }

    @Test("run needs a backend and object inputs")
    func runValidation() async throws {
        let service = try await Fixtures.service(ScriptedTransport())
        await #expect(throws: RuntimeError.self) { _ = try await service.run(program: "p") }
        await #expect(throws: RuntimeError.self) { _ = try await service.run(program: "p", backend: "b", inputs: [1, 2]) }
    }

    @Test("POST /jobs is not retried after a 5xx or a connection failure once sent")
    func runNotRetried() async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        transport.on("POST", "/jobs", status: 503, json: "{\"errors\": [{\"code\": \"service_unavailable\", \"message\": \"down\"}]}")
        await #expect(throws: RuntimeError.self) { _ = try await service.run(program: "p", backend: "b") }
        #expect(transport.requests("POST", "/jobs").count == 1)
        transport.on("POST", "/jobs", .failure(HTTPTransportFailure(
            error: RuntimeError(.connectionClosed, "reset"), requestMayHaveBeenSent: true)))
        await #expect(throws: RuntimeError(.connectionClosed, "reset")) { _ = try await service.run(program: "p", backend: "b") }
        #expect(transport.requests("POST", "/jobs").count == 2)
    }

    @Test("error statuses map to codes with status and body, both body shapes", arguments: [
        (400, RuntimeError.Code.httpStatus), (401, .unauthorized), (403, .httpStatus), (404, .notFound),
        (409, .httpStatus), (500, .httpStatus), (503, .httpStatus),
    ])
    func errorStatuses(_ status: Int, _ code: RuntimeError.Code) async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        let runtimeBody = "{\"errors\": [{\"code\": \"c\(status)\", \"message\": \"m\(status)\", \"more_info\": \"x\"}], \"trace\": \"t\"}"
        transport.on("GET", "/jobs/x", status: status, json: runtimeBody)
        do {
            _ = try await service.job("x")
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == code)
            #expect(error.statusCode == status)
            #expect(error.body == runtimeBody)
            #expect(error.message.hasSuffix("HTTP \(status): m\(status) (code c\(status))"))
        }
        let legacyBody = "{\"error\": {\"code\": \"JOB_NOT_FOUND\", \"message\": \"not found\"}}"
        transport.on("DELETE", "/jobs/y", status: status, json: legacyBody)
        do {
            try await service.deleteJob("y")
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == code)
            #expect(error.message.hasSuffix("not found (code JOB_NOT_FOUND)"))
            #expect(error.body == legacyBody)
        }
    }

    @Test("idempotent calls retry 5xx inside the deadline; the final error keeps the status")
    func retriesExhausted() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let service = try await Fixtures.service(transport, clock: clock)
        transport.on("GET", "/jobs/x", status: 502, json: "oops")
        do {
            _ = try await service.job("x")
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == .httpStatus)
            #expect(error.statusCode == 502)
            #expect(error.body == "oops")
        }
        #expect(transport.requests.count == 6)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8)])
    }

    @Test("malformed bodies are .invalidResponse", arguments: ["", "not json", "{\"jobs\": 3}", "[1]", "{\"id\": 5}"])
    func malformed(_ body: String) async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        transport.on("GET", "/jobs/x", json: body)
        transport.on("GET", "/jobs", json: body)
        transport.on("POST", "/jobs", json: body)
        for operation in [
            { _ = try await service.job("x") },
            { for try await _ in service.jobs() {} },
            { _ = try await service.run(program: "p", backend: "b") },
        ] as [@Sendable () async throws -> Void] {
            do {
                try await operation()
                Issue.record("expected an error")
            } catch let error as RuntimeError {
                #expect(error.code == .invalidResponse)
            }
        }
    }

    @Test("ids are percent-escaped in paths")
    func escaping() async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        transport.on("DELETE", "/jobs/a%2Fb%3Fc%20d%C3%A9", .response(RuntimeHTTPResponse(status: 204)))
        try await service.deleteJob("a/b?c dé")
        #expect(transport.requests.first?.url == "https://runtime.test/jobs/a%2Fb%3Fc%20d%C3%A9")
    }

    @Test("a token is never sent over plain http to a remote host unless allowed")
    func insecure() async throws {
        let transport = ScriptedTransport()
        var configuration = RuntimeConfiguration(
            account: .accessToken("t", runtimeURL: "http://runtime.example.com"), transport: transport)
        let service = try await RuntimeService(configuration: configuration)
        do {
            _ = try await service.job("x")
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == .insecureTransport)
        }
        #expect(transport.requests.isEmpty)

        var legacy = RuntimeConfiguration(account: .legacyToken("t", authURL: "http://auth.example.com/api"), transport: transport)
        legacy.clock = ManualClock()
        await #expect(throws: RuntimeError.self) { _ = try await RuntimeService(configuration: legacy) }
        #expect(transport.requests.isEmpty)

        for url in ["http://127.0.0.1:8080/runtime", "http://localhost:1", "http://[::1]:9"] {
            configuration.account = .accessToken("t", runtimeURL: url)
            configuration.allowInsecureTransport = false
            transport.on("GET", "/runtime/jobs/x", json: Fixtures.jobJSON("x", status: "Queued"))
            transport.on("GET", "/jobs/x", json: Fixtures.jobJSON("x", status: "Queued"))
            _ = try await RuntimeService(configuration: configuration).job("x")
        }
        configuration.account = .accessToken("t", runtimeURL: "http://runtime.example.com")
        configuration.allowInsecureTransport = true
        _ = try await RuntimeService(configuration: configuration).job("x")
        #expect(transport.requests.count == 4)
    }

    @Test("a plain-http runtime URL discovered at login is refused before the token is sent")
    func insecureDiscovered() async throws {
        let transport = ScriptedTransport()
        Self.scriptLogin(transport)
        transport.on("GET", "/api/users/me", json: """
            {"urls": {"http": "https://api.test/api", "services": {"runtime": "http://runtime.example.com"}}}
            """)
        var configuration = Self.legacyConfiguration(transport)
        configuration.instance = .init(hub: "h", group: "g", project: "p")
        let service = try await RuntimeService(configuration: configuration)
        let before = transport.requests.count
        await #expect(throws: RuntimeError.self) { _ = try await service.job("x") }
        #expect(transport.requests.count == before)
    }

    @Test("jobs pages by count like the Python client")
    func paging() async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        func page(_ ids: Range<Int>, count: Int) -> ScriptedTransport.Reply {
            let jobs = ids.map { Fixtures.jobJSON("j\($0)", status: "Completed") }.joined(separator: ", ")
            return .response(RuntimeHTTPResponse(status: 200, body: Array("{\"jobs\": [\(jobs)], \"count\": \(count)}".utf8)))
        }
        transport.on("GET", "/jobs", page(0..<20, count: 45), page(20..<40, count: 45), page(40..<45, count: 45))
        var ids: [String] = []
        for try await job in service.jobs(limit: nil) { ids.append(job.jobID) }
        #expect(ids == (0..<45).map { "j\($0)" })
        #expect(transport.requests.map { ScriptedTransport.query(of: $0.url) } == [
            "exclude_params=true&limit=20", "exclude_params=true&limit=20&offset=20", "exclude_params=true&limit=20&offset=40",
        ])

        let filtered = ScriptedTransport()
        let service2 = try await Fixtures.service(filtered)
        filtered.on("GET", "/jobs", page(0..<3, count: 100), page(3..<5, count: 100))
        var count = 0
        for try await job in service2.jobs(limit: 5, offset: 10, pending: true, program: "sample program") {
            #expect(try await job.status() == .done)
            count += 1
        }
        #expect(count == 5)
        #expect(filtered.requests.map { ScriptedTransport.query(of: $0.url) } == [
            "exclude_params=true&limit=5&offset=10&pending=true&program=sample%20program",
            "exclude_params=true&limit=2&offset=13&pending=true&program=sample%20program",
        ])
    }

    @Test("jobs stops on an empty page even when count says more")
    func emptyPage() async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        transport.on("GET", "/jobs", json: "{\"jobs\": [], \"count\": 99}")
        var count = 0
        for try await _ in service.jobs(limit: nil) { count += 1 }
        #expect(count == 0)
        #expect(transport.requests.count == 1)
    }

    @Test("programs pages by 20 until count; program(id) reads one")
    func programs() async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        func page(_ ids: Range<Int>) -> ScriptedTransport.Reply {
            let items = ids.map { "{\"id\": \"p\($0)\", \"name\": \"n\($0)\", \"cost\": 300, \"is_public\": true}" }
            return .response(RuntimeHTTPResponse(status: 200, body: Array("{\"programs\": [\(items.joined(separator: ", "))], \"count\": 25}".utf8)))
        }
        transport.on("GET", "/programs", page(0..<20), page(20..<25))
        let programs = try await service.programs()
        #expect(programs.map(\.id) == (0..<25).map { "p\($0)" })
        #expect(programs.first?.maximumExecutionTime == 300)
        #expect(transport.requests.map { ScriptedTransport.query(of: $0.url) } == ["limit=20", "limit=20&offset=20"])
        transport.on("GET", "/programs/hello-world", json: """
            {"id": "hello-world", "name": "hello-world", "description": "d", "cost": 60, "is_public": false, \
            "creation_date": "2021-09-13T17:27:42Z"}
            """)
        let program = try await service.program("hello-world")
        #expect(program.description == "d")
        #expect(program.creationDate?.timeIntervalSince1970 == 1_631_554_062)
    }

    @Test("logout posts /logout; shutdown makes later calls throw .shutDown")
    func logoutAndShutdown() async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        transport.on("POST", "/logout", .response(RuntimeHTTPResponse(status: 200)))
        try await service.logout()
        #expect(transport.requests("POST", "/logout").count == 1)
        await service.shutdown()
        await service.shutdown()
        await #expect(throws: RuntimeError.self) { _ = try await service.job("x") }
        #expect(transport.requests.count == 1)
    }

    @Test("withRuntimeService shuts the service down when the body throws")
    func scoped() async throws {
        let transport = ScriptedTransport()
        struct Boom: Error {}
        let escaped = Box()
        await #expect(throws: Boom.self) {
            try await withRuntimeService(configuration: Fixtures.configuration(transport)) { service in
                escaped.service = service
                throw Boom()
            }
        }
        let service = try #require(escaped.service)
        do {
            _ = try await service.job("x")
        } catch let error as RuntimeError {
            #expect(error.code == .shutDown)
        }
        let value = try await withRuntimeService(configuration: Fixtures.configuration(transport)) { _ in 42 }
        #expect(value == 42)
    }
}
