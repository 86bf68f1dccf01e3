#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import QiskitRuntimeEmulator

/// `runtime-bench serve --port N`: serves the emulator on 127.0.0.1 and prints its base URL as the
/// first line of stdout and `token: TOKEN` (the access token it accepts, ``BenchClient/accessToken``)
/// as the second, as `qiskit-runtime-emulator` does, for the network figures that run it as a
/// child process (`ChildProcess`).
/// It serves until the process is terminated (SIGTERM). With `--commands` (how the bench starts
/// it) it also answers commands on stdin and exits when stdin ends.
enum ServeCommand {
    /// Answers the parent's commands on stdin, one line each: `requests` → the number of HTTP
    /// requests handled so far (websocket upgrades included) on a stdout line. The end of stdin
    /// (the parent exited, even killed) ends the process. The blocking
    /// reads run on a Dispatch thread of their own (bench only), never on the cooperative pool.
    private static func answerCommands(_ service: EmulatorService) {
        DispatchQueue.global().async {
            while let command = readLine() {
                guard command == "requests" else { continue }
                var line = "\(service.requestCount)\n"
                line.withUTF8 { buffer in _ = write(1, buffer.baseAddress, buffer.count) }
            }
            // End of stdin: the parent closed the pipe or died; do not outlive it.
            exit(0)
        }
    }

    /// The fault mix of the `chaos` figure (`--chaos SEED`): on the REST GETs of a job (its
    /// status, its interim results, its result), 20 % are answered 503 and 5 % 429 with
    /// `Retry-After: 1`, and 2 % of the status and interim-results bodies are cut in the middle
    /// (a result body is left whole: a cut result text cannot be told from a program's text that
    /// is not JSON, by any client). Faults are tried in order and the first that hits wins, so
    /// the later ones' probabilities are scaled to give those shares; each draws from its own
    /// generator seeded from `seed`.
    static func chaosFaults(seed: UInt64) -> [HTTPFault] {
        var faults: [HTTPFault] = []
        for (index, endpoint) in [EmulatorEndpoint.getJob, .interimResults, .jobResults].enumerated() {
            let base = seed &+ UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15
            faults.append(HTTPFault(endpoint: endpoint, effect: .status(503), trigger: .random(probability: 0.20, seed: base &+ 1)))
            faults.append(HTTPFault(
                endpoint: endpoint, effect: .rateLimited(retryAfterSeconds: 1),
                trigger: .random(probability: 0.05 / 0.80, seed: base &+ 2)))
            if endpoint != .jobResults {
                faults.append(HTTPFault(
                    endpoint: endpoint, effect: .malformedBody, trigger: .random(probability: 0.02 / 0.75, seed: base &+ 3)))
            }
        }
        return faults
    }

    /// Returns the process exit status (only on failure; otherwise it serves until killed).
    static func run(port: Int, commands: Bool, chaosSeed: UInt64?) async -> Int32 {
        // The bench's access token is accepted without a login; a stream's buffer holds a whole
        // `stream_msgs_per_s` job (interval 0 publishes every result at once), so the figure
        // measures delivery rather than the emulator's slow-consumer cut-off (1011).
        var configuration = EmulatorConfiguration(accessTokens: [BenchClient.accessToken])
        configuration.streamBufferLimit = 1_000_000
        if let chaosSeed { configuration.faults.http = chaosFaults(seed: chaosSeed) }
        let emulator: RunningEmulator
        do {
            emulator = try await Emulator.start(
                configuration: configuration, host: "127.0.0.1", port: port)
        } catch {
            BenchLog.info("serve: cannot start the emulator: \(error)")
            return 1
        }
        // Unbuffered, so the parent reads the URL at once.
        var line = emulator.baseURL + "\ntoken: " + BenchClient.accessToken + "\n"
        line.withUTF8 { buffer in _ = write(1, buffer.baseAddress, buffer.count) }
        BenchLog.info("serve: emulator at \(emulator.baseURL)")
        if commands { answerCommands(emulator.service) }
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3_600))
        }
        await emulator.shutdown()
        return 0
    }
}
