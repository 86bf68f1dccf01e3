import Foundation
import Synchronization
import RuntimeIO
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

@Suite("Emulator on a loopback port", .timeLimit(.minutes(3)))
struct EmulatorServerTests {
    @Test("serves the router on an ephemeral port until shut down")
    func loopback() async throws {
        // A manual clock: the job stays queued however slowly this machine runs the test.
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(accessTokens: ["t"], clock: .manual()))
        #expect(emulator.port > 0)
        #expect(emulator.baseURL == "http://127.0.0.1:\(emulator.port)")
        #expect(emulator.url?.port == emulator.port)
        let client = HTTPClient()
        defer { client.shutdown() }
        // Loose: the whole test suite runs beside this test on two cores (a 10 s deadline was
        // missed once in CI).
        let deadline = ContinuousClock.now + .seconds(60)
        let version = try await client.execute(HTTPClientRequest(method: "GET", url: emulator.authURL + "/version"), deadline: deadline)
        #expect(version.status == 200)
        let submit = try await client.execute(HTTPClientRequest(
            method: "POST", url: emulator.runtimeURL + "/jobs", headers: HTTPHeaders([("X-Access-Token", "t")]),
            body: Array(#"{"program_id": "hello-world", "params": {"iterations": 1}}"#.utf8)), deadline: deadline)
        #expect(submit.status == 200)
        let id = try #require(try JSONParser.parse(submit.body)["id"]?.stringValue)
        #expect(emulator.service.status(ofJob: id) == .queued)
        let me = try await client.execute(HTTPClientRequest(
            method: "GET", url: emulator.authURL + "/users/me", headers: HTTPHeaders([("X-Access-Token", "t")])), deadline: deadline)
        #expect(try JSONParser.parse(me.body)["urls"]?["services"]?["runtime"] == .string(emulator.runtimeURL))
        await emulator.shutdown()
        await #expect(throws: (any Error).self) {
            _ = try await client.execute(HTTPClientRequest(method: "GET", url: emulator.authURL + "/version"),
                                         deadline: ContinuousClock.now + .seconds(2))
        }
    }

    /// The script the reference client runs: discovery, programs, every outcome, cancel, paging, delete.
    static let script = #"""
import json, sys, warnings
warnings.filterwarnings("ignore")
import logging
logging.disable(logging.CRITICAL)
from qiskit import IBMQ
url, token = sys.argv[1], sys.argv[2]
out = {}
provider = IBMQ.enable_account(token, url=url)
out["backends"] = [b.name() for b in provider.backends()]
rt = provider.runtime
out["programs"] = sorted(p.program_id for p in rt.programs())
opts = {"backend_name": "ibmq_qasm_simulator"}
job = rt.run("hello-world", options=opts, inputs={"iterations": 2, "queued_s": 0.05, "interval_s": 0.05})
out["hello"] = job.result(timeout=30, wait=0.05)
out["hello_status"] = job.status().name
out["inputs"] = job.inputs
sampler = rt.run("sampler", options=opts, inputs={"shots": 10, "array_length": 3, "queued_s": 0, "interval_s": 0.01, "interim_count": 0})
result = sampler.result(timeout=30, wait=0.05)
out["sampler_shots"] = sum(result["counts"].values())
out["sampler_values"] = [float(x) for x in result["values"]]
failing = rt.run("failing-program", options=opts, inputs={"interim_count": 0, "queued_s": 0, "interval_s": 0.01})
try:
    failing.result(timeout=30, wait=0.05)
    out["failing"] = "no error"
except Exception as error:
    out["failing"] = type(error).__name__ + ": " + str(error)
out["failing_status"] = failing.status().name
slow = rt.run("long-running", options=opts, inputs={"max_execution_s": 0.05, "queued_s": 0, "interval_s": 0.01})
try:
    slow.result(timeout=30, wait=0.05)
    out["long"] = "no error"
except Exception as error:
    out["long"] = type(error).__name__ + ": " + str(error)
cancel = rt.run("hello-world", options=opts, inputs={"iterations": 50})
cancel.cancel()
out["cancel_status"] = cancel.status().name
try:
    cancel.cancel()
    out["second_cancel"] = "no error"
except Exception as error:
    out["second_cancel"] = type(error).__name__
out["jobs"] = len(rt.jobs(limit=None))
out["sampler_jobs"] = len(rt.jobs(program_id="sampler", limit=None))
rt.delete_job(cancel.job_id())
try:
    rt.job(cancel.job_id())
    out["deleted"] = "still there"
except Exception as error:
    out["deleted"] = type(error).__name__
print("RESULT " + json.dumps(out))
"""#

    @Test("the unmodified Python client qiskit-ibmq-provider 0.20.2 works against it")
    func referenceClient() async throws {
        guard let python = try await LegacyClientPeer.python(for: "the reference-client test") else { return }
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(apiToken: "fidelity-token"))
        let run = try await Self.run(python, ["-c", Self.script, emulator.authURL, "fidelity-token"])
        await emulator.shutdown()
        let line = run.output.split(separator: "\n").last(where: { $0.hasPrefix("RESULT ") })
        let text = try #require(line.map { String($0.dropFirst(7)) }, "no result; output: \(run.output)")
        let out = try JSONParser.parse(text)
        #expect(out["backends"] == .array([.string("ibmq_qasm_simulator")]))
        #expect(out["programs"] == .array(["failing-program", "hello-world", "long-running", "sampler"].map { .string($0) }))
        #expect(out["hello"] == .string("All done!"))
        #expect(out["hello_status"] == .string("DONE"))
        #expect(out["inputs"]?["iterations"] == .integer(2))
        #expect(out["sampler_shots"] == .integer(10))
        #expect(out["sampler_values"] == .array([.double(-1.0), .double(-0.5), .double(0.0)]))
        #expect(out["failing"]?.stringValue?.contains("has failed") == true)
        #expect(out["failing"]?.stringValue?.contains("ValueError") == true)
        #expect(out["failing_status"] == .string("ERROR"))
        #expect(out["long"]?.stringValue?.contains("ran longer than maximum execution time") == true)
        #expect(out["cancel_status"] == .string("CANCELLED"))
        #expect(out["second_cancel"] == .string("RuntimeInvalidStateError"))
        #expect(out["jobs"] == .integer(5))
        #expect(out["sampler_jobs"] == .integer(1))
        #expect(out["deleted"] == .string("RuntimeJobNotFound"))
    }

    /// Runs a process to completion without blocking a cooperative thread.
    static func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let collected = OutputBox()
        pipe.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                pipe.fileHandleForReading.readabilityHandler = nil
                collected.append(pipe.fileHandleForReading.readDataToEndOfFile())
                continuation.resume(returning: (finished.terminationStatus, collected.text))
            }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }
}

/// Output of a child process, appended from Foundation's handler threads.
final class OutputBox: Sendable {
    private let data = Mutex(Data())
    func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }
    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}
