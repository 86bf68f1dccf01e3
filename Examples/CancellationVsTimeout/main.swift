// cancellation-vs-timeout: the three ways to stop waiting for a job, and what each does remotely.
//
//   1. Cancel the Swift task that awaits `result()`  → `CancellationError`; the remote job runs on.
//   2. Give `result(timeout:)` a deadline            → `RuntimeError` code `.timedOut`; the job runs on.
//   3. Call `job.cancel()`                            → the service cancels the job: status `.cancelled`.
//
// Run: swift run cancellation-vs-timeout   (starts its own emulator; no network, no account)
import QiskitRuntime
import QiskitRuntimeEmulator

// An emulator on an ephemeral loopback port that accepts the access token "example-token".
try await withEmulator(configuration: EmulatorConfiguration(accessTokens: ["example-token"])) { emulator in
    let configuration = RuntimeConfiguration(
        account: .accessToken("example-token", runtimeURL: emulator.runtimeURL))

    try await withRuntimeService(configuration: configuration) { service in
        // A job that would run for about 100 s: 100 interim results, one per second.
        let job = try await service.run(
            program: "hello-world", backend: "ibmq_qasm_simulator",
            inputs: ["iterations": 100, "queued_s": 0, "interval_s": 1])

        // 1. Task cancellation: only the local wait ends.
        let waiter = Task { try await job.result() }
        waiter.cancel()
        do {
            _ = try await waiter.value
            print("1. unexpected: the job finished")
        } catch is CancellationError {
            print("1. task cancelled → CancellationError; remote status: \(try await job.status())")
        }

        // 2. A deadline: `result(timeout:)` throws `.timedOut`; the job is still not final.
        let start = ContinuousClock.now
        do {
            _ = try await job.result(timeout: .milliseconds(300))
            print("2. unexpected: the job finished")
        } catch let error as RuntimeError where error.code == .timedOut {
            print("2. timed out after \(ContinuousClock.now - start) → .timedOut; remote status: \(try await job.status())")
        }

        // 3. The remote cancel: the service stops the job.
        let final = try await job.cancel()
        print("3. job.cancel() → \(final)")

        // After a remote cancel, `result()` has nothing to return: `.invalidState`.
        do {
            _ = try await job.result(timeout: .seconds(5))
        } catch let error as RuntimeError where error.code == .invalidState {
            print("   result() of a cancelled job → .invalidState")
        }
        guard final == .cancelled else { throw RuntimeError(.invalidState, "expected a cancelled job, got \(final)") }
    }
}   // the emulator is shut down here, also when the body throws
