import Testing
import RuntimeWire
@testable import QiskitRuntime

@Suite("Status mapping (PROTOCOL §4.1, §4.2)")
struct StatusMappingTests {
    private func report(_ json: String) throws -> JobStatusReport {
        try JobStatusReport.parse(job: try WireJSON.parse(Array(json.utf8), context: "test"))
    }

    @Test("flat title-case strings are upper-cased and mapped", arguments: [
        ("Queued", JobStatus.queued), ("Running", .running), ("Completed", .done), ("Failed", .error),
        ("Cancelled", .cancelled), ("Cancelled - Ran too long", .error), ("COMPLETED", .done), ("running", .running),
    ])
    func flat(_ text: String, _ expected: JobStatus) throws {
        #expect(try report("{\"status\": \"\(text)\"}").status == expected)
    }

    @Test("ran too long is an error of its own kind")
    func ranTooLong() throws {
        let legacy = try report("{\"status\": \"Cancelled - Ran too long\"}")
        #expect(legacy.failure == .ranTooLong)
        // The legacy status carries no code: the reason is the v1 API's 1305, and no message
        // template changes (the reason text stays unset).
        #expect(legacy.detail?.serviceCode == .ranTooLong && legacy.detail?.message == "Ran too long")
        #expect(legacy.reason == nil)
        let failed = try report("{\"status\": \"Failed\"}")
        #expect(failed.failure == .failed)
        #expect(failed.detail == nil)
    }

    @Test("state.status wins, with reason and reason code; code 1305 means error")
    func state() throws {
        let r = try report("{\"status\": \"Running\", \"state\": {\"status\": \"Failed\", \"reason\": \"boom\", \"reasonCode\": 1517}}")
        #expect(r.status == .error)
        #expect(r.reason == "Error code 1517; boom")
        let tooLong = try report("{\"state\": {\"status\": \"Cancelled\", \"reason\": \"Ran too long\", \"reason_code\": 1305}}")
        #expect(tooLong.status == .error)
        #expect(tooLong.failure == .ranTooLong)
        #expect(tooLong.detail?.serviceCode == .ranTooLong)
        #expect(r.detail?.serviceCode == .notISA)
        let plain = try report("{\"state\": {\"status\": \"Cancelled\", \"reason_code\": \"1400\"}}")
        #expect(plain.status == .cancelled)
    }

    @Test("a flat 'Cancelled - Ran too long' beside state Cancelled with a null code is an error (issue #989)")
    func maintainersShape() throws {
        let r = try report("""
            {"status": "Cancelled - Ran too long", "state": {"status": "Cancelled", "reason": "Ran too long", "reasonCode": null}}
            """)
        #expect(r.status == .error)
        #expect(r.failure == .ranTooLong)
    }

    @Test("an unknown status is RuntimeError(.unknownStatus) naming the original text")
    func unknown() {
        do {
            _ = try report("{\"status\": \"Hibernating\"}")
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error.code == .unknownStatus)
            #expect(error.message == "Unknown status: Hibernating")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a job without a status is an invalid response")
    func missing() {
        #expect(throws: RuntimeError.self) { try report("{\"id\": \"x\"}") }
        do { _ = try report("{\"status\": 3}") } catch let e as RuntimeError { #expect(e.code == .invalidResponse) } catch {}
    }

    @Test("final statuses")
    func finality() {
        #expect(JobStatus.allCases.filter(\.isFinal) == [.cancelled, .done, .error])
    }
}
