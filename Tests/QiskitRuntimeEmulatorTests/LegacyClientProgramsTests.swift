import Foundation
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

/// The unmodified qiskit-ibmq-provider 0.20.2 manages programs against the emulator: upload,
/// read, update, visibility, run, delete. The script is `Python/legacy_client_programs.py`.
@Suite("Legacy client program administration", .timeLimit(.minutes(3)))
struct LegacyClientProgramsTests {
    @Test("upload_program → program() → update_program → set_program_visibility → run → delete_program")
    func programAdministration() async throws {
        guard let python = try await LegacyClientPeer.python(for: "the legacy-client program test") else { return }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Python/legacy_client_programs.py")
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(apiToken: "programs-token"))
        let run: (status: Int32, output: String)
        do {
            run = try await EmulatorServerTests.run(python, [script.path, emulator.authURL, "programs-token"])
        } catch {
            await emulator.shutdown()
            throw error
        }
        await emulator.shutdown()
        let line = run.output.split(separator: "\n").last(where: { $0.hasPrefix("RESULT ") })
        let text = try #require(line.map { String($0.dropFirst(7)) }, "no result; output: \(run.output)")
        let out = try JSONParser.parse(text)
        let id = try #require(out["id"]?.stringValue)
        #expect(id.hasPrefix("echo-program-"))
        #expect(out["duplicate"] == .string("RuntimeDuplicateProgramError"))
        #expect(out["name"] == .string("echo-program"))
        #expect(out["cost"] == .integer(300))
        #expect(out["public"] == .bool(false))
        #expect(out["data"] == .string("def main(backend, user_messenger, **kwargs):\n    return kwargs\n"))
        #expect(out["parameters"]?["x"]?["type"] == .string("integer"))
        #expect(out["created"]?.stringValue?.isEmpty == false)
        #expect(out["listed"] == .bool(true))
        #expect(out["updated_name"] == .string("echo-renamed"))
        #expect(out["updated_description"] == .string("Renamed."))
        #expect(out["updated_cost"] == .integer(600))
        #expect(out["updated_data"] == .string("def main(backend, user_messenger, **kwargs):\n    return 42\n"))
        #expect(out["made_public"] == .bool(true))
        #expect(out["made_private"] == .bool(false))
        #expect(out["result"]?["x"] == .integer(3))
        #expect(out["result"]?["values"] == .array([.double(1.5), .double(2.5)]))
        #expect(out["job_status"] == .string("DONE"))
        #expect(out["logs"]?.stringValue?.contains("source was not run") == true)
        #expect(out["after_delete"] == .string("RuntimeProgramNotFound"))
        #expect(out["second_delete"] == .string("RuntimeProgramNotFound"))
        #expect(out["visibility_after_delete"] == .string("RuntimeJobNotFound"))
        #expect(out["builtin_update"]?.stringValue?.hasPrefix("QiskitRuntimeError") == true)
        #expect(out["builtin_update"]?.stringValue?.contains("403") == true)
        #expect(out["job_after_delete"] == .string("DONE"))
    }
}
