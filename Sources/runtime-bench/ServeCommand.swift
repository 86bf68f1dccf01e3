#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QiskitRuntimeEmulator

/// `runtime-bench serve --port N`: serves the emulator on 127.0.0.1 and prints its base URL as the
/// first line of stdout, for the network figures that run it as a child process (`ChildProcess`).
/// It serves until the process is terminated (SIGTERM).
enum ServeCommand {
    /// The API token the served emulator accepts (its default configuration).
    static let apiToken = EmulatorConfiguration().apiToken

    /// Returns the process exit status (only on failure; otherwise it serves until killed).
    static func run(port: Int) async -> Int32 {
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
        var line = emulator.baseURL + "\n"
        line.withUTF8 { buffer in _ = write(1, buffer.baseAddress, buffer.count) }
        BenchLog.info("serve: emulator at \(emulator.baseURL)")
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3_600))
        }
        await emulator.shutdown()
        return 0
    }
}
