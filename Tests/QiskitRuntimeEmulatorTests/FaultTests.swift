import RuntimeIO
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

@Suite("Fault injection")
struct FaultTests {
    @Test("next(N) answers the next N matching requests with the status, then recovers")
    func nextStatus() async throws {
        let h = EmulatorHarness(faults: Faults(http: [HTTPFault(endpoint: .listJobs, effect: .status(503), trigger: .next(2))]))
        #expect(await h.request("GET", "/runtime/programs").status == 200)   // other endpoint untouched
        let first = await h.request("GET", "/runtime/jobs")
        #expect(first.status == 503)
        #expect(first.json?["errors"]?.arrayValue?.first?["code"] == .string("service_unavailable"))
        #expect(first.json?["trace"]?.stringValue != nil)
        #expect(await h.request("GET", "/runtime/jobs").status == 503)
        #expect(await h.request("GET", "/runtime/jobs").status == 200)
    }

    @Test("faults come before the token check; rate limits carry Retry-After")
    func rateLimited() async throws {
        let h = EmulatorHarness()
        h.service.inject(HTTPFault(endpoint: nil, effect: .rateLimited(retryAfterSeconds: 2), trigger: .next(1)))
        let limited = await h.request("GET", "/runtime/jobs", token: "wrong")
        #expect(limited.status == 429)
        #expect(limited.headers["Retry-After"] == "2")
        #expect(limited.json?["errors"]?.arrayValue?.first?["code"] == .string("rate_limited"))
        #expect(await h.request("GET", "/runtime/jobs", token: "wrong").status == 401)
    }

    @Test("everyNth(3) hits requests 3, 6, 9 …")
    func everyNth() async throws {
        let h = EmulatorHarness(faults: Faults(http: [HTTPFault(endpoint: .getProgram, effect: .status(500), trigger: .everyNth(3))]))
        var statuses: [Int] = []
        for _ in 0..<7 { statuses.append(await h.request("GET", "/runtime/programs/sampler").status) }
        #expect(statuses == [200, 200, 500, 200, 200, 500, 200])
    }

    @Test("random(probability:seed:) is reproducible from its seed and near its rate")
    func seededRate() async throws {
        func run() async -> [Int] {
            let h = EmulatorHarness(faults: Faults(http: [
                HTTPFault(endpoint: .listPrograms, effect: .status(500), trigger: .random(probability: 0.25, seed: 42)),
            ]))
            var statuses: [Int] = []
            for _ in 0..<200 { statuses.append(await h.request("GET", "/runtime/programs").status) }
            return statuses
        }
        let first = await run()
        #expect(first == (await run()))
        let failures = first.filter { $0 == 500 }.count
        #expect(failures > 25 && failures < 75)
        #expect(Set(first) == [200, 500])
    }

    @Test("the stream route: token and faults are checked by the router, then the stream handler gets the decoded id")
    func streamRoute() async throws {
        let h = EmulatorHarness()
        #expect(await h.request("GET", "/runtime/stream/jobs/abc").status == 501)
        h.service.setStreamHandler { _, jobID in
            .respond(HTTPServerResponse(status: 299, body: Array(jobID.utf8)))
        }
        let reply = await h.request("GET", "/runtime/stream/jobs/a%2Fb")
        #expect(reply.status == 299)
        #expect(reply.text == "a/b")
        #expect(await h.request("GET", "/runtime/stream/jobs/abc", token: "bad").status == 401)
        h.service.inject(HTTPFault(endpoint: .stream, effect: .status(503), trigger: .next(1)))
        #expect(await h.request("GET", "/runtime/stream/jobs/abc").status == 503)
        #expect(await h.request("GET", "/runtime/stream/jobs/abc").status == 299)
    }

    @Test("a malformed body keeps the status but is no longer valid JSON")
    func malformedBody() async throws {
        let h = EmulatorHarness()
        let id = try await h.submit("hello-world")
        h.service.inject(HTTPFault(endpoint: .getJob, effect: .malformedBody, trigger: .next(1)))
        let broken = await h.request("GET", "/runtime/jobs/\(id)")
        #expect(broken.status == 200)
        #expect(broken.json == nil)
        #expect(broken.text.hasPrefix("{"))
        #expect(await h.request("GET", "/runtime/jobs/\(id)").json != nil)
    }

    @Test("a delay fault answers normally, later")
    func delay() async throws {
        let h = EmulatorHarness(faults: Faults(http: [HTTPFault(endpoint: .version, effect: .delay(.milliseconds(30)), trigger: .next(1))]))
        let start = ContinuousClock.now
        let reply = await h.request("GET", "/api/version", token: nil)
        #expect(reply.status == 200)
        #expect(ContinuousClock.now - start >= .milliseconds(30))
    }

    @Test("an injected legacy-endpoint fault uses the legacy error body")
    func legacyFault() async throws {
        let h = EmulatorHarness(faults: Faults(http: [HTTPFault(endpoint: .login, effect: .status(502), trigger: .next(1))]))
        let reply = await h.request("POST", "/api/users/loginWithToken", body: #"{"apiToken": "test-api-token"}"#, token: nil)
        #expect(reply.status == 502)
        #expect(reply.json?["error"]?["statusCode"] == .integer(502))
    }

    @Test("per-job inputs: malformed results, and websocket faults stored for the stream layer")
    func perJobFaults() async throws {
        let h = EmulatorHarness(
            timing: EmulatorTiming(queued: .zero, interval: .zero),
            faults: Faults(stream: StreamFaults(dropAfter: 7, dropMode: .abrupt)))
        let plain = try await h.submit("hello-world")
        #expect(h.service.streamFaults(ofJob: plain) == StreamFaults(dropAfter: 7, dropMode: .abrupt, malformedFrames: false))
        let faulty = try await h.submit("hello-world", params: #"{"_fault_ws_drop_after": 2, "_fault_ws_drop_mode": "1011", "_fault_ws_malformed_frames": true, "_fault_malformed_results": true}"#)
        #expect(h.service.streamFaults(ofJob: faulty) == StreamFaults(dropAfter: 2, dropMode: .close1011, malformedFrames: true))
        let results = await h.request("GET", "/runtime/jobs/\(faulty)/results")
        #expect(results.status == 200)
        #expect(results.text != "\"All done!\"")
        #expect(await h.request("GET", "/runtime/jobs/\(plain)/results").text == "\"All done!\"")
        #expect(h.service.streamFaults(ofJob: "nope") == nil)
        let bad = await h.request("POST", "/runtime/jobs", body: #"{"program_id": "hello-world", "params": {"_fault_ws_drop_mode": "x"}}"#)
        #expect(bad.status == 400)
    }
}
