/// `runtime-bench serve --port N`: serves the emulator on 127.0.0.1 and prints its URL as the
/// first line of stdout, for the network figures that run it as a child process.
enum ServeCommand {
    /// Returns the process exit status.
    static func run(port: Int) async -> Int32 {
        BenchLog.info("serve: the emulator is not in this build yet (port \(port) not opened)")
        return 2
    }
}
