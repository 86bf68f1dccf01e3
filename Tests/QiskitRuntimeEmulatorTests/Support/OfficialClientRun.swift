import Foundation
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

/// Runs a script of the newest official Python client (qiskit-ibm-runtime, unmodified, in the
/// venv `.ci/run` makes) against a fresh emulator in v1 mode, pointed at it as
/// `Python/emulator_client.py` describes, and reads the script's `RESULT <json>` line.
enum OfficialClientRun {
    /// `QISKIT_RUNTIME_PYTHON`, else the venv `.ci/run` makes, else `python3`.
    static var python: String {
        let environment = ProcessInfo.processInfo.environment
        if let python = environment["QISKIT_RUNTIME_PYTHON"], !python.isEmpty { return python }
        let venv = (environment["HOME"] ?? "") + "/.cache/qiskit-runtime-swift/venv-runtime-0.51.0/bin/python"
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }

    /// The script's result and its whole output; nil when the client cannot be imported (a
    /// visible notice, or a recorded issue with `QISKIT_RUNTIME_REQUIRE_PEERS=1`).
    static func run(
        script name: String, timing: EmulatorTiming, apiKey: String, crn: String
    ) async throws -> (result: JSONValue, output: String)? {
        let python = URL(fileURLWithPath: Self.python)
        let required = ProcessInfo.processInfo.environment["QISKIT_RUNTIME_REQUIRE_PEERS"] == "1"
        let probe = try? await ChildProcess.run(python, ["-c", "import qiskit_ibm_runtime"])
        guard probe?.status == 0 else {
            if required {
                Issue.record("qiskit-ibm-runtime is not importable by \(python.path) and QISKIT_RUNTIME_REQUIRE_PEERS=1")
            } else {
                print("NOTICE: skipping \(name): \(python.path) cannot import qiskit_ibm_runtime (set QISKIT_RUNTIME_PYTHON or run .ci/run)")
            }
            return nil
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Python/" + name)
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(
            timing: timing, iamAPIKey: apiKey, instanceCRN: crn))
        let run: (status: Int32, output: String)
        do {
            run = try await ChildProcess.run(
                python, [script.path, emulator.baseURL, apiKey, crn],
                environment: ["IAM_URL": emulator.baseURL, "QISKIT_FUNCTIONS_EXPERIMENTAL": "1", "PYTHONUNBUFFERED": "1"])
        } catch {
            await emulator.shutdown()
            throw error
        }
        await emulator.shutdown()
        let line = run.output.split(separator: "\n").last(where: { $0.hasPrefix("RESULT ") })
        let text = try #require(line.map { String($0.dropFirst(7)) }, "no result (status \(run.status)); output: \(run.output)")
        return (try JSONParser.parse(text), run.output)
    }
}
