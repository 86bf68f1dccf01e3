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

    /// Returns the process exit status (only on failure; otherwise it serves until killed).
    static func run(port: Int, commands: Bool) async -> Int32 {
        // The bench's access token is accepted without a login; a stream's buffer holds a whole
        // `stream_msgs_per_s` job (interval 0 publishes every result at once), so the figure
        // measures delivery rather than the emulator's slow-consumer cut-off (1011).
        var configuration = EmulatorConfiguration(accessTokens: [BenchClient.accessToken])
        configuration.streamBufferLimit = 1_000_000
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
