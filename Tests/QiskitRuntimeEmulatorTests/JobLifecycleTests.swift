import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

@Suite("Job lifecycle on the manual clock")
struct JobLifecycleTests {
    @Test("submit answers id and backend, also with null hub/group/project, and echoes the job")
    func submit() async throws {
        let h = EmulatorHarness()
        let body = #"{"program_id": "hello-world", "hub": null, "group": null, "project": null, "#
            + #""backend": "ibmq_qasm_simulator", "params": {"iterations": 2, "x": {"__type__": "complex", "__value__": [1.0, 2.0]}}, "#
            + #""runtime": null, "log_level": "INFO"}"#
        let reply = await h.request("POST", "/runtime/jobs", body: body)
        #expect(reply.status == 200)
        let json = try #require(reply.json)
        let id = try #require(json["id"]?.stringValue)
        #expect(id.count == 20)
        #expect(json["backend"] == .string("ibmq_qasm_simulator"))
        let job = try await h.job(id)
        #expect(job["id"] == .string(id))
        #expect(job["hub"] == .null)
        #expect(job["program"]?["id"] == .string("hello-world"))
        #expect(job["params"]?["x"]?["__type__"] == .string("complex"))
        #expect(job["params"]?["iterations"] == .integer(2))
        #expect(job["runtime"] == .null)
        #expect(job["log_level"] == .string("INFO"))
        #expect(job["tags"] == .array([]))
        #expect(job["status"] == .string("Queued"))
        #expect(job["state"]?["status"] == .string("Queued"))
        #expect(job["state"]?["reason"] == .null)
        #expect(job["created"] == .string("2026-01-01T00:00:00.000000Z"))
        let excluded = await h.request("GET", "/runtime/jobs/\(id)?exclude_params=true")
        #expect(excluded.json?["params"] == nil)
    }

    @Test("bad submissions: not JSON, no program_id, unknown program")
    func badSubmissions() async throws {
        let h = EmulatorHarness()
        let notJSON = await h.request("POST", "/runtime/jobs", body: "{oops")
        #expect(notJSON.status == 400)
        #expect(notJSON.json?["errors"]?.arrayValue?.first?["code"] == .string("bad_request"))
        #expect(await h.request("POST", "/runtime/jobs", body: #"{"backend": "b"}"#).status == 400)
        #expect(await h.request("POST", "/runtime/jobs", body: "[1]").status == 400)
        let unknown = await h.request("POST", "/runtime/jobs", body: #"{"program_id": "nope"}"#)
        #expect(unknown.status == 404)
        #expect(unknown.json?["errors"]?.arrayValue?.first?["message"] == .string("Program not found: nope"))
    }

    @Test("hello-world: Queued → Running → Completed with exactly `iterations` interim results")
    func helloWorld() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world", params: #"{"iterations": 3}"#)
        #expect(try await h.status(id) == "Queued")
        #expect(await h.request("GET", "/runtime/jobs/\(id)/results").status == 409)
        h.advance(seconds: 0.499)
        #expect(try await h.status(id) == "Queued")
        h.advance(seconds: 0.001)
        #expect(try await h.status(id) == "Running")
        #expect(await h.request("GET", "/runtime/jobs/\(id)/interim_results").json == .array([]))
        h.advance(seconds: 0.5)   // first interim result, interval after running
        let one = try #require(await h.request("GET", "/runtime/jobs/\(id)/interim_results").json?.arrayValue)
        #expect(one.count == 1)
        h.advance(seconds: 1.0)
        #expect(try await h.status(id) == "Running")
        h.advance(seconds: 0.5)   // running + 4 intervals: completed one interval after the 3rd result
        let job = try await h.job(id)
        #expect(job["status"] == .string("Completed"))
        #expect(job["state"]?["status"] == .string("Completed"))
        let results = await h.request("GET", "/runtime/jobs/\(id)/results")
        #expect(results.status == 200)
        #expect(results.text == "\"All done!\"")
        let interim = try #require(await h.request("GET", "/runtime/jobs/\(id)/interim_results").json?.arrayValue)
        #expect(interim.count == 3)
        let decoded = try interim.map { try JSONParser.parse(try #require($0.stringValue)) }
        #expect(decoded.map { $0["iteration"] } == [.integer(2), .integer(1), .integer(0)])   // latest first
        for entry in decoded {
            let counts = try #require(entry["counts"])
            let total = (counts["00"]?.integerValue ?? 0) + (counts["11"]?.integerValue ?? 0)
            #expect(total == 1024)
        }
        let logs = await h.request("GET", "/runtime/jobs/\(id)/logs")
        #expect(logs.status == 200)
        #expect(logs.text.contains("Published interim result 3."))
        #expect(logs.text.contains("Job completed."))
    }

    @Test("metrics timestamps are ISO UTC with microseconds and follow the transitions")
    func metrics() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world", params: #"{"iterations": 1, "queued_s": 1.25, "interval_s": 0.25}"#)
        var stamps = try #require(await h.request("GET", "/runtime/jobs/\(id)/metrics").json)
        #expect(stamps["timestamps"]?["created"] == .string("2026-01-01T00:00:00.000000Z"))
        #expect(stamps["timestamps"]?["running"] == .null)
        #expect(stamps["timestamps"]?["finished"] == .null)
        #expect(stamps["position_in_queue"] == .integer(1))
        h.advance(seconds: 1.25)
        stamps = try #require(await h.request("GET", "/runtime/jobs/\(id)/metrics").json)
        #expect(stamps["timestamps"]?["running"] == .string("2026-01-01T00:00:01.250000Z"))
        #expect(stamps["position_in_queue"] == .null)
        h.advance(seconds: 0.5)
        stamps = try #require(await h.request("GET", "/runtime/jobs/\(id)/metrics").json)
        #expect(stamps["timestamps"]?["finished"] == .string("2026-01-01T00:00:01.750000Z"))
        #expect(isISOMicros(stamps["timestamps"]?["created"]?.stringValue))
        #expect(stamps["usage"]?["seconds"] == .double(0.5))
    }

    @Test("failing-program ends Failed with a traceback in /results")
    func failing() async throws {
        let h = EmulatorHarness(timing: EmulatorTiming(interimCount: 1))
        let id = try await h.submit("failing-program")
        h.advance(seconds: 0.5 + 1.0)
        let job = try await h.job(id)
        #expect(job["status"] == .string("Failed"))
        #expect(job["state"]?["status"] == .string("Failed"))
        #expect(job["state"]?["reason"]?.stringValue?.contains("ValueError") == true)
        let results = await h.request("GET", "/runtime/jobs/\(id)/results")
        #expect(results.status == 200)
        #expect(results.text.hasPrefix("Traceback (most recent call last):"))
        #expect(results.text.contains("ValueError"))
        #expect(await h.request("GET", "/runtime/jobs/\(id)/interim_results").json?.arrayValue?.count == 1)
    }

    @Test("long-running ends as Cancelled - Ran too long with reason code 1305, results cut off")
    func longRunning() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("long-running", params: #"{"max_execution_s": 1.2, "interim_count": 10}"#)
        h.advance(seconds: 0.5 + 1.1)
        #expect(try await h.status(id) == "Running")
        h.advance(seconds: 0.1)
        let job = try await h.job(id)
        #expect(job["status"] == .string("Cancelled - Ran too long"))
        #expect(job["state"]?["status"] == .string("Cancelled"))
        #expect(job["state"]?["reason"] == .string("Ran too long"))
        #expect(job["state"]?["reasonCode"] == .integer(1305))
        let results = await h.request("GET", "/runtime/jobs/\(id)/results")
        #expect(results.status == 200)
        #expect(results.text.contains("maximum execution time"))
        // Results due at 0.5, 1.0 s of running are published; 1.5 s is past the 1.2 s cut-off.
        #expect(await h.request("GET", "/runtime/jobs/\(id)/interim_results").json?.arrayValue?.count == 2)
        let pending = await h.request("GET", "/runtime/jobs?pending=false")
        #expect(pending.json?["count"] == .integer(1))
    }

    @Test("sampler result holds counts and base64(zlib(npy)) ndarrays")
    func sampler() async throws {
        let h = EmulatorHarness(timing: EmulatorTiming(queued: .zero, interval: .zero, interimCount: 0))
        let id = try await h.submit("sampler", params: #"{"shots": 100, "array_length": 3}"#)
        #expect(try await h.status(id) == "Completed")
        let results = await h.request("GET", "/runtime/jobs/\(id)/results")
        let json = try #require(results.json)
        let counts = try #require(json["counts"])
        #expect((counts["00"]?.integerValue ?? 0) + (counts["11"]?.integerValue ?? 0) == 100)
        for key in ["probabilities", "memory", "values"] {
            let array = try #require(json[key])
            #expect(array["__type__"] == .string("ndarray"))
            let text = try #require(array["__value__"]?.stringValue)
            let npy = try Zlib.inflate(try Base64.decode(text), maxOutput: 1 << 20)
            #expect(Array(npy.prefix(6)) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59])
        }
        let values = try #require(json["values"]?["__value__"]?.stringValue)
        #expect(try Zlib.inflate(try Base64.decode(values), maxOutput: 1 << 20) == (try NPYWriter.float64([-1.0, -0.5, 0.0])))
        let memory = try #require(json["memory"]?["__value__"]?.stringValue)
        let memoryNPY = try Zlib.inflate(try Base64.decode(memory), maxOutput: 1 << 20)
        #expect(memoryNPY.count == 128 + 100 * 8)
        #expect(json["metadata"]?["shots"] == .integer(100))
    }

    @Test("cancel takes effect at once; a second cancel and cancelling a final job get 409")
    func cancel() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world")
        #expect(await h.request("POST", "/runtime/jobs/\(id)/cancel").status == 204)
        let job = try await h.job(id)
        #expect(job["status"] == .string("Cancelled"))
        #expect(job["state"]?["status"] == .string("Cancelled"))
        let again = await h.request("POST", "/runtime/jobs/\(id)/cancel")
        #expect(again.status == 409)
        #expect(again.json?["errors"]?.arrayValue?.first?["code"] == .string("conflict"))
        let metrics = try #require(await h.request("GET", "/runtime/jobs/\(id)/metrics").json)
        #expect(metrics["timestamps"]?["running"] == .null)
        #expect(metrics["timestamps"]?["finished"] == .string("2026-01-01T00:00:00.000000Z"))
        let results = await h.request("GET", "/runtime/jobs/\(id)/results")
        #expect(results.status == 200)
        #expect(results.body.isEmpty)
        h.advance(seconds: 60)
        #expect(try await h.status(id) == "Cancelled")

        let done = try await h.submit("hello-world", params: #"{"iterations": 0}"#)
        h.advance(seconds: 1)
        #expect(try await h.status(done) == "Completed")
        #expect(await h.request("POST", "/runtime/jobs/\(done)/cancel").status == 409)
        #expect(await h.request("POST", "/runtime/jobs/missing/cancel").status == 404)
    }

    @Test("cancel while running keeps the results published so far")
    func cancelRunning() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world", params: #"{"iterations": 5}"#)
        h.advance(seconds: 0.5 + 1.0)
        #expect(await h.request("POST", "/runtime/jobs/\(id)/cancel").status == 204)
        h.advance(seconds: 10)
        #expect(await h.request("GET", "/runtime/jobs/\(id)/interim_results").json?.arrayValue?.count == 2)
        let metrics = try #require(await h.request("GET", "/runtime/jobs/\(id)/metrics").json)
        #expect(metrics["timestamps"]?["running"] == .string("2026-01-01T00:00:00.500000Z"))
        #expect(metrics["timestamps"]?["finished"] == .string("2026-01-01T00:00:01.500000Z"))
    }

    @Test("DELETE refuses a job that is not final (409) and removes a final one")
    func delete() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world")
        let refused = await h.request("DELETE", "/runtime/jobs/\(id)")
        #expect(refused.status == 409)
        #expect(await h.request("POST", "/runtime/jobs/\(id)/cancel").status == 204)
        #expect(await h.request("DELETE", "/runtime/jobs/\(id)").status == 204)
        let gone = await h.request("GET", "/runtime/jobs/\(id)")
        #expect(gone.status == 404)
        #expect(gone.json?["errors"]?.arrayValue?.first?["code"] == .string("not_found"))
        #expect(await h.request("DELETE", "/runtime/jobs/\(id)").status == 404)
        #expect(await h.request("GET", "/runtime/jobs").json?["count"] == .integer(0))
    }

    @Test("PUT tags answers 204 and the job shows them; a bad body is 400")
    func tags() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world")
        #expect(await h.request("PUT", "/runtime/jobs/\(id)/tags", body: #"{"tags": ["a", "b"]}"#).status == 204)
        #expect(try await h.job(id)["tags"] == .array([.string("a"), .string("b")]))
        #expect(await h.request("PUT", "/runtime/jobs/\(id)/tags", body: #"{"tags": [1]}"#).status == 400)
        #expect(await h.request("PUT", "/runtime/jobs/nope/tags", body: #"{"tags": []}"#).status == 404)
    }

    @Test("job ids in paths are percent-decoded")
    func percentDecodedIDs() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world")
        let escaped = id.utf8.map { "%" + String($0, radix: 16, uppercase: true) }.joined()
        let reply = await h.request("GET", "/runtime/jobs/\(escaped)")
        #expect(reply.status == 200)
        #expect(reply.json?["id"] == .string(id))
        #expect(await h.request("GET", "/runtime/jobs/\(escaped)/metrics").status == 200)
    }

    @Test("interim_padding makes interim results of a given size")
    func padding() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world", params: #"{"iterations": 1, "interim_padding": 1000, "queued_s": 0, "interval_s": 0}"#)
        let list = try #require(await h.request("GET", "/runtime/jobs/\(id)/interim_results").json?.arrayValue)
        let text = try #require(list.first?.stringValue)
        #expect(text.utf8.count > 1000 && text.utf8.count < 1100)
        #expect(try JSONParser.parse(text)["padding"]?.stringValue?.count == 1000)
    }

    @Test("a job with zero queue and interval completes at once")
    func instant() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world", params: #"{"iterations": 4, "queued_s": 0, "interval_s": 0}"#)
        #expect(try await h.status(id) == "Completed")
        #expect(await h.request("GET", "/runtime/jobs/\(id)/interim_results").json?.arrayValue?.count == 4)
    }
}
