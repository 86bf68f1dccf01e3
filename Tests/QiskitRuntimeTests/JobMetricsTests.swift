import Testing
@testable import QiskitRuntime
import RuntimeIO
import RuntimeWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `JobMetrics` read from both shapes of `GET /jobs/{id}/metrics` (PLATFORM §2, PROTOCOL §2.5),
/// and the job details built on it and on the job object: `usage`, `usageEstimation`, `tags`.
@Suite("Job metrics, usage and tags", .timeLimit(.minutes(1)))
struct JobMetricsTests {
    private static func metrics(_ text: String) throws -> JobMetrics {
        try JobMetrics(json: JSONParser.parse(text))
    }

    private static func date(_ text: String) -> Date? { ISO8601Date.parse(text) }

    // MARK: Decoding

    @Test("today's platform: timestamps, qpu_charge_time_seconds with its status, queue and estimates")
    func platformShape() throws {
        let queued = try Self.metrics("""
            {"timestamps": {"created": "2026-04-20T10:00:00.250000Z", "running": null, "finished": null}, \
            "usage": {"qpu_charge_time_seconds": 0, "status": "pending"}, "qiskit_version": "2.6.0", \
            "position_in_queue": 3, "estimated_start_time": "2026-04-20T10:05:00Z", \
            "estimated_completion_time": "2026-04-20T10:06:30.5Z", "executions": 0}
            """)
        #expect(queued.created == Self.date("2026-04-20T10:00:00.250000Z"))
        #expect(queued.created?.timeIntervalSince1970 == 1_776_679_200.25)
        #expect(queued.running == nil && queued.finished == nil)
        #expect(queued.positionInQueue == 3)
        #expect(queued.estimatedStartTime == Self.date("2026-04-20T10:05:00Z"))
        #expect(queued.estimatedCompletionTime == Self.date("2026-04-20T10:06:30.5Z"))
        #expect(queued.qiskitVersion == "2.6.0")
        #expect(queued.quantumSeconds == 0)
        #expect(queued.isUsagePending)
        #expect(queued.raw["executions"] == 0)
        #expect(queued.raw["usage"]?["status"] == "pending")

        let running = try Self.metrics("""
            {"timestamps": {"created": "2026-04-20T10:00:00Z", "running": "2026-04-20T10:05:01Z"}, \
            "usage": {"qpu_charge_time_seconds": 1.5, "status": "pending"}}
            """)
        #expect(running.quantumSeconds == 1.5)
        #expect(running.chargedSeconds == 0, "usage() is 0 while pending, as qiskit-ibm-runtime's")

        let done = try Self.metrics("""
            {"timestamps": {"created": "2026-04-20T10:00:00Z", "running": "2026-04-20T10:05:01Z", \
            "finished": "2026-04-20T10:05:04.125Z"}, "usage": {"qpu_charge_time_seconds": 3.125, "status": "final"}, \
            "position_in_queue": null, "estimated_start_time": null}
            """)
        #expect(done.finished == Self.date("2026-04-20T10:05:04.125Z"))
        #expect(done.isUsagePending == false)
        #expect(done.chargedSeconds == 3.125)
        #expect(done.positionInQueue == nil && done.estimatedStartTime == nil)
    }

    @Test("the legacy shape: usage.quantum_seconds with no status is final; the new figure wins when both are sent")
    func legacyShape() throws {
        let legacy = try Self.metrics("""
            {"timestamps": {"created": "2022-01-24T15:53:38.68766Z", "running": "2022-01-24T15:53:40Z", \
            "finished": "2022-01-24T15:53:42Z"}, "bss": {"seconds": 2}, "usage": {"seconds": 2, "quantum_seconds": 2}, \
            "qiskit_version": "0.19.2"}
            """)
        #expect(legacy.quantumSeconds == 2)
        #expect(legacy.isUsagePending == false)
        #expect(legacy.chargedSeconds == 2)
        #expect(legacy.created == Self.date("2022-01-24T15:53:38.68766Z"))
        #expect(legacy.qiskitVersion == "0.19.2")

        let both = try Self.metrics("""
            {"usage": {"seconds": 9, "quantum_seconds": 9, "qpu_charge_time_seconds": 4, "status": "final"}}
            """)
        #expect(both.quantumSeconds == 4)
        #expect(both.chargedSeconds == 4)

        // qiskit-ibm-runtime 0.51 reads a missing status as pending.
        let noStatus = try Self.metrics("{\"usage\": {\"qpu_charge_time_seconds\": 4}}")
        #expect(noStatus.isUsagePending)
        #expect(noStatus.chargedSeconds == 0)
        #expect(try Self.metrics("{\"usage\": {\"qpu_charge_time_seconds\": 4, \"status\": \"FINAL\"}}").chargedSeconds == 4)
        #expect(try Self.metrics("{\"usage\": {\"qpu_charge_time_seconds\": 4, \"status\": \"Pending\"}}").isUsagePending)
    }

    @Test("missing fields are nil; fields of the wrong type are nil; the rest of the document still reads")
    func lenientFields() throws {
        let empty = try Self.metrics("{}")
        #expect(empty == JobMetrics())
        #expect(empty.chargedSeconds == 0)

        let wrong = try Self.metrics("""
            {"timestamps": {"created": 17, "running": "yesterday", "finished": ["2026-04-20T10:00:00Z"]}, \
            "usage": {"qpu_charge_time_seconds": "3", "quantum_seconds": true, "status": 1}, \
            "position_in_queue": 2.5, "estimated_start_time": {}, "estimated_completion_time": "", \
            "qiskit_version": 2, "extra": {"kept": [1, 2]}}
            """)
        #expect(wrong.created == nil && wrong.running == nil && wrong.finished == nil)
        #expect(wrong.quantumSeconds == nil)
        #expect(wrong.isUsagePending, "a charge field with no readable status reads as pending")
        #expect(wrong.positionInQueue == nil)
        #expect(wrong.estimatedStartTime == nil && wrong.estimatedCompletionTime == nil)
        #expect(wrong.qiskitVersion == nil)
        #expect(wrong.raw["extra"] == ["kept": [1, 2]])

        let notObjects = try Self.metrics("{\"timestamps\": [1], \"usage\": \"none\", \"position_in_queue\": 4.0}")
        #expect(notObjects.created == nil && notObjects.quantumSeconds == nil && !notObjects.isUsagePending)
        #expect(notObjects.positionInQueue == 4)
        #expect(try Self.metrics("{\"usage\": {\"quantum_seconds\": NaN}}").quantumSeconds == nil)
    }

    @Test("a document that is not an object throws decodingFailed", arguments: ["[1, 2]", "\"metrics\"", "null", "42"])
    func notAnObject(text: String) throws {
        let error = #expect(throws: RuntimeError.self) { try Self.metrics(text) }
        #expect(error?.code == .decodingFailed)
    }

    // MARK: Through the SDK

    @Test("metrics() and usage() over the wire; a body that is not an object is a typed error")
    func overTheWire() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let service = try await CloudFixtures.service(transport, clock: clock)
        CloudFixtures.jobs(transport, "j1", CloudFixtures.jobJSON("j1", status: "Running"))
        let job = try await service.job("j1")
        transport.on("GET", "/api/v1/jobs/j1/metrics", replies: [
            .response(RuntimeHTTPResponse(status: 200, body: Array("""
                {"usage": {"qpu_charge_time_seconds": 2.5, "status": "pending"}, "position_in_queue": null}
                """.utf8))),
            .response(RuntimeHTTPResponse(status: 200, body: Array("""
                {"usage": {"qpu_charge_time_seconds": 2.5, "status": "final"}}
                """.utf8))),
            .response(RuntimeHTTPResponse(status: 200, body: Array("[\"not\", \"metrics\"]".utf8))),
        ])
        #expect(try await job.usage() == 0)
        #expect(try await job.usage(deadline: clock.now + .seconds(30)) == 2.5)
        let error = await #expect(throws: RuntimeError.self) { _ = try await job.metrics(timeout: .seconds(30)) }
        #expect(error?.code == .decodingFailed)
        #expect(transport.requests("GET", "/api/v1/jobs/j1/metrics").count == 3)
    }

    @Test("tags: from run options, from the job object, refreshed by every status read and read back after updateTags")
    func tags() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        transport.on("POST", "/api/v1/jobs", json: "{\"id\": \"j9\", \"backend\": \"ibm_torino\"}")
        let submitted = try await service.run(program: "sampler", backend: "ibm_torino", options: RunOptions(tags: ["a", "b"]))
        #expect(await submitted.tags == ["a", "b"])
        let untagged = try await service.run(program: "sampler", backend: "ibm_torino")
        #expect(await untagged.tags == [])

        CloudFixtures.jobs(transport, "j1", CloudFixtures.jobJSON("j1", status: "Running"))
        let job = try await service.job("j1")
        #expect(await job.tags == ["t1"])
        transport.on("GET", "/api/v1/jobs/j1", json: CloudFixtures.jobJSON("j1", status: "Running")
            .replacingOccurrences(of: "\"tags\": [\"t1\"]", with: "\"tags\": [\"s\"]"))
        #expect(try await job.status() == .running)
        #expect(await job.tags == ["s"], "a status read refreshes the tags")
        transport.on("GET", "/api/v1/jobs/j1", json: CloudFixtures.jobJSON("j1", status: "Running")
            .replacingOccurrences(of: "\"tags\": [\"t1\"], ", with: ""))
        #expect(try await job.status() == .running)
        #expect(await job.tags == ["s"], "an object without tags leaves them")

        // The service keeps its own order; the job takes the list it reads back.
        transport.on("PUT", "/api/v1/jobs/j1/tags", .response(RuntimeHTTPResponse(status: 204)))
        transport.on("GET", "/api/v1/jobs/j1", json: CloudFixtures.jobJSON("j1", status: "Completed")
            .replacingOccurrences(of: "\"tags\": [\"t1\"]", with: "\"tags\": [\"y\", \"x\"]"))
        #expect(try await job.updateTags(["x", "y"], timeout: .seconds(30)) == ["y", "x"])
        #expect(await job.tags == ["y", "x"])
        #expect(transport.requests("PUT", "/api/v1/jobs/j1/tags").first?.bodyText == "{\"tags\": [\"x\", \"y\"]}")
        #expect(try await job.status() == .done, "the read-back also observed the status")

        // A read-back that fails leaves the list sent: the service took it (204).
        transport.on("GET", "/api/v1/jobs/j1", .response(RuntimeHTTPResponse(status: 500)))
        #expect(try await job.updateTags(["z"]) == ["z"])
        #expect(await job.tags == ["z"])

        transport.on("PUT", "/api/v1/jobs/j1/tags", .response(RuntimeHTTPResponse(status: 200)))
        let error = await #expect(throws: RuntimeError.self) { try await job.updateTags(["w"]) }
        #expect(error?.code == .invalidResponse)
        #expect(await job.tags == ["z"], "a refused update leaves the tags")
    }

    @Test("usageEstimation: from the job object, read once when not known, nil when the service has none")
    func usageEstimation() async throws {
        let transport = ScriptedTransport()
        let clock = ManualClock()
        let service = try await CloudFixtures.service(transport, clock: clock)
        let withEstimate = CloudFixtures.jobJSON("j1", status: "Queued")
            .replacingOccurrences(of: "\"private\": false", with: "\"private\": false, \"estimated_running_time_seconds\": 4.25")
        CloudFixtures.jobs(transport, "j1", withEstimate)
        let job = try await service.job("j1")
        let reads = transport.requests("GET", "/api/v1/jobs/j1").count
        #expect(try await job.usageEstimation() == 4.25)
        #expect(transport.requests("GET", "/api/v1/jobs/j1").count == reads, "known from the job object")

        transport.on("POST", "/api/v1/jobs", json: "{\"id\": \"j2\", \"backend\": \"ibm_torino\"}")
        let submitted = try await service.run(program: "sampler", backend: "ibm_torino")
        transport.on("GET", "/api/v1/jobs/j2", json: CloudFixtures.jobJSON("j2", status: "Queued"))
        #expect(try await submitted.usageEstimation(timeout: .seconds(30)) == nil)
        transport.on("GET", "/api/v1/jobs/j2", json: CloudFixtures.jobJSON("j2", status: "Running")
            .replacingOccurrences(of: "\"private\": false", with: "\"private\": false, \"estimated_running_time_seconds\": \"soon\""))
        #expect(try await submitted.usageEstimation(deadline: clock.now + .seconds(30)) == nil, "not a number: nil")
        transport.on("GET", "/api/v1/jobs/j2", json: CloudFixtures.jobJSON("j2", status: "Running")
            .replacingOccurrences(of: "\"private\": false", with: "\"private\": false, \"estimated_running_time_seconds\": 12"))
        #expect(try await submitted.usageEstimation() == 12)
        #expect(try await submitted.usageEstimation() == 12)
        #expect(transport.requests("GET", "/api/v1/jobs/j2").count == 3, "asked until known, then kept")
    }
}
