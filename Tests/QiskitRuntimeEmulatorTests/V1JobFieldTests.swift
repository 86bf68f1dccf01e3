import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

@Suite("v1 API: job fields, filters and limits over HTTP", .timeLimit(.minutes(2)))
struct V1JobFieldTests {
    static let hello = #""program_id": "hello-world", "backend": "fake_tallinn""#

    @Test("exclude_params: the job echoes params only without it; jobs for unknown or missing backends are refused")
    func paramsAndBackends() async throws {
        try await V1HTTPHarness.with { h in
            let token = try await h.token()
            let id = try await h.submitted(Self.hello + #", "params": {"iterations": 2, "blob": "x"}"#, token: token)
            let full = try #require(try await h.v1("GET", "/jobs/\(id)", token: token).json)
            #expect(full["params"]?["blob"] == .string("x"))
            let lean = try await h.v1("GET", "/jobs/\(id)?exclude_params=true", token: token)
            #expect(lean.json?["params"] == nil)
            #expect(lean.body.count < 1024)
            let listed = try #require(try await h.v1("GET", "/jobs?exclude_params=true", token: token).json)
            #expect(listed["jobs"]?.arrayValue?.allSatisfy { $0["params"] == nil } == true)
            let unknown = try await h.submit(#""program_id": "hello-world", "backend": "ibm_nowhere", "params": {}"#, token: token)
            #expect(unknown.status == 400)
            #expect(unknown.errorCode == .integer(1007))
            #expect(try await h.submit(#""program_id": "hello-world", "params": {}"#, token: token).status == 400)
        }
    }

    @Test("every list filter, exact count, paging and sort order")
    func filters() async throws {
        try await V1HTTPHarness.with { h in
            let token = try await h.token()
            let session = try #require(try await h.v1(
                "POST", "/sessions", body: #"{"mode": "batch", "backend": "fake_tallinn"}"#, token: token).json?["id"]?.stringValue)
            var ids: [String] = []
            let bodies = [
                Self.hello + #", "params": {}, "tags": ["a", "b"]"#,
                #""program_id": "sampler", "backend": "fake_bergen", "params": {}, "tags": ["a"]"#,
                Self.hello + #", "params": {"queued_s": 100}, "session_id": "\#(session)""#,
                #""program_id": "hello-world", "backend": "fake_lisbon", "params": {"queued_s": 100}, "tags": ["b"]"#,
            ]
            for body in bodies {
                ids.append(try await h.submitted(body, token: token))
                h.advance(seconds: 10)
            }
            // Jobs 0 and 1 are final now; 2 and 3 queued. Created at 0, 10, 20, 30 s.
            func query(_ query: String) async throws -> ([String], JSONValue?) {
                let json = try #require(try await h.v1("GET", "/jobs?exclude_params=true&" + query, token: token).json)
                return (json["jobs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [], json["count"])
            }
            #expect(try await query("") == (Array(ids.reversed()), .integer(4)))
            #expect(try await query("sort=ASC") == (ids, .integer(4)))
            #expect(try await query("limit=2&offset=1") == ([ids[2], ids[1]], .integer(4)))
            #expect(try await query("backend=fake_tallinn") == ([ids[2], ids[0]], .integer(2)))
            #expect(try await query("program=sampler") == ([ids[1]], .integer(1)))
            #expect(try await query("pending=true") == ([ids[3], ids[2]], .integer(2)))
            #expect(try await query("pending=false") == ([ids[1], ids[0]], .integer(2)))
            #expect(try await query("tags=a") == ([ids[1], ids[0]], .integer(2)))
            #expect(try await query("tags=a&tags=b") == ([ids[0]], .integer(1)))
            #expect(try await query("session_id=\(session)") == ([ids[2]], .integer(1)))
            #expect(try await query("created_after=2026-01-01T00:00:10Z") == ([ids[3], ids[2], ids[1]], .integer(3)))
            #expect(try await query("created_before=2026-01-01T00:00:10%2B00:00") == ([ids[1], ids[0]], .integer(2)))
            #expect(try await query("created_after=2026-01-01T00:00:05.5&created_before=2026-01-01T00:00:25&sort=asc")
                == ([ids[1], ids[2]], .integer(2)))
            #expect(try await query("backend=fake_tallinn&pending=true&limit=5") == ([ids[2]], .integer(1)))
            #expect(try await h.v1("GET", "/jobs?created_after=yesterday", token: token).status == 400)
        }
    }

    @Test("cost is the job's time limit: a longer job ends Cancelled with reason_code 1305 and a solution")
    func costLimit() async throws {
        try await V1HTTPHarness.with { h in
            let token = try await h.token()
            let id = try await h.submitted(
                Self.hello + #", "params": {"queued_s": 0}, "cost": 5, "tags": ["emulator:running_s=60"]"#, token: token)
            let queued = try #require(try await h.v1("GET", "/jobs/\(id)", token: token).json)
            #expect(queued["cost"] == .integer(5))
            #expect(queued["estimated_running_time_seconds"] == .double(5))
            h.advance(seconds: 4.9)
            #expect(try await h.v1("GET", "/jobs/\(id)", token: token).json?["state"]?["status"] == .string("Running"))
            h.advance(seconds: 0.1)
            let job = try #require(try await h.v1("GET", "/jobs/\(id)", token: token).json)
            #expect(job["state"]?["status"] == .string("Cancelled"))
            #expect(job["state"]?["reason_code"] == .integer(1305))
            #expect(job["state"]?["reason_solution"]?.stringValue?.isEmpty == false)
            // Within its limit a job completes.
            let short = try await h.submitted(Self.hello + #", "params": {"queued_s": 0}, "cost": 100"#, token: token)
            h.advance(seconds: 10)
            #expect(try await h.v1("GET", "/jobs/\(short)", token: token).json?["state"]?["status"] == .string("Completed"))
            #expect(try await h.submit(Self.hello + #", "params": {}, "cost": -1"#, token: token).status == 400)
            #expect(try await h.submit(Self.hello + #", "params": {}, "cost": "soon""#, token: token).status == 400)
        }
    }

    @Test("emulator:running_s keeps a job running for S seconds")
    func runningTag() async throws {
        try await V1HTTPHarness.with { h in
            let token = try await h.token()
            let id = try await h.submitted(Self.hello + #", "params": {"queued_s": 0}, "tags": ["emulator:running_s=120"]"#, token: token)
            h.advance(seconds: 119)
            #expect(try await h.v1("GET", "/jobs/\(id)", token: token).json?["state"]?["status"] == .string("Running"))
            h.advance(seconds: 1)
            #expect(try await h.v1("GET", "/jobs/\(id)", token: token).json?["state"]?["status"] == .string("Completed"))
            let metrics = try #require(try await h.v1("GET", "/jobs/\(id)/metrics", token: token).json)
            #expect(metrics["usage"]?["qpu_charge_time_seconds"] == .double(120))
            // An older API version still sees the removed usage fields.
            let old = try #require(try await h.v1("GET", "/jobs/\(id)/metrics", token: token, apiVersion: "2025-01-01").json)
            #expect(old["usage"]?["quantum_seconds"] == .double(120))
            // A malformed tag is just a tag.
            let other = try await h.submitted(Self.hello + #", "params": {"queued_s": 0}, "tags": ["emulator:running_s=soon"]"#, token: token)
            h.advance(seconds: 10)
            #expect(try await h.v1("GET", "/jobs/\(other)", token: token).json?["state"]?["status"] == .string("Completed"))
        }
    }

    @Test("private: the result is readable once, then 404; the job says private")
    func privateResult() async throws {
        try await V1HTTPHarness.with { h in
            let token = try await h.token()
            let reply = try await h.submit(Self.hello + #", "params": {"queued_s": 0}, "private": true"#, token: token)
            #expect(reply.json?["private"] == .bool(true))
            let id = try #require(reply.json?["id"]?.stringValue)
            #expect(try await h.v1("GET", "/jobs/\(id)/results", token: token).status == 204)   // not final: no result yet, not consumed
            h.advance(seconds: 10)
            #expect(try await h.v1("GET", "/jobs/\(id)", token: token).json?["private"] == .bool(true))
            let first = try await h.v1("GET", "/jobs/\(id)/results", token: token)
            #expect(first.status == 200)
            #expect(first.text == "\"All done!\"")
            let second = try await h.v1("GET", "/jobs/\(id)/results", token: token)
            #expect(second.status == 404)
            #expect(second.text.contains("private"))
            // A job that is not private can be read again and again.
            let open = try await h.submitted(Self.hello + #", "params": {"queued_s": 0}"#, token: token)
            h.advance(seconds: 10)
            for _ in 0..<2 { #expect(try await h.v1("GET", "/jobs/\(open)/results", token: token).status == 200) }
            #expect(try await h.submit(Self.hello + #", "params": {}, "private": "yes""#, token: token).status == 400)
        }
    }

    @Test("logs are 200 text; metrics have the v1 shape; tags are replaced with PUT")
    func logsMetricsTags() async throws {
        try await V1HTTPHarness.with { h in
            let token = try await h.token()
            let id = try await h.submitted(Self.hello + #", "params": {"queued_s": 2}"#, token: token)
            let queuedMetrics = try #require(try await h.v1("GET", "/jobs/\(id)/metrics", token: token).json)
            #expect(queuedMetrics["position_in_queue"] == .integer(1))
            #expect(queuedMetrics["usage"]?["status"] == .string("pending"))
            #expect(queuedMetrics["usage"]?["qpu_charge_time_seconds"] == .double(0))
            #expect(queuedMetrics["estimated_start_time"]?.stringValue != nil)
            let queuedRecord = try #require(try await h.v1("GET", "/jobs/\(id)?exclude_params=true", token: token).json)
            #expect(queuedRecord["usage"] == .fields([("qpu_charge_time_seconds", .double(0)), ("status", .string("pending"))]))
            #expect(queuedRecord["private"] == .bool(false))
            #expect(queuedRecord["estimated_running_time_seconds"]?.doubleValue ?? 0 > 0)
            #expect(queuedRecord["tags"] == .strings([]))
            let logs = try await h.v1("GET", "/jobs/\(id)/logs", token: token)
            #expect(logs.status == 200)
            #expect(logs.text.contains("queued"))
            #expect(try await h.v1("PUT", "/jobs/\(id)/tags", body: #"{"tags": ["x"]}"#, token: token).status == 204)
            #expect(try await h.v1("GET", "/jobs/\(id)?exclude_params=true", token: token).json?["tags"] == .strings(["x"]))
            h.advance(seconds: 10)
            let done = try #require(try await h.v1("GET", "/jobs/\(id)/metrics", token: token).json)
            #expect(done["usage"]?["status"] == .string("final"))
            #expect(done["timestamps"]?["finished"]?.stringValue != nil)
            #expect(done["position_in_queue"] == .null)
            // The job object carries the same usage as the metrics.
            let doneRecord = try #require(try await h.v1("GET", "/jobs/\(id)?exclude_params=true", token: token).json)
            #expect(doneRecord["usage"] == done["usage"])
            #expect(doneRecord["usage"]?["qpu_charge_time_seconds"]?.doubleValue ?? 0 > 0)
        }
    }
}
