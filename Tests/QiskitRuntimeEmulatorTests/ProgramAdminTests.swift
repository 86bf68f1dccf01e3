import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

/// Uploading, updating, publishing and deleting programs (PROTOCOL.md §2.1 P1–P8, §2.2), and
/// running an uploaded one, through the router on a manual clock.
@Suite("Program administration")
struct ProgramAdminTests {
    static let source = "def main(backend, user_messenger, **kwargs):\n    return kwargs\n"
    static let sourceBase64 = Base64.encode(Array(source.utf8))

    /// The body the Python client sends (no Content-Type), with `extra` members appended.
    static func uploadBody(name: String, data: String = sourceBase64, extra: String = "") -> String {
        #"{"name": "\#(name)", "data": "\#(data)", "cost": 300, "description": "desc", "is_public": false\#(extra)}"#
    }

    static func upload(_ h: EmulatorHarness, name: String, extra: String = "") async throws -> String {
        let reply = await h.request("POST", "/runtime/programs", body: uploadBody(name: name, extra: extra))
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(reply.json?["id"]?.stringValue)
    }

    static func errorCode(_ reply: EmulatorHarness.Reply) -> String? {
        reply.json?["errors"]?.arrayValue?.first?["code"]?.stringValue
    }

    @Test("POST /programs without Content-Type stores the program; GET shows it with dates on the emulator's clock and its source decoded")
    func uploadAndGet() async throws {
        let h = EmulatorHarness()
        let id = try await Self.upload(h, name: "my-prog", extra: #", "spec": {"parameters": {"properties": {"x": {"type": "integer"}}}}"#)
        #expect(id.hasPrefix("my-prog-"))
        let program = try #require(await h.request("GET", "/runtime/programs/\(id)").json)
        #expect(program["id"] == .string(id))
        #expect(program["name"] == .string("my-prog"))
        #expect(program["description"] == .string("desc"))
        #expect(program["cost"] == .integer(300))
        #expect(program["is_public"] == .bool(false))
        #expect(program["data"] == .string(Self.source))
        #expect(program["spec"]?["parameters"]?["properties"]?["x"]?["type"] == .string("integer"))
        let created = ISOTimestamp.format(microseconds: h.clock.microsecondsSince1970)
        #expect(program["creation_date"] == .string(created))
        #expect(program["update_date"] == .string(created))

        let list = try #require(await h.request("GET", "/runtime/programs").json)
        #expect(list["count"] == .integer(5))
        #expect(list["programs"]?.arrayValue?.last?["id"] == .string(id))
        #expect(list["programs"]?.arrayValue?.last?["data"] == .string(Self.source))
    }

    @Test("PUT …/data (octet-stream), PATCH, PUT …/public and …/private change the program and its update date")
    func updates() async throws {
        let h = EmulatorHarness()
        let id = try await Self.upload(h, name: "editable")
        let created = try #require(await h.request("GET", "/runtime/programs/\(id)").json?["creation_date"])
        h.advance(seconds: 5)
        let newSource = "def main(backend, user_messenger):\n    return 2\n"
        let data = await h.request(
            "PUT", "/runtime/programs/\(id)/data", body: Base64.encode(Array(newSource.utf8)),
            headers: [("Content-Type", "application/octet-stream")])
        #expect(data.status == 204)
        var program = try #require(await h.request("GET", "/runtime/programs/\(id)").json)
        #expect(program["data"] == .string(newSource))
        #expect(program["creation_date"] == created)
        #expect(program["update_date"] == .string(ISOTimestamp.format(microseconds: h.clock.microsecondsSince1970)))

        h.advance(seconds: 1)
        let patch = await h.request(
            "PATCH", "/runtime/programs/\(id)", body: #"{"name": "renamed", "cost": 600, "spec": {"parameters": {}}}"#,
            headers: [("Content-Type", "application/json")])
        #expect(patch.status == 204)
        program = try #require(await h.request("GET", "/runtime/programs/\(id)").json)
        #expect(program["name"] == .string("renamed"))
        #expect(program["cost"] == .integer(600))
        #expect(program["description"] == .string("desc"))   // untouched
        #expect(program["spec"] == .object([JSONMember("parameters", .object([]))]))
        #expect(program["update_date"] == .string(ISOTimestamp.format(microseconds: h.clock.microsecondsSince1970)))

        #expect(await h.request("PUT", "/runtime/programs/\(id)/public").status == 204)
        #expect(await h.request("GET", "/runtime/programs/\(id)").json?["is_public"] == .bool(true))
        #expect(await h.request("PUT", "/runtime/programs/\(id)/private").status == 204)
        #expect(await h.request("GET", "/runtime/programs/\(id)").json?["is_public"] == .bool(false))
        // The old name is free again.
        _ = try await Self.upload(h, name: "editable")
    }

    @Test("bad uploads are 400, a used name is 409 (built-in names too)")
    func uploadErrors() async throws {
        let h = EmulatorHarness()
        let cases: [(String, Int)] = [
            (#"{"data": "\#(Self.sourceBase64)", "cost": 1, "description": "d"}"#, 400),
            (#"{"name": "", "data": "\#(Self.sourceBase64)"}"#, 400),
            (#"{"name": "x", "cost": 1, "description": "d"}"#, 400),
            (Self.uploadBody(name: "x", data: "not base64!"), 400),
            (Self.uploadBody(name: "x", data: "ZGVm="), 400),                         // bad padding
            (Self.uploadBody(name: "x", data: Base64.encode([0xFF, 0xFE])), 400),    // not UTF-8
            (#"{"name": "x", "data": "\#(Self.sourceBase64)", "cost": "300"}"#, 400),
            (#"{"name": "x", "data": "\#(Self.sourceBase64)", "cost": -1}"#, 400),
            (#"{"name": "x", "data": "\#(Self.sourceBase64)", "is_public": "yes"}"#, 400),
            (#"{"name": "x", "data": "\#(Self.sourceBase64)", "spec": [1]}"#, 400),
            (#"{"name": "x", "data": "\#(Self.sourceBase64)", "colour": "red"}"#, 400),
            ("[1, 2]", 400),
            ("{not json", 400),
            (Self.uploadBody(name: "hello-world"), 409),
        ]
        for (body, status) in cases {
            let reply = await h.request("POST", "/runtime/programs", body: body)
            #expect(reply.status == status, "\(body): \(reply.text)")
            #expect(Self.errorCode(reply) == (status == 409 ? "conflict" : "bad_request"), "\(body)")
        }
        let first = try await Self.upload(h, name: "dup")
        let duplicate = await h.request("POST", "/runtime/programs", body: Self.uploadBody(name: "dup"))
        #expect(duplicate.status == 409)
        #expect(duplicate.json?["errors"]?.arrayValue?.first?["message"]?.stringValue?.contains("dup") == true)
        // A rename onto a used name is 409 too; renaming to its own name is fine.
        let other = try await Self.upload(h, name: "other")
        #expect(await h.request("PATCH", "/runtime/programs/\(other)", body: #"{"name": "dup"}"#).status == 409)
        #expect(await h.request("PATCH", "/runtime/programs/\(first)", body: #"{"name": "dup"}"#).status == 204)
        #expect(await h.request("GET", "/runtime/programs").json?["count"] == .integer(6))
    }

    @Test("unknown ids are 404 with the runtime error body; built-in programs are 403; bad updates are 400")
    func otherErrors() async throws {
        let h = EmulatorHarness()
        let requests: [(String, String, String?)] = [
            ("GET", "/runtime/programs/nope", nil),
            ("PUT", "/runtime/programs/nope/data", Self.sourceBase64),
            ("PATCH", "/runtime/programs/nope", #"{"name": "n"}"#),
            ("PUT", "/runtime/programs/nope/public", nil),
            ("PUT", "/runtime/programs/nope/private", nil),
            ("DELETE", "/runtime/programs/nope", nil),
        ]
        for (method, path, body) in requests {
            let reply = await h.request(method, path, body: body)
            #expect(reply.status == 404, "\(method) \(path)")
            #expect(Self.errorCode(reply) == "not_found")
            #expect(reply.json?["errors"]?.arrayValue?.first?["message"] == .string("Program not found: nope"))
            #expect(reply.json?["trace"]?.stringValue != nil)
        }
        let builtIn: [(String, String, String?)] = [
            ("PUT", "/runtime/programs/hello-world/data", Self.sourceBase64),
            ("PATCH", "/runtime/programs/sampler", #"{"cost": 5}"#),
            ("PUT", "/runtime/programs/sampler/public", nil),
            ("PUT", "/runtime/programs/sampler/private", nil),
            ("DELETE", "/runtime/programs/hello-world", nil),
        ]
        for (method, path, body) in builtIn {
            let reply = await h.request(method, path, body: body)
            #expect(reply.status == 403, "\(method) \(path)")
            #expect(Self.errorCode(reply) == "forbidden")
        }
        #expect(await h.request("GET", "/runtime/programs/hello-world").json?["cost"] == .integer(600))
        // The v1 API's `estimator` is not a program of the runtime API.
        #expect(await h.request("DELETE", "/runtime/programs/estimator").status == 404)

        let id = try await Self.upload(h, name: "target")
        for body in ["{}", #"{"colour": "red"}"#, #"{"name": ""}"#, #"{"cost": 1.5}"#, #"{"description": 3}"#, "[]", "nope"] {
            let reply = await h.request("PATCH", "/runtime/programs/\(id)", body: body)
            #expect(reply.status == 400, "\(body)")
        }
        for body in ["", "   \n", "###", "ZGVm="] {
            #expect(await h.request("PUT", "/runtime/programs/\(id)/data", body: body).status == 400, "\(body)")
        }
        // A trailing line break (curl) is accepted.
        #expect(await h.request("PUT", "/runtime/programs/\(id)/data", body: Self.sourceBase64 + "\n").status == 204)
        #expect(await h.request("POST", "/runtime/programs/\(id)").status == 405)
        #expect(await h.request("POST", "/runtime/programs", body: Self.uploadBody(name: "t"), token: nil).status == 401)
        // None of the refusals changed it.
        let program = try #require(await h.request("GET", "/runtime/programs/\(id)").json)
        #expect(program["name"] == .string("target"))
        #expect(program["cost"] == .integer(300))
    }

    @Test("GET /programs pages built-in then uploaded programs with an exact count; the Python client's loop ends")
    func paging() async throws {
        let h = EmulatorHarness()
        var uploaded: [String] = []
        for i in 0..<25 { uploaded.append(try await Self.upload(h, name: "p\(i)")) }
        let page = try #require(await h.request("GET", "/runtime/programs?limit=3&offset=3").json)
        #expect(page["count"] == .integer(29))
        #expect(page["limit"] == .integer(3))
        #expect(page["offset"] == .integer(3))
        #expect(page["programs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["sampler", uploaded[0], uploaded[1]])
        let beyond = try #require(await h.request("GET", "/runtime/programs?limit=20&offset=40").json)
        #expect(beyond["programs"] == .array([]))
        #expect(beyond["count"] == .integer(29))
        let all = try #require(await h.request("GET", "/runtime/programs").json)
        #expect(all["programs"]?.arrayValue?.count == 29)
        #expect(all["limit"] == .integer(29))

        var collected: [String] = []
        var offset = 0
        while true {
            let page = try #require(await h.request("GET", "/runtime/programs?limit=20" + (offset > 0 ? "&offset=\(offset)" : "")).json)
            let programs = try #require(page["programs"]?.arrayValue)
            collected += programs.compactMap { $0["id"]?.stringValue }
            offset += programs.count
            if Int64(collected.count) == page["count"]?.integerValue || programs.isEmpty { break }
        }
        #expect(collected == ["failing-program", "hello-world", "long-running", "sampler"] + uploaded)

        #expect(await h.request("DELETE", "/runtime/programs/\(uploaded[3])").status == 204)
        #expect(await h.request("GET", "/runtime/programs?limit=1").json?["count"] == .integer(28))
        #expect(await h.request("GET", "/runtime/programs/\(uploaded[3])").status == 404)
        #expect(await h.request("DELETE", "/runtime/programs/\(uploaded[3])").status == 404)
    }

    @Test("a job of an uploaded program is queued, runs and completes with its inputs echoed; deleting the program keeps the job")
    func runUploaded() async throws {
        let h = EmulatorHarness(timing: EmulatorTiming(queued: .seconds(1), interval: .seconds(1), interimCount: 5))
        let id = try await Self.upload(h, name: "echo")
        let params = #"{"x": 1, "nested": {"__type__": "complex", "__value__": [1.0, 2.0]}, "list": [1, "a", null]}"#
        let job = try await h.submit(id, params: params)
        #expect(try await h.status(job) == "Queued")
        #expect(try await h.job(job)["program"]?["id"] == .string(id))
        h.advance(seconds: 1)
        #expect(try await h.status(job) == "Running")
        #expect(await h.request("GET", "/runtime/jobs/\(job)/results").status == 409)
        h.advance(seconds: 1)   // no interim results by default: one interval of running
        #expect(try await h.status(job) == "Completed")
        #expect(await h.request("GET", "/runtime/jobs/\(job)/interim_results").json == .array([]))
        let result = await h.request("GET", "/runtime/jobs/\(job)/results")
        #expect(result.status == 200)
        #expect(result.json == (try JSONParser.parse(params)))
        #expect(result.text.contains(#""x": 1"#))   // Python's json.dumps style
        let logs = await h.request("GET", "/runtime/jobs/\(job)/logs").text
        #expect(logs.contains("source was not run"))
        #expect(logs.contains("Job completed."))
        #expect(await h.request("GET", "/runtime/jobs?program=\(id)").json?["count"] == .integer(1))

        #expect(await h.request("DELETE", "/runtime/programs/\(id)").status == 204)
        #expect(try await h.status(job) == "Completed")
        #expect(await h.request("GET", "/runtime/jobs/\(job)/results").json == (try JSONParser.parse(params)))
        let again = await h.request("POST", "/runtime/jobs", body: #"{"program_id": "\#(id)", "params": {}}"#)
        #expect(again.status == 404)
        #expect(again.json?["errors"]?.arrayValue?.first?["message"] == .string("Program not found: \(id)"))
    }

    @Test("an uploaded program's cost cuts a longer job off as ran-too-long; interim_count asks for interim results")
    func costLimit() async throws {
        let h = EmulatorHarness(timing: EmulatorTiming(queued: .zero, interval: .seconds(1)))
        let id = try await Self.upload(h, name: "slow")
        #expect(await h.request("PATCH", "/runtime/programs/\(id)", body: #"{"cost": 2}"#).status == 204)
        let job = try await h.submit(id, params: #"{"interim_count": 4}"#)
        h.advance(seconds: 1.5)
        #expect(await h.request("GET", "/runtime/jobs/\(job)/interim_results").json?.arrayValue?.count == 1)
        h.advance(seconds: 1)
        #expect(try await h.status(job) == "Cancelled - Ran too long")
        let text = await h.request("GET", "/runtime/jobs/\(job)/results").text
        #expect(text.contains("maximum execution time of 2.0 seconds"))
        #expect(try await h.job(job)["state"]?["reasonCode"] == .integer(1305))
    }

    @Test("the new endpoints are faultable like the others")
    func faults() async throws {
        let h = EmulatorHarness(faults: Faults(http: [
            HTTPFault(endpoint: .uploadProgram, effect: .status(503), trigger: .next(1)),
            HTTPFault(endpoint: .updateProgramData, effect: .status(500), trigger: .next(1)),
            HTTPFault(endpoint: .updateProgram, effect: .status(500), trigger: .next(1)),
            HTTPFault(endpoint: .makeProgramPublic, effect: .rateLimited(retryAfterSeconds: 1), trigger: .next(1)),
            HTTPFault(endpoint: .makeProgramPrivate, effect: .status(502), trigger: .next(1)),
            HTTPFault(endpoint: .deleteProgram, effect: .status(504), trigger: .next(1)),
        ]))
        let refused = await h.request("POST", "/runtime/programs", body: Self.uploadBody(name: "f"))
        #expect(refused.status == 503)
        #expect(await h.request("GET", "/runtime/programs").json?["count"] == .integer(4))   // nothing stored
        let id = try await Self.upload(h, name: "f")
        #expect(await h.request("PUT", "/runtime/programs/\(id)/data", body: Self.sourceBase64).status == 500)
        #expect(await h.request("PUT", "/runtime/programs/\(id)/data", body: Self.sourceBase64).status == 204)
        #expect(await h.request("PATCH", "/runtime/programs/\(id)", body: #"{"cost": 7}"#).status == 500)
        #expect(await h.request("GET", "/runtime/programs/\(id)").json?["cost"] == .integer(300))   // not applied
        #expect(await h.request("PUT", "/runtime/programs/\(id)/public").status == 429)
        #expect(await h.request("PUT", "/runtime/programs/\(id)/private").status == 502)
        #expect(await h.request("DELETE", "/runtime/programs/\(id)").status == 504)
        #expect(await h.request("DELETE", "/runtime/programs/\(id)").status == 204)
    }

    @Test("programs count against maxRetainedBytes: too large is 400, deleting frees the room")
    func limits() async throws {
        let h = EmulatorHarness(limits: EmulatorLimits(maxRetainedBytes: 8192))
        // Each program counts its source, name, description and 1 KiB: 1,800 characters → 2,829 bytes.
        let big = String(repeating: "#", count: 9000)
        let tooBig = await h.request("POST", "/runtime/programs", body: Self.uploadBody(name: "big", data: Base64.encode(Array(big.utf8))))
        #expect(tooBig.status == 400)
        #expect(tooBig.json?["errors"]?.arrayValue?.first?["message"]?.stringValue?.contains("maxRetainedBytes") == true)
        let half = Base64.encode(Array(String(repeating: "#", count: 1800).utf8))
        let first = try #require(await h.request("POST", "/runtime/programs", body: Self.uploadBody(name: "a", data: half)).json?["id"]?.stringValue)
        let second = try #require(await h.request("POST", "/runtime/programs", body: Self.uploadBody(name: "b", data: half)).json?["id"]?.stringValue)
        // The spec counts too.
        let bigSpec = #"{"spec": {"doc": "\#(big)"}}"#
        #expect(await h.request("PATCH", "/runtime/programs/\(second)", body: bigSpec).status == 400)
        #expect(await h.request("POST", "/runtime/programs", body: Self.uploadBody(name: "c", data: half)).status == 429)
        #expect(await h.request("PUT", "/runtime/programs/\(first)/data", body: Base64.encode(Array(big.utf8))).status == 400)
        #expect(await h.request("DELETE", "/runtime/programs/\(first)").status == 204)
        #expect(await h.request("POST", "/runtime/programs", body: Self.uploadBody(name: "c", data: half)).status == 201)
    }
}
