#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import QiskitRuntime
import QuantumCircuits

/// The job fields and reads of today's platform (PLATFORM.md §2–§3): the `POST /jobs` fields,
/// `messages`, `exclude_params=true` on every status and list read, `inputs()` on demand, the
/// list filters and pages, status reasons and the submission timeout.
@Suite("Today's platform: job fields and reads", .timeLimit(.minutes(1)))
struct PlatformJobTests {
    static let created = #""created": "2026-04-20T10:00:00Z""#

    @Test("run sends session_id, tags, log_level, cost (whole seconds, rounded up), private and calibration_id")
    func runFields() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        transport.on("POST", "/api/v1/jobs", json: #"{"id": "j1", "backend": "ibm_torino", "session_id": "s1"}"#)
        let job = try await service.run(
            program: "sampler", backend: "ibm_torino", inputs: ["pubs": []],
            options: RunOptions(
                logLevel: "WARNING", tags: ["a", "b"], sessionID: "s1", maxExecutionTime: .milliseconds(90_500),
                isPrivate: true, calibrationID: "cal-7"))
        #expect(transport.requests("POST", "/api/v1/jobs").first?.bodyText == """
            {"program_id": "sampler", "params": {"pubs": []}, "backend": "ibm_torino", "session_id": "s1", \
            "log_level": "WARNING", "tags": ["a", "b"], "cost": 91, "private": true, "calibration_id": "cal-7"}
            """)
        #expect(job.sessionID == "s1")
        #expect(job.submissionWarnings.isEmpty)

        // Defaults send none of them.
        _ = try await service.run(program: "sampler", backend: "ibm_torino")
        #expect(transport.requests("POST", "/api/v1/jobs").last?.bodyText
            == #"{"program_id": "sampler", "params": {}, "backend": "ibm_torino"}"#)
    }

    @Test("the legacy body carries the new fields too, after its own")
    func legacyFields() async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        transport.on("POST", "/jobs", json: #"{"id": "j1"}"#)
        let job = try await service.run(
            program: "p", backend: "b", options: RunOptions(sessionID: "s9", maxExecutionTime: .seconds(60)))
        #expect(transport.requests.first?.bodyText == """
            {"program_id": "p", "hub": "h1", "group": "g1", "project": "p1", "backend": "b", "params": {}, \
            "runtime": null, "session_id": "s9", "cost": 60}
            """)
        #expect(job.sessionID == "s9")
    }

    @Test("a maximum execution time under one second is refused before any request")
    func shortCost() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        let before = transport.requests.count
        await #expect(throws: RuntimeError.self) {
            _ = try await service.run(program: "p", backend: "b", options: RunOptions(maxExecutionTime: .zero))
        }
        #expect(transport.requests.count == before)
    }

    @Test("messages of the POST answer become submission warnings and log lines")
    func messages() async throws {
        let transport = ScriptedTransport()
        CloudFixtures.scriptTokens(transport)
        let sink = LogSink()
        var configuration = CloudFixtures.configuration(transport)
        configuration.logHandler = sink.handler
        let service = try await RuntimeService(configuration: configuration)
        transport.on("POST", "/api/v1/jobs", json: """
            {"id": "j1", "backend": "b", "messages": [{"level": "WARNING", "data": "You are at 95% of your usage limit."}, \
            {"level": "info", "data": {"queue": 3}}, {"data": null}, "plain text"]}
            """)
        let job = try await service.run(program: "p", backend: "b")
        #expect(job.submissionWarnings == [
            SubmissionWarning(level: "warning", message: "You are at 95% of your usage limit."),
            SubmissionWarning(level: "info", message: #"{"queue": 3}"#),
            SubmissionWarning(level: "warning", message: "plain text"),
        ])
        let lines = sink.lines.filter { $0.text.contains("the service says") }
        #expect(lines.map(\.level) == [.warning, .info, .warning])
        #expect(lines.first?.text.contains("95% of your usage limit") == true)
    }

    @Test("POST /jobs gets the submission timeout (900 s by default), other calls the request timeout")
    func submissionTimeout() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock(autoAdvance: false)
        CloudFixtures.scriptTokens(transport)
        let service = try await RuntimeService(configuration: CloudFixtures.configuration(transport, clock: clock))
        transport.on("POST", "/api/v1/jobs", json: #"{"id": "j1", "backend": "b"}"#)
        CloudFixtures.jobs(transport, "j1", CloudFixtures.jobJSON("j1", status: "Running"))
        let job = try await service.run(program: "p", backend: "b")
        _ = try await job.status()
        let deadlines = transport.deadlines
        #expect(deadlines.count == 3)
        #expect(deadlines[1] - clock.now == .seconds(900))
        #expect(deadlines[2] - clock.now == .seconds(60))

        var configuration = CloudFixtures.configuration(transport, clock: clock)
        configuration.submissionTimeout = .seconds(1800)
        let configured = try await RuntimeService(configuration: configuration)
        _ = try await configured.run(program: "p", backend: "b")
        #expect(transport.deadlines.last.map { $0 - clock.now } == .seconds(1800))
    }

    @Test("status, job(id), creationDate and lists send exclude_params=true; inputs() fetches the params once")
    func excludeParams() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        let object = """
            {"id": "j1", "backend": "b", "state": {"status": "Running"}, "program": {"id": "sampler"}, \(Self.created)}
            """
        transport.on("GET", "/api/v1/jobs/j1", json: object)
        let job = try await service.job("j1")
        _ = try await job.status()
        _ = try await job.creationDate
        transport.on("GET", "/api/v1/jobs", json: #"{"jobs": [\#(object)], "count": 1}"#)
        for try await _ in service.jobs() {}
        let reads = transport.requests.filter { $0.method == "GET" && $0.url.contains("/api/v1/jobs") }
        #expect(reads.count == 3)
        for read in reads { #expect(ScriptedTransport.query(of: read.url).hasPrefix("exclude_params=true"), "\(read.url)") }

        // The params arrive only when asked for, with a read without the query, once.
        transport.on("GET", "/api/v1/jobs/j1", json: """
            {"id": "j1", "backend": "b", "state": {"status": "Running"}, "params": {"pubs": [["OPENQASM 3.0;"]]}}
            """)
        #expect(try await job.inputs() == ["pubs": [["OPENQASM 3.0;"]]])
        #expect(try await job.inputs() == ["pubs": [["OPENQASM 3.0;"]]])
        let paramReads = transport.requests("GET", "/api/v1/jobs/j1").filter { ScriptedTransport.query(of: $0.url).isEmpty }
        #expect(paramReads.count == 1)
    }

    @Test("a submitted job knows its inputs without a request")
    func submittedInputs() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        transport.on("POST", "/api/v1/jobs", json: #"{"id": "j1", "backend": "b"}"#)
        let job = try await service.run(program: "p", backend: "b", inputs: ["shots": 7])
        let before = transport.requests.count
        #expect(try await job.inputs() == ["shots": 7])
        #expect(transport.requests.count == before)
    }

    @Test("jobs() sends every filter in the Python client's order: tags repeated, dates in UTC, sort=ASC")
    func listFilters() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        transport.on("GET", "/api/v1/jobs", json: #"{"jobs": [], "count": 0}"#)
        let after = Date(timeIntervalSince1970: 1_776_679_200)         // 2026-04-20T10:00:00Z
        let before = Date(timeIntervalSince1970: 1_776_679_200.25)
        for try await _ in service.jobs(
            limit: 50, offset: 5, pending: true, program: "sampler", backend: "ibm_torino", tags: ["x y", "z"],
            sessionID: "s1", createdAfter: after, createdBefore: before, order: .oldestFirst) {}
        let query = try #require(transport.requests("GET", "/api/v1/jobs").first.map { ScriptedTransport.query(of: $0.url) })
        #expect(query == "exclude_params=true&limit=50&offset=5&backend=ibm_torino&pending=true&program=sampler"
            + "&tags=x%20y&tags=z&session_id=s1&created_after=2026-04-20T10%3A00%3A00%2B00%3A00"
            + "&created_before=2026-04-20T10%3A00%3A00.250000%2B00%3A00&sort=ASC")
    }

    @Test("pages: one request per page, on demand, with the total count; none before the first is asked for")
    func pages() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        func page(_ ids: Range<Int>) -> ScriptedTransport.Reply {
            let jobs = ids.map { CloudFixtures.jobJSON("j\($0)", status: "Completed") }.joined(separator: ", ")
            return .response(RuntimeHTTPResponse(status: 200, body: Array(#"{"jobs": [\#(jobs)], "count": 45}"#.utf8)))
        }
        transport.on("GET", "/api/v1/jobs", page(0..<20), page(20..<40), page(40..<45))
        let start = transport.requests.count
        var iterator = service.jobs(limit: nil).pages.makeAsyncIterator()
        #expect(transport.requests.count == start)
        let first = try #require(try await iterator.next())
        #expect(first.jobs.count == 20)
        #expect(first.totalCount == 45)
        #expect(first.offset == 0)
        #expect(transport.requests.count == start + 1)
        let second = try #require(try await iterator.next())
        #expect(second.offset == 20)
        #expect(second.jobs.first?.jobID == "j20")
        let third = try #require(try await iterator.next())
        #expect(third.jobs.map(\.jobID) == (40..<45).map { "j\($0)" })
        #expect(try await iterator.next() == nil)
        #expect(transport.requests.count == start + 3)
    }

    @Test("status reasons keep reason_code and reason_solution; Cancelled with 1305 is a failure with that reason")
    func reasons() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        transport.on("GET", "/api/v1/jobs/j1", json: """
            {"id": "j1", "backend": "b", "state": {"status": "Cancelled", "reason": "Ran too long", "reason_code": 1305, \
            "reason_solution": "Increase the maximum execution time."}}
            """)
        let job = try await service.job("j1")
        #expect(try await job.status() == .error)
        let reason = try #require(await job.statusReason)
        #expect(reason == JobStatusReason(code: 1305, message: "Ran too long", solution: "Increase the maximum execution time."))
        #expect(reason.description == "Error code 1305; Ran too long (solution: Increase the maximum execution time.)")
        #expect(JobStatusReason(message: "m").description == "m")
        #expect(JobStatusReason(code: 7).description == "Error code 7")
        #expect(try await job.errorMessage() == "Error code 1305; Ran too long")
        do {
            _ = try await job.result()
            Issue.record("a job that ran too long has no result")
        } catch let error as RuntimeError {
            #expect(error.code == .jobFailed)
            #expect(error.message.contains("1305"))
        }

        transport.on("GET", "/api/v1/jobs/j2", json: """
            {"id": "j2", "backend": "b", "state": {"status": "Failed", "reason": "Not ISA", "reasonCode": "1517"}}
            """)
        let failed = try await service.job("j2")
        #expect(try await failed.status() == .error)
        #expect(await failed.statusReason == JobStatusReason(code: 1517, message: "Not ISA"))

        transport.on("GET", "/api/v1/jobs/j3", json: #"{"id": "j3", "backend": "b", "state": {"status": "Running"}}"#)
        #expect(await (try service.job("j3")).statusReason == nil)
    }
}
