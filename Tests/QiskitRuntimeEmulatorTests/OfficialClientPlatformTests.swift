import Foundation
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

/// The newest official Python client, qiskit-ibm-runtime (unmodified, in its own venv made by
/// `.ci/run`), runs its platform flow against the emulator's v1 mode: start-up, backends and a
/// transpiler target, usage, a Session and a Batch with jobs, status, cancel, logs, metrics,
/// tags and job lists. The script is `Python/official_client_platform.py`.
@Suite("Official Python client (qiskit-ibm-runtime) on the v1 platform", .timeLimit(.minutes(3)))
struct OfficialClientPlatformTests {
    @Test("service start-up, backends with a target, usage, session and batch, job status/cancel/logs/metrics/lists")
    func platformFlow() async throws {
        let apiKey = "official-client-key"
        let crn = "crn:v1:bluemix:public:quantum-computing:us-east:a/official:instance-1::"
        guard let (out, output) = try await OfficialClientRun.run(
            script: "official_client_platform.py",
            timing: EmulatorTiming(queued: .milliseconds(100), interval: .milliseconds(100), interimCount: 2),
            apiKey: apiKey, crn: crn)
        else { return }
        #expect(!output.contains(apiKey), "the API key leaked into the client's output")

        #expect(out["active_instance"] == .string(crn))
        #expect(out["backends"] == .strings(["fake_tallinn", "fake_lisbon", "fake_bergen"]))
        #expect(out["least_busy"]?.stringValue.map { ["fake_lisbon", "fake_bergen"].contains($0) } == true)
        let bergen = try #require(out["bergen"])
        #expect(bergen["num_qubits"] == .integer(156))
        #expect(bergen["cz_pairs"] == .integer(352))
        #expect(bergen["operations"] == .strings(
            ["cz", "delay", "for_loop", "id", "if_else", "measure", "reset", "rz", "switch_case", "sx", "x"]))
        #expect(bergen["dt"]?.doubleValue.map { abs($0 - 4e-9) < 1e-15 } == true)
        #expect(bergen["t1_q0"]?.doubleValue.map { (5e-5...4e-4).contains($0) } == true)
        #expect(bergen["processor"]?["family"] == .string("Heron"))
        #expect(out["lisbon"]?["num_qubits"] == .integer(127))
        #expect(out["lisbon"]?["ecr_pairs"] == .integer(144))
        #expect(out["lisbon"]?["basis"] == .strings(["ecr", "id", "rz", "sx", "x"]))
        #expect(out["tallinn_status"]?["operational"] == .bool(true))
        #expect(out["tallinn_status"]?["status_msg"] == .string("active"))
        #expect(out["usage"]?["usage_consumed_seconds"] == .double(0))
        let isa = try #require(out["isa_ops"]?.arrayValue?.compactMap { $0.stringValue })
        #expect(Set(isa).isSubset(of: ["cz", "rz", "sx", "x", "measure", "barrier"]) && isa.contains("cz"))

        #expect(out["session_status_new"] == .string("Pending"))
        #expect(out["job_running"] == .string("RUNNING"))
        #expect(out["session_status_running"] == .string("In progress, accepting new jobs"))
        #expect(out["session_details"]?["state"] == .string("active"))
        #expect(out["session_details"]?["mode"] == .string("dedicated"))
        #expect(out["session_details"]?["max_time"] == .integer(600))
        #expect(out["job_cancelled"] == .string("CANCELLED"))
        #expect(out["logs"]?.stringValue?.contains("Job cancelled.") == true)
        #expect(out["metrics_keys"]?.arrayValue?.contains(.string("timestamps")) == true)
        #expect(out["metrics_usage"]?["status"] == .string("final"))
        #expect(out["job_tags"] == .strings(["emulator:running_s=30", "official"]))
        let ids = try #require(out["job_ids"]?.arrayValue?.compactMap { $0.stringValue })
        let sessionJob = try #require(ids.first), batchJob = try #require(ids.last)
        #expect(out["session_after_close"]?["accepting_jobs"] == .bool(false))
        #expect(out["session_after_close"]?["state"] == .string("closed"))
        #expect(out["session_usage"]?.doubleValue.map { $0 > 0 } == true)
        #expect(out["job_session"]?.stringValue != nil)

        #expect(out["batch_job"] == .string("DONE"))
        #expect(out["batch_mode"] == .string("batch"))
        #expect(out["batch_job_usage"]?.doubleValue.map { $0 > 0 } == true)
        #expect(out["batch_tags"] == .strings(["renamed"]))
        #expect(out["batch_tags_property"] == .strings(["renamed"]), "job.tags is refreshed by update_tags")
        #expect(out["batch_usage_estimation"]?["quantum_seconds"]?.doubleValue.map { $0 > 0 } == true)
        let batchMetrics = try #require(out["batch_metrics"])
        for stamp in ["created", "running", "finished"] {
            #expect(batchMetrics["timestamps"]?[stamp]?.stringValue?.hasSuffix("Z") == true, "timestamps.\(stamp)")
        }
        #expect(batchMetrics["usage"]?["status"] == .string("final"))
        #expect(batchMetrics["usage"]?["qpu_charge_time_seconds"] == out["batch_job_usage"], "job.usage() reads the final charge")
        #expect(batchMetrics["position_in_queue"] == .null)
        #expect(batchMetrics["qiskit_version"]?.stringValue != nil)
        #expect(out["jobs_all"] == .strings([batchJob, sessionJob]))
        #expect(out["jobs_session"] == .strings([sessionJob]))
        #expect(out["jobs_tagged"] == .strings([sessionJob]))   // the batch job's tags were replaced
        #expect(out["jobs_done"] == .strings([batchJob, sessionJob]))
        #expect(out["jobs_ascending"] == .strings([sessionJob, batchJob]))
        #expect(out["usage_after"]?.doubleValue.map { $0 > 0 } == true)
    }
}
