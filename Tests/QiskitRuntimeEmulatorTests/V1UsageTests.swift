import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

@Suite("v1 API: instance usage over HTTP", .timeLimit(.minutes(2)))
struct V1UsageTests {
    static func job(_ seconds: Double) -> String {
        #""program_id": "hello-world", "backend": "fake_tallinn", "params": {"queued_s": 0}, "tags": ["emulator:running_s=\#(seconds)"]"#
    }

    @Test("usage counts the jobs' run time; no limit: never reached, no warnings")
    func unlimited() async throws {
        try await V1HTTPHarness.with { h in
            let token = try await h.token()
            let before = try #require(try await h.v1("GET", "/instances/usage", token: token).json)
            #expect(before["instance_id"] == .string(V1HTTPHarness.crn))
            #expect(before["plan_id"] == .string("premium"))
            #expect(before["usage_consumed_seconds"] == .double(0))
            #expect(before["usage_limit_reached"] == .bool(false))
            #expect(before["usage_limit_seconds"] == nil)
            #expect(before["usage_period"]?["start_time"] == .string("2026-01-01T00:00:00.000000Z"))
            #expect(before["usage_period"]?["end_time"] == .string("2026-02-01T00:00:00.000000Z"))
            let reply = try await h.submit(Self.job(30), token: token)
            #expect(reply.json?["messages"] == nil)
            h.advance(seconds: 12)
            #expect(try await h.v1("GET", "/instances/usage", token: token).json?["usage_consumed_seconds"] == .double(12))
            h.advance(seconds: 100)
            #expect(try await h.v1("GET", "/instances/usage", token: token).json?["usage_consumed_seconds"] == .double(30))
        }
    }

    @Test("near the limit POST /jobs warns in messages; at the limit it refuses with 4317 and usage_limit_reached")
    func limit() async throws {
        try await V1HTTPHarness.with({
            $0.platform.usageLimit = .seconds(100)
            $0.accessTokens = ["legacy-token"]
        }) { h in
            let token = try await h.token()
            let first = try await h.submit(Self.job(89), token: token)
            #expect(first.status == 200)
            #expect(first.json?["messages"] == nil)
            h.advance(seconds: 89)
            let usage = try #require(try await h.v1("GET", "/instances/usage", token: token).json)
            #expect(usage["usage_limit_seconds"] == .double(100))
            #expect(usage["usage_limit_reached"] == .bool(false))
            #expect(try await h.submit(Self.job(1), token: token).json?["messages"] == nil)   // 89 %
            h.advance(seconds: 1)
            let warned = try await h.submit(Self.job(10), token: token)   // 90 %
            #expect(warned.status == 200)
            let message = try #require(warned.json?["messages"]?.arrayValue?.first)
            #expect(message["level"] == .string("warning"))
            #expect(message["data"]?.stringValue?.contains("90%") == true)
            h.advance(seconds: 10)
            let refused = try await h.submit(Self.job(1), token: token)
            #expect(refused.status == 400)
            #expect(refused.errorCode == .integer(4317))
            let reached = try #require(try await h.v1("GET", "/instances/usage", token: token).json)
            #expect(reached["usage_limit_reached"] == .bool(true))
            #expect(reached["usage_consumed_seconds"] == .double(100))
            // The legacy API is not metered: its jobs are accepted and their run time does not count.
            let legacy = try await h.send(
                "POST", "/runtime/jobs", body: #"{"program_id": "hello-world", "params": {"queued_s": 0}}"#,
                headers: [("X-Access-Token", "legacy-token")])
            #expect(legacy.status == 200)
            h.advance(seconds: 5)
            #expect(try await h.v1("GET", "/instances/usage", token: token).json?["usage_consumed_seconds"] == .double(100))
        }
    }
}
