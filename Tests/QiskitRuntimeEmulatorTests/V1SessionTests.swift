import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

@Suite("v1 API: sessions and batches over HTTP", .timeLimit(.minutes(2)))
struct V1SessionTests {
    static let job = #""program_id": "hello-world", "backend": "fake_tallinn", "params": {"iterations": 1, "queued_s": 1, "interval_s": 1}"#

    func create(_ h: V1HTTPHarness, token: String, body: String = #"{"mode": "dedicated", "backend": "fake_tallinn"}"#) async throws -> String {
        let reply = try await h.v1("POST", "/sessions", body: body, token: token)
        #expect(reply.status == 200, "\(reply.text)")
        return try #require(reply.json?["id"]?.stringValue)
    }

    @Test("a session: open, active while its job runs, inactive after the interactive TTL; details and timestamps")
    func lifecycle() async throws {
        try await V1HTTPHarness.with({ $0.platform.sessionInteractiveTTL = .seconds(5) }) { h in
            let token = try await h.token()
            let created = try await h.v1(
                "POST", "/sessions", body: #"{"mode": "dedicated", "backend": "fake_tallinn", "max_ttl": 600, "instance": "\#(V1HTTPHarness.crn)"}"#,
                token: token)
            let session = try #require(created.json)
            let id = try #require(session["id"]?.stringValue)
            #expect(session["state"] == .string("open"))
            #expect(session["mode"] == .string("dedicated"))
            #expect(session["backend_name"] == .string("fake_tallinn"))
            #expect(session["max_ttl"] == .integer(600))
            #expect(session["interactive_ttl"] == .integer(5))
            #expect(session["accepting_jobs"] == .bool(true))
            let submitted = try await h.submit(Self.job + #", "session_id": "\#(id)""#, token: token)
            #expect(submitted.json?["session_id"] == .string(id))
            let jobID = try #require(submitted.json?["id"]?.stringValue)
            #expect(try await h.v1("GET", "/jobs/\(jobID)?exclude_params=true", token: token).json?["session_id"] == .string(id))
            #expect(try await h.v1("GET", "/sessions/\(id)", token: token).json?["state"] == .string("open"))
            h.advance(seconds: 1)   // the job runs (1 s queued, then 2 s)
            let active = try #require(try await h.v1("GET", "/sessions/\(id)", token: token).json)
            #expect(active["state"] == .string("active"))
            #expect(active["activated_at"]?.stringValue != nil)
            #expect(active["last_job_started"] == active["activated_at"])
            h.advance(seconds: 2)   // done; active for 5 s more
            #expect(try await h.v1("GET", "/sessions/\(id)", token: token).json?["state"] == .string("active"))
            h.advance(seconds: 5)
            let inactive = try #require(try await h.v1("GET", "/sessions/\(id)", token: token).json)
            #expect(inactive["state"] == .string("inactive"))
            #expect(inactive["elapsed_time"] == .double(7))
            #expect(inactive["last_job_completed"]?.stringValue != nil)
            let timestamps = inactive["timestamps"]?.arrayValue?.compactMap { $0["status"]?.stringValue }
            #expect(timestamps == ["open", "active", "inactive"])
            // Jobs of the session are listed by session_id.
            _ = try await h.submitted(#""program_id": "hello-world", "backend": "fake_tallinn", "params": {}"#, token: token)
            let listed = try #require(try await h.v1("GET", "/jobs?session_id=\(id)", token: token).json)
            #expect(listed["count"] == .integer(1))
            #expect(listed["jobs"]?.arrayValue?.first?["id"] == .string(jobID))
            #expect(try await h.v1("GET", "/sessions/nope", token: token).status == 404)
        }
    }

    @Test("close (PATCH accepting_jobs false): queued and running jobs finish, new jobs refused, then closed")
    func close() async throws {
        try await V1HTTPHarness.with { h in
            let token = try await h.token()
            let id = try await create(h, token: token)
            let running = try await h.submitted(Self.job + #", "session_id": "\#(id)""#, token: token)
            h.advance(seconds: 1.5)
            let queued = try await h.submitted(Self.job + #", "session_id": "\#(id)""#, token: token)
            let patch = try await h.v1("PATCH", "/sessions/\(id)", body: #"{"accepting_jobs": false}"#, token: token)
            #expect(patch.status == 204)
            let closing = try #require(try await h.v1("GET", "/sessions/\(id)", token: token).json)
            #expect(closing["accepting_jobs"] == .bool(false))
            #expect(closing["state"] == .string("active"))
            let refused = try await h.submit(Self.job + #", "session_id": "\#(id)""#, token: token)
            #expect(refused.status == 400)
            #expect(refused.errorCode == .string("session_not_accepting_jobs"))
            // Reopening is not possible.
            #expect(try await h.v1("PATCH", "/sessions/\(id)", body: #"{"accepting_jobs": true}"#, token: token).status == 204)
            #expect(try await h.v1("GET", "/sessions/\(id)", token: token).json?["accepting_jobs"] == .bool(false))
            h.advance(seconds: 10)
            for job in [running, queued] {
                #expect(try await h.v1("GET", "/jobs/\(job)", token: token).json?["state"]?["status"] == .string("Completed"))
            }
            let closed = try #require(try await h.v1("GET", "/sessions/\(id)", token: token).json)
            #expect(closed["state"] == .string("closed"))
            #expect(closed["state_reason"] == .string("session_closed_early"))
            #expect(closed["closed_at"]?.stringValue != nil)
            let late = try await h.submit(Self.job + #", "session_id": "\#(id)""#, token: token)
            #expect(late.status == 400)
            #expect(late.errorCode == .string("session_closed"))
            #expect(try await h.v1("PATCH", "/sessions/\(id)", body: #"{"accepting": 1}"#, token: token).status == 400)
        }
    }

    @Test("cancel (DELETE …/close): queued jobs cancelled, the running one finishes, closed at once")
    func cancel() async throws {
        try await V1HTTPHarness.with { h in
            let token = try await h.token()
            let id = try await create(h, token: token, body: #"{"mode": "batch", "backend": "fake_tallinn"}"#)
            let running = try await h.submitted(Self.job + #", "session_id": "\#(id)""#, token: token)
            h.advance(seconds: 1.5)
            let queued = try await h.submitted(Self.job + #", "session_id": "\#(id)""#, token: token)
            let delete = try await h.v1("DELETE", "/sessions/\(id)/close", token: token)
            #expect(delete.status == 204)
            #expect(try await h.v1("GET", "/jobs/\(queued)", token: token).json?["state"]?["status"] == .string("Cancelled"))
            #expect(try await h.v1("GET", "/jobs/\(running)", token: token).json?["state"]?["status"] == .string("Running"))
            let closed = try #require(try await h.v1("GET", "/sessions/\(id)", token: token).json)
            #expect(closed["state"] == .string("closed"))
            #expect(closed["state_reason"] == .string("session_cancelled"))
            #expect(closed["mode"] == .string("batch"))
            h.advance(seconds: 5)
            #expect(try await h.v1("GET", "/jobs/\(running)", token: token).json?["state"]?["status"] == .string("Completed"))
            // A batch bills its jobs' run time: 2 s.
            #expect(try await h.v1("GET", "/sessions/\(id)", token: token).json?["elapsed_time"] == .double(2))
            #expect(try await h.v1("DELETE", "/sessions/nope/close", token: token).status == 404)
        }
    }

    @Test("max_ttl: jobs still queued at expiry are cancelled then; the session closes")
    func maxTTL() async throws {
        try await V1HTTPHarness.with { h in
            let token = try await h.token()
            let id = try await create(h, token: token, body: #"{"mode": "dedicated", "backend": "fake_tallinn", "max_ttl": 3}"#)
            let first = try await h.submitted(Self.job + #", "session_id": "\#(id)""#, token: token)
            let late = try await h.submitted(
                #""program_id": "hello-world", "backend": "fake_tallinn", "params": {"queued_s": 10}, "session_id": "\#(id)""#,
                token: token)
            h.advance(seconds: 4)   // activated at 1 s, expires at 4 s
            let session = try #require(try await h.v1("GET", "/sessions/\(id)", token: token).json)
            #expect(session["state"] == .string("closed"))
            #expect(session["state_reason"] == .string("max_ttl_expired"))
            let lateJob = try #require(try await h.v1("GET", "/jobs/\(late)", token: token).json)
            #expect(lateJob["state"]?["status"] == .string("Cancelled"))
            #expect(try await h.v1("GET", "/jobs/\(first)", token: token).json?["state"]?["status"] == .string("Completed"))
            // max_ttl above the plan's limit is capped; a bad one is refused.
            let capped = try await h.v1("POST", "/sessions", body: #"{"mode": "batch", "backend": "fake_tallinn", "max_ttl": 999999}"#, token: token)
            #expect(capped.json?["max_ttl"] == .integer(28_800))
            #expect(try await h.v1("POST", "/sessions", body: #"{"mode": "batch", "backend": "fake_tallinn", "max_ttl": -1}"#, token: token).status == 400)
        }
    }

    @Test("open plan refuses dedicated sessions with 1352 and allows batches; bad bodies and backends are refused")
    func planAndValidation() async throws {
        try await V1HTTPHarness.with({ $0.platform.openPlan = true }) { h in
            let token = try await h.token()
            let dedicated = try await h.v1("POST", "/sessions", body: #"{"mode": "dedicated", "backend": "fake_tallinn"}"#, token: token)
            #expect(dedicated.status == 403)
            #expect(dedicated.errorCode == .integer(1352))
            let batch = try await h.v1("POST", "/sessions", body: #"{"mode": "batch", "backend": "fake_tallinn"}"#, token: token)
            #expect(batch.status == 200)
            let id = try #require(batch.json?["id"]?.stringValue)
            let other = try await h.submit(
                #""program_id": "hello-world", "backend": "fake_bergen", "params": {}, "session_id": "\#(id)""#, token: token)
            #expect(other.status == 400)
            let unknown = try await h.submit(Self.job + #", "session_id": "missing""#, token: token)
            #expect(unknown.status == 404)
            #expect(try await h.v1("POST", "/sessions", body: #"{"mode": "weekly", "backend": "fake_tallinn"}"#, token: token).status == 400)
            let noBackend = try await h.v1("POST", "/sessions", body: #"{"mode": "batch", "backend": "ibm_nowhere"}"#, token: token)
            #expect(noBackend.status == 400)
            #expect(noBackend.errorCode == .integer(1007))
            #expect(try await h.v1("POST", "/sessions", body: "[]", token: token).status == 400)
            let usage = try #require(try await h.v1("GET", "/instances/usage", token: token).json)
            #expect(usage["plan_id"] == .string("open"))
        }
    }
}
