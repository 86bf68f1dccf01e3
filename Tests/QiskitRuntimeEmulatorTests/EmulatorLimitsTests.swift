import RuntimeIO
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

/// What one job's inputs can make the emulator hold: per-job limits refused with 400, large
/// bodies streamed, old final jobs evicted, the bytes of all jobs bounded.
@Suite("Emulator limits on jobs", .timeLimit(.minutes(2)))
struct EmulatorLimitsTests {
    func errorMessage(_ reply: EmulatorHarness.Reply) -> String {
        reply.json?["errors"]?.arrayValue?.first?["message"]?.stringValue ?? ""
    }

    @Test("inputs over a per-job limit are refused with 400 naming the limit")
    func perJobLimits() async throws {
        let h = EmulatorHarness(limits: EmulatorLimits(maxInterimResultsPerJob: 10, maxInterimPadding: 100, maxInterimBytesPerJob: 1_500))
        func submit(_ params: String) async -> EmulatorHarness.Reply {
            await h.request("POST", "/runtime/jobs", body: #"{"program_id": "hello-world", "params": \#(params)}"#)
        }
        let tooMany = await submit(#"{"interim_count": 11}"#)
        #expect(tooMany.status == 400)
        #expect(tooMany.json?["errors"]?.arrayValue?.first?["code"] == .string("bad_request"))
        #expect(errorMessage(tooMany).contains("maxInterimResultsPerJob"))
        #expect(errorMessage(await submit(#"{"iterations": 1e30}"#)).contains("--max-interim-results"))
        let padded = await submit(#"{"iterations": 1, "interim_padding": 101}"#)
        #expect(padded.status == 400)
        #expect(errorMessage(padded).contains("maxInterimPadding"))
        // 10 results of 167 bytes each: over 1,500 bytes in all.
        let large = await submit(#"{"iterations": 10, "interim_padding": 100}"#)
        #expect(large.status == 400)
        #expect(errorMessage(large).contains("maxInterimBytesPerJob"))
        #expect(await submit(#"{"iterations": 8, "interim_padding": 100}"#).status == 200)
        #expect(await submit(#"{"iterations": -5}"#).status == 200)
    }

    @Test("the default limits refuse the 1 GB interim-results job of the issue and allow the benchmark's")
    func defaultLimits() async throws {
        let h = EmulatorHarness()
        let huge = await h.request("POST", "/runtime/jobs", body:
            #"{"program_id": "hello-world", "params": {"iterations": 1000, "interim_padding": 1000000, "interval_s": 0}}"#)
        #expect(huge.status == 400)
        #expect(errorMessage(huge).contains("maxInterimBytesPerJob"))
        #expect(await h.request("POST", "/runtime/jobs", body:
            #"{"program_id": "hello-world", "params": {"iterations": 100001}}"#).status == 400)
        _ = try await h.submit("hello-world", params: #"{"iterations": 100000, "interim_padding": 1000, "interval_s": 0}"#)
    }

    @Test("large interim results are streamed, byte for byte what the whole response would be")
    func streamedInterimResults() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world", params: #"{"iterations": 300, "interim_padding": 1000, "queued_s": 0, "interval_s": 0}"#)
        h.advance(seconds: 1)
        guard case .stream(let head, let produce) = await h.action("GET", "/runtime/jobs/\(id)/interim_results") else {
            Issue.record("a 300 KB interim_results answer was not streamed")
            return
        }
        #expect(head.status == 200)
        #expect(head.headers["Content-Type"] == "application/json")
        let body = try await HTTPResponseBodyWriter.collect(produce)
        let job = try #require(h.service.state.withLock { $0.jobs[id] })
        let whole = JSONWriter.writeBytes(.array((1...300).reversed().map { .string(job.interimPayload($0)) }), style: .compact)
        #expect(body == whole)
        // A small answer is still whole, with a Content-Length.
        let small = try await h.submit("hello-world", params: #"{"iterations": 3, "queued_s": 0, "interval_s": 0}"#)
        h.advance(seconds: 1)
        guard case .respond(let response) = await h.action("GET", "/runtime/jobs/\(small)/interim_results") else {
            Issue.record("a small interim_results answer was streamed")
            return
        }
        #expect(try JSONParser.parse(response.body).arrayValue?.count == 3)
    }

    @Test("a large result is streamed from the stored text")
    func streamedResult() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("sampler", params: #"{"array_length": 200000, "queued_s": 0, "interval_s": 0, "interim_count": 0}"#)
        h.advance(seconds: 1)
        guard case .stream(_, let produce) = await h.action("GET", "/runtime/jobs/\(id)/results") else {
            Issue.record("a large result was not streamed")
            return
        }
        let stored = try #require(h.service.state.withLock { $0.jobs[id]?.result })
        #expect(stored.utf8.count > Responses.streamingThreshold)
        #expect(try await HTTPResponseBodyWriter.collect(produce) == Array(stored.utf8))
        // Through the harness (which collects streamed bodies) the result parses as before.
        let values = try #require(await h.request("GET", "/runtime/jobs/\(id)/results").json?["values"]?["__type__"])
        #expect(values == .string("ndarray"))
    }

    @Test("final jobs beyond maxRetainedFinalJobs are evicted oldest first; reading one gets the service's 404")
    func finalJobEviction() async throws {
        let h = EmulatorHarness(limits: EmulatorLimits(maxRetainedFinalJobs: 2))
        var ids: [String] = []
        for _ in 0..<5 {
            ids.append(try await h.submit("hello-world", params: #"{"iterations": 0, "queued_s": 0, "interval_s": 0}"#))
            h.advance(seconds: 1)
        }
        // Each submission evicted the final jobs beyond 2: the first two are gone.
        for id in ids.prefix(2) {
            let reply = await h.request("GET", "/runtime/jobs/\(id)")
            #expect(reply.status == 404)
            #expect(reply.json?["errors"]?.arrayValue?.first?["code"] == .string("not_found"))
            #expect(await h.request("GET", "/runtime/jobs/\(id)/results").status == 404)
        }
        for id in ids.suffix(3) { #expect(await h.request("GET", "/runtime/jobs/\(id)").status == 200) }
        #expect(await h.request("GET", "/runtime/jobs").json?["count"] == .integer(3))
        // Unfinished jobs are never evicted, however many.
        let live = try await h.submit("hello-world", params: #"{"queued_s": 1000}"#)
        for _ in 0..<3 { _ = try await h.submit("hello-world", params: #"{"queued_s": 1000}"#) }
        #expect(await h.request("GET", "/runtime/jobs/\(live)").status == 200)
    }

    @Test("the bytes of all jobs are bounded: old final jobs make room, unfinished ones get 429 with Retry-After")
    func retainedBytes() async throws {
        let padding = String(repeating: "p", count: 1000)
        // About 2.2 KB per job (body, result, 1 KiB of bookkeeping): three fit in 7,000 bytes.
        let h = EmulatorHarness(limits: EmulatorLimits(maxRetainedBytes: 7_000))
        let params = #"{"queued_s": 1000, "note": "\#(padding)"}"#
        var live: [String] = []
        for _ in 0..<3 { live.append(try await h.submit("hello-world", params: params)) }
        let refused = await h.request("POST", "/runtime/jobs", body: #"{"program_id": "hello-world", "params": \#(params)}"#)
        #expect(refused.status == 429)
        #expect(refused.headers["Retry-After"] == "1")
        #expect(errorMessage(refused).contains("maxRetainedBytes"))
        // Once a job is final, it is evicted to make room.
        #expect(await h.request("POST", "/runtime/jobs/\(live[0])/cancel").status == 204)
        _ = try await h.submit("hello-world", params: params)
        #expect(await h.request("GET", "/runtime/jobs/\(live[0])").status == 404)
        #expect(await h.request("GET", "/runtime/jobs/\(live[1])").status == 200)
        // Deleting a job gives its bytes back.
        #expect(await h.request("POST", "/runtime/jobs/\(live[1])/cancel").status == 204)
        #expect(await h.request("DELETE", "/runtime/jobs/\(live[1])").status == 204)
        _ = try await h.submit("hello-world", params: params)
        // One job larger than the whole budget is a 400.
        let big = String(repeating: "b", count: 8_000)
        let tooBig = await h.request("POST", "/runtime/jobs", body: #"{"program_id": "hello-world", "params": {"note": "\#(big)"}}"#)
        #expect(tooBig.status == 400)
        #expect(errorMessage(tooBig).contains("maxRetainedBytes"))
    }
}
