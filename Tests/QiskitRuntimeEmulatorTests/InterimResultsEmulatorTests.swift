import Testing
import QiskitRuntime
@testable import QiskitRuntimeEmulator

@Suite("SDK interim results against the emulator's websocket", .timeLimit(.minutes(1)))
struct InterimResultsEmulatorTests {
    /// Job inputs: hello-world's `iterations`, plus the emulator's per-job websocket faults.
    static let cases: [RuntimeValue] = [
        ["iterations": 3],
        ["iterations": 3, "_fault_ws_drop_after": 1, "_fault_ws_drop_mode": "1011"],
        ["iterations": 3, "_fault_ws_drop_after": 2, "_fault_ws_drop_mode": "abrupt"],
        // Every frame cut in the middle: each is delivered whole, from the REST list.
        ["iterations": 3, "_fault_ws_malformed_frames": "truncated_json"],
    ]

    @Test("hello-world with 3 iterations: exactly 3 interim results, then the result \"All done!\"", arguments: cases)
    func helloWorld(_ inputs: RuntimeValue) async throws {
        let timing = EmulatorTiming(queued: .milliseconds(20), interval: .milliseconds(20))
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(timing: timing))
        defer { Task { await emulator.shutdown() } }
        var configuration = RuntimeConfiguration(account: .legacyToken("emulator-api-token", authURL: emulator.authURL))
        // A poll would come only after an hour: the stream and the watcher must carry everything.
        configuration.pollInterval = .seconds(3600)
        configuration.streaming.initialBackoff = .milliseconds(5)
        try await withRuntimeService(configuration: configuration) { service in
            let job = try await service.run(program: "hello-world", backend: "ibmq_qasm_simulator", inputs: inputs)
            var messages: [RuntimeValue] = []
            for try await message in job.interimResults() { messages.append(message) }
            #expect(messages.count == 3)
            #expect(Set(messages.compactMap { $0["iteration"] }).count == 3)
            #expect(try await job.result(timeout: .seconds(30)) == "All done!")
            #expect(try await job.status() == .done)
            #expect(try await job.fetchInterimResults() == messages)
        }
    }

    @Test("result() without a consumer returns when the job ends, with a poll interval of an hour")
    func completionWithoutConsumer() async throws {
        let timing = EmulatorTiming(queued: .milliseconds(20), interval: .milliseconds(20))
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(timing: timing))
        defer { Task { await emulator.shutdown() } }
        var configuration = RuntimeConfiguration(account: .legacyToken("emulator-api-token", authURL: emulator.authURL))
        configuration.pollInterval = .seconds(3600)
        try await withRuntimeService(configuration: configuration) { service in
            let job = try await service.run(program: "hello-world", backend: "ibmq_qasm_simulator", inputs: ["iterations": 3])
            #expect(try await job.result(timeout: .seconds(30)) == "All done!")
            #expect(try await job.fetchInterimResults().count == 3)
        }
    }
}
