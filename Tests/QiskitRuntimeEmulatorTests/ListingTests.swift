import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

@Suite("Paging of jobs and programs")
struct ListingTests {
    @Test("GET /jobs pages newest first with an exact count, and filters pending and program")
    func jobsPaging() async throws {
        let h = EmulatorHarness()
        var ids: [String] = []
        for i in 0..<5 {
            ids.append(try await h.submit(i % 2 == 0 ? "hello-world" : "sampler"))
            h.advance(seconds: 0.001)
        }
        let first = try #require(await h.request("GET", "/runtime/jobs?limit=2").json)
        #expect(first["count"] == .integer(5))
        #expect(first["limit"] == .integer(2))
        #expect(first["offset"] == .integer(0))
        #expect(first["jobs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[4], ids[3]])
        let last = try #require(await h.request("GET", "/runtime/jobs?limit=2&offset=4").json)
        #expect(last["jobs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[0]])
        #expect(last["count"] == .integer(5))
        let beyond = try #require(await h.request("GET", "/runtime/jobs?limit=2&offset=9").json)
        #expect(beyond["jobs"] == .array([]))
        #expect(beyond["count"] == .integer(5))

        let program = try #require(await h.request("GET", "/runtime/jobs?program=sampler").json)
        #expect(program["count"] == .integer(2))
        #expect(program["jobs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[3], ids[1]])

        #expect(await h.request("POST", "/runtime/jobs/\(ids[0])/cancel").status == 204)
        let pending = try #require(await h.request("GET", "/runtime/jobs?pending=true&limit=10").json)
        #expect(pending["count"] == .integer(4))
        let finished = try #require(await h.request("GET", "/runtime/jobs?pending=false").json)
        #expect(finished["count"] == .integer(1))
        #expect(finished["jobs"]?.arrayValue?.first?["id"] == .string(ids[0]))
        let combined = try #require(await h.request("GET", "/runtime/jobs?limit=5&offset=1&pending=true&program=hello-world").json)
        #expect(combined["count"] == .integer(2))
        #expect(combined["jobs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[2]])
        let excluded = try #require(await h.request("GET", "/runtime/jobs?exclude_params=true").json)
        #expect(excluded["jobs"]?.arrayValue?.allSatisfy { $0["params"] == nil } == true)
    }

    @Test("the Python client's paging loop collects every job exactly once")
    func pythonPagingLoop() async throws {
        let h = EmulatorHarness()
        var submitted: Set<String> = []
        for _ in 0..<45 { submitted.insert(try await h.submit("hello-world")) }
        var collected: [String] = []
        var offset = 0
        while true {
            let page = try #require(await h.request("GET", "/runtime/jobs?limit=20" + (offset > 0 ? "&offset=\(offset)" : "")).json)
            let jobs = try #require(page["jobs"]?.arrayValue)
            collected += jobs.compactMap { $0["id"]?.stringValue }
            offset += jobs.count
            if Int64(collected.count) == page["count"]?.integerValue || jobs.isEmpty { break }
        }
        #expect(collected.count == 45)
        #expect(Set(collected) == submitted)
    }

    @Test("GET /programs pages with count; GET /programs/{id} percent-decodes and 404s")
    func programs() async throws {
        let h = EmulatorHarness()
        let all = try #require(await h.request("GET", "/runtime/programs").json)
        #expect(all["count"] == .integer(4))
        let names = all["programs"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(names == ["failing-program", "hello-world", "long-running", "sampler"])
        let page = try #require(await h.request("GET", "/runtime/programs?limit=2&offset=1").json)
        #expect(page["programs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["hello-world", "long-running"])
        #expect(page["count"] == .integer(4))
        let program = try #require(await h.request("GET", "/runtime/programs/hello%2Dworld").json)
        #expect(program["name"] == .string("hello-world"))
        #expect(program["cost"]?.integerValue != nil)
        #expect(program["spec"]?["parameters"] != nil)
        #expect(program["creation_date"]?.stringValue?.hasSuffix("Z") == true)
        let missing = await h.request("GET", "/runtime/programs/nope")
        #expect(missing.status == 404)
        #expect(missing.json?["errors"]?.arrayValue?.first?["message"] == .string("Program not found: nope"))
    }
}
