import Foundation
import Testing

/// The Python peer of the legacy-client tests: qiskit-ibmq-provider 0.20.2, unmodified, in the
/// venv `.ci/run` makes (`QISKIT_IBMQ_PYTHON`).
enum LegacyClientPeer {
    /// `QISKIT_IBMQ_PYTHON` (else `python3`) when it can import `modules`; otherwise nil, after a
    /// visible notice naming `test`, or a recorded issue with `QISKIT_RUNTIME_REQUIRE_PEERS=1`.
    static func python(importing modules: String = "qiskit.providers.ibmq", for test: String) async throws -> String? {
        let python = ProcessInfo.processInfo.environment["QISKIT_IBMQ_PYTHON"] ?? "python3"
        let required = ProcessInfo.processInfo.environment["QISKIT_RUNTIME_REQUIRE_PEERS"] == "1"
        let probe = try await EmulatorServerTests.run(python, ["-c", "import " + modules])
        guard probe.status == 0 else {
            if required {
                Issue.record("qiskit-ibmq-provider is not importable by \(python) and QISKIT_RUNTIME_REQUIRE_PEERS=1")
            } else {
                print("NOTICE: skipping \(test): \(python) cannot import \(modules) (set QISKIT_IBMQ_PYTHON)")
            }
            return nil
        }
        return python
    }
}
