import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

@Suite("v1 API: every job route on the manual clock")
struct V1JobRouteTests {
    static let helloBody = #"{"program_id": "hello-world", "backend": "fake_tallinn", "params": {"iterations": 2}, "#
        + #""runtime": "img:1", "log_level": "INFO", "tags": ["a"]}"#

    @Test("POST /jobs takes the v1 body; GET /jobs/{id} reports state.status with reason fields and no hub")
    func submitAndGet() async throws {
        let h = V1Harness()
        let token = try await h.token()
        let submitted = await h.v1("POST", "/jobs", body: Self.helloBody, token: token)
        #expect(submitted.status == 200)
        let id = try #require(submitted.json?["id"]?.stringValue)
        #expect(submitted.json?["backend"] == .string("fake_tallinn"))
        let reply = await h.v1("GET", "/jobs/\(id)", token: token)
        #expect(reply.status == 200)
        let job = try #require(reply.json)
        #expect(job["id"] == .string(id))
        #expect(job["hub"] == nil && job["group"] == nil && job["project"] == nil)
        #expect(job["program"]?["id"] == .string("hello-world"))
        #expect(job["backend"] == .string("fake_tallinn"))
        #expect(job["runtime"] == .string("img:1"))
        #expect(job["log_level"] == .string("INFO"))
        #expect(job["tags"] == .array([.string("a")]))
        #expect(job["params"]?["iterations"] == .integer(2))
        #expect(job["state"]?["status"] == .string("Queued"))
        #expect(job["state"]?["reason"] == .null)
        #expect(job["state"]?["reason_code"] == .null)
        #expect(job["state"]?["reasonCode"] == nil)
        #expect(await h.v1("GET", "/jobs/\(id)?exclude_params=true", token: token).json?["params"] == nil)
        // Hub, group and project in a body are ignored, not stored.
        let withHub = await h.v1("POST", "/jobs", body: #"{"program_id": "hello-world", "backend": "fake_tallinn", "hub": "h", "params": {}}"#, token: token)
        let other = try #require(withHub.json?["id"]?.stringValue)
        #expect(await h.v1("GET", "/jobs/\(other)", token: token).json?["hub"] == nil)
        #expect(await h.v1("POST", "/jobs", body: "{oops", token: token).status == 400)
        #expect(await h.v1("POST", "/jobs", body: #"{"program_id": "nope", "backend": "fake_tallinn"}"#, token: token).status == 404)
        #expect(await h.v1("GET", "/jobs/missing", token: token).status == 404)
    }

    @Test("a job runs to completion: status, results, logs, interim_results, metrics")
    func lifecycle() async throws {
        let h = V1Harness()
        let token = try await h.token()
        let id = try #require(await h.v1("POST", "/jobs", body: Self.helloBody, token: token).json?["id"]?.stringValue)
        let early = await h.v1("GET", "/jobs/\(id)/results", token: token)
        #expect(early.status == 204 && early.text.isEmpty, "no result yet: 204 on the v1 API")
        let queuedMetrics = try #require(await h.v1("GET", "/jobs/\(id)/metrics", token: token).json)
        #expect(queuedMetrics["position_in_queue"] == .integer(1))
        h.advance(seconds: 0.5)
        #expect(await h.v1("GET", "/jobs/\(id)", token: token).json?["state"]?["status"] == .string("Running"))
        h.advance(seconds: 1.0)
        let interim = await h.v1("GET", "/jobs/\(id)/interim_results", token: token)
        #expect(interim.status == 200)
        #expect(interim.json?.arrayValue?.count == 2)
        h.advance(seconds: 0.5)
        let done = try #require(await h.v1("GET", "/jobs/\(id)", token: token).json)
        #expect(done["state"]?["status"] == .string("Completed"))
        #expect(done["status"] == .string("Completed"))
        let results = await h.v1("GET", "/jobs/\(id)/results", token: token)
        #expect(results.status == 200)
        #expect(results.text == "\"All done!\"")
        let logs = await h.v1("GET", "/jobs/\(id)/logs", token: token)
        #expect(logs.status == 200)
        #expect(logs.text.contains("Job completed."))
        let metrics = try #require(await h.v1("GET", "/jobs/\(id)/metrics", token: token).json)
        #expect(metrics["timestamps"]?["finished"]?.stringValue != nil)
        // API version 2026-04-15: quantum_seconds and seconds were removed on 2026-03-15.
        #expect(metrics["usage"]?["qpu_charge_time_seconds"] == .double(1.5))
        #expect(metrics["usage"]?["status"] == .string("final"))
        #expect(metrics["usage"]?["quantum_seconds"] == nil)
    }

    @Test("GET /jobs lists v1 job objects newest first with limit, offset, pending and program filters")
    func list() async throws {
        let h = V1Harness()
        let token = try await h.token()
        var ids: [String] = []
        for program in ["hello-world", "failing-program", "hello-world"] {
            let reply = await h.v1("POST", "/jobs", body: #"{"program_id": "\#(program)", "backend": "fake_tallinn", "params": {}}"#, token: token)
            ids.append(try #require(reply.json?["id"]?.stringValue))
        }
        let all = try #require(await h.v1("GET", "/jobs?exclude_params=true", token: token).json)
        #expect(all["count"] == .integer(3))
        let listed = all["jobs"]?.arrayValue ?? []
        #expect(listed.compactMap { $0["id"]?.stringValue } == ids.reversed())
        #expect(listed.allSatisfy { $0["state"]?["status"] == .string("Queued") && $0["params"] == nil && $0["hub"] == nil })
        let page = try #require(await h.v1("GET", "/jobs?limit=1&offset=1", token: token).json)
        #expect(page["jobs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[1]])
        let failing = try #require(await h.v1("GET", "/jobs?program=failing-program", token: token).json)
        #expect(failing["count"] == .integer(1))
        _ = await h.v1("POST", "/jobs/\(ids[0])/cancel", token: token)
        let pending = try #require(await h.v1("GET", "/jobs?pending=true", token: token).json)
        #expect(pending["count"] == .integer(2))
    }

    @Test("cancel is 204 then 409; DELETE is 409 before final, 204 after; PUT tags is 204")
    func cancelDeleteTags() async throws {
        let h = V1Harness()
        let token = try await h.token()
        let id = try #require(await h.v1("POST", "/jobs", body: Self.helloBody, token: token).json?["id"]?.stringValue)
        let tags = await h.v1("PUT", "/jobs/\(id)/tags", body: #"{"tags": ["x", "y"]}"#, token: token)
        #expect(tags.status == 204)
        #expect(tags.body.isEmpty)
        #expect(await h.v1("GET", "/jobs/\(id)", token: token).json?["tags"] == .array([.string("x"), .string("y")]))
        #expect(await h.v1("PUT", "/jobs/\(id)/tags", body: #"{"tags": "x"}"#, token: token).status == 400)
        #expect(await h.v1("DELETE", "/jobs/\(id)", token: token).status == 409)
        #expect(await h.v1("POST", "/jobs/\(id)/cancel", token: token).status == 204)
        #expect(await h.v1("POST", "/jobs/\(id)/cancel", token: token).status == 409)
        let cancelled = try #require(await h.v1("GET", "/jobs/\(id)", token: token).json)
        #expect(cancelled["state"]?["status"] == .string("Cancelled"))
        #expect(cancelled["state"]?["reason_code"] == .null)
        #expect(await h.v1("DELETE", "/jobs/\(id)", token: token).status == 204)
        #expect(await h.v1("GET", "/jobs/\(id)", token: token).status == 404)
    }

    @Test("long-running ends Cancelled with reason_code 1305; failing-program Failed with a reason")
    func finalReasons() async throws {
        let h = V1Harness()
        let token = try await h.token()
        let long = try #require(await h.v1(
            "POST", "/jobs", body: #"{"program_id": "long-running", "backend": "fake_tallinn", "params": {"max_execution_s": 1}}"#, token: token
        ).json?["id"]?.stringValue)
        let failing = try #require(await h.v1(
            "POST", "/jobs", body: #"{"program_id": "failing-program", "backend": "fake_tallinn", "params": {"interim_count": 1}}"#, token: token
        ).json?["id"]?.stringValue)
        h.advance(seconds: 10)
        let longJob = try #require(await h.v1("GET", "/jobs/\(long)", token: token).json)
        #expect(longJob["state"]?["status"] == .string("Cancelled"))
        #expect(longJob["state"]?["reason"] == .string("Ran too long"))
        #expect(longJob["state"]?["reason_code"] == .integer(1305))
        #expect(longJob["status"] == .string("Cancelled"))
        let failed = try #require(await h.v1("GET", "/jobs/\(failing)", token: token).json)
        #expect(failed["state"]?["status"] == .string("Failed"))
        #expect(failed["state"]?["reason"]?.stringValue?.isEmpty == false)
        #expect(failed["state"]?["reason_code"] == .null)
        #expect(await h.v1("GET", "/jobs/\(failing)/results", token: token).text.contains("Traceback"))
    }

    @Test("no websocket, programs or logout under v1 (404); wrong methods are 405; faults apply")
    func absentRoutes() async throws {
        let h = V1Harness()
        let token = try await h.token()
        let id = try #require(await h.v1("POST", "/jobs", body: Self.helloBody, token: token).json?["id"]?.stringValue)
        let stream = await h.send("GET", "/api/v1/stream/jobs/\(id)", headers: [
            ("Authorization", "Bearer \(token)"), ("Service-CRN", V1Harness.crn),
            ("Connection", "Upgrade"), ("Upgrade", "websocket"), ("Sec-WebSocket-Version", "13"),
            ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
        ])
        #expect(stream.status == 404)
        #expect(stream.json?["errors"]?.arrayValue?.first?["code"] == .string("not_found"))
        #expect(await h.v1("GET", "/programs", token: token).status == 404)
        #expect(await h.v1("POST", "/logout", token: token).status == 404)
        #expect(await h.v1("GET", "/nothing", token: token).status == 404)
        let wrong = await h.v1("PATCH", "/jobs/\(id)", token: token)
        #expect(wrong.status == 405)
        #expect(wrong.headers["Allow"] == "DELETE, GET")
        h.service.inject(HTTPFault(endpoint: .getJob, effect: .status(503), trigger: .next(1)))
        #expect(await h.v1("GET", "/jobs/\(id)", token: token).status == 503)
        #expect(await h.v1("GET", "/jobs/\(id)", token: token).status == 200)
    }
}
