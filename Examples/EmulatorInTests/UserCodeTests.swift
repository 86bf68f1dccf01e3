// The emulator in your own tests: start it on an ephemeral port inside a Swift Testing suite and
// test your code against it, offline and in milliseconds.
//
// Run: swift test --filter EmulatorInTestsExample
import QiskitRuntime
import QiskitRuntimeEmulator
import Testing

// MARK: The "user code" under test

/// Runs the sampler and returns the share of shots that measured "11".
func measuredOneOneShare(service: RuntimeService, shots: Int) async throws -> Double {
    let job = try await service.run(
        program: "sampler", backend: "ibmq_qasm_simulator",
        inputs: ["shots": .integer(Int64(shots)), "queued_s": 0, "interval_s": 0.01, "interim_count": 0])
    let result = try await job.result(timeout: .seconds(30))
    let counts = result["counts"]
    let ones = counts?["11"]?.intValue ?? 0
    let zeros = counts?["00"]?.intValue ?? 0
    guard ones + zeros == shots else {
        throw RuntimeError(.invalidResponse, "counts add up to \(ones + zeros), not \(shots)")
    }
    return Double(ones) / Double(shots)
}

/// Returns the error message of a failed job, or `nil` when it did not fail.
func failureReason(service: RuntimeService, program: String) async throws -> String? {
    let job = try await service.run(
        program: program, backend: "ibmq_qasm_simulator",
        inputs: ["queued_s": 0, "interval_s": 0.01, "interim_count": 0])
    try await job.waitForFinalState(timeout: .seconds(30), pollInterval: .milliseconds(20))
    return try await job.errorMessage()
}

// MARK: The tests

@Suite("User code against the emulator", .timeLimit(.minutes(1)))
struct UserCodeTests {
    /// Starts an emulator, runs `body` with a service connected to it, and shuts both down,
    /// however `body` ends.
    func withService(_ body: (RuntimeService) async throws -> Void) async throws {
        try await withEmulator(configuration: EmulatorConfiguration(accessTokens: ["test-token"])) { emulator in
            let configuration = RuntimeConfiguration(
                account: .accessToken("test-token", runtimeURL: emulator.runtimeURL))
            try await withRuntimeService(configuration: configuration, body)
        }
    }

    @Test("the share of 11 is a probability computed from all shots")
    func share() async throws {
        try await withService { service in
            let share = try await measuredOneOneShare(service: service, shots: 200)
            #expect(share > 0 && share < 1)
            // A whole number of the 200 shots (within rounding: the emulator's seed varies per run).
            #expect(abs((share * 200).rounded() - share * 200) < 1e-9)
        }
    }

    @Test("a failing program reports its traceback; a good one reports nothing")
    func failure() async throws {
        try await withService { service in
            let message = try #require(try await failureReason(service: service, program: "failing-program"))
            #expect(message.contains("has failed"))
            #expect(try await failureReason(service: service, program: "hello-world") == nil)
        }
    }

    @Test("a wrong token is refused with .unauthorized")
    func wrongToken() async throws {
        let error = await #expect(throws: RuntimeError.self) {
            try await withEmulator(configuration: EmulatorConfiguration(accessTokens: ["test-token"])) { emulator in
                let configuration = RuntimeConfiguration(
                    account: .accessToken("wrong-token", runtimeURL: emulator.runtimeURL))
                try await withRuntimeService(configuration: configuration) { service in
                    _ = try await service.run(program: "hello-world", backend: "ibmq_qasm_simulator")
                }
            }
        }
        #expect(error?.code == .unauthorized)
    }
}
