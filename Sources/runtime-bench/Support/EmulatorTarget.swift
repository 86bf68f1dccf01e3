/// The emulator the network figures measure against: the one at `--url`, or a child process
/// (`runtime-bench serve --port 0`) started on first use and stopped when this is released.
final class EmulatorTarget {
    /// The base URL (`http://127.0.0.1:PORT`).
    let baseURL: String
    /// The child process, when the bench started the emulator itself.
    let child: ChildProcess?

    private init(baseURL: String, child: ChildProcess?) {
        self.baseURL = baseURL
        self.child = child
    }

    /// Uses `options.url`, or starts the emulator as a child process and reads its URL;
    /// `serveArguments` go to the child (`--chaos SEED`).
    static func make(_ options: BenchOptions, serveArguments: [String] = []) throws -> EmulatorTarget {
        if let url = options.url {
            return EmulatorTarget(baseURL: url, child: nil)
        }
        let child = try ChildProcess.spawnSelf(arguments: ["serve", "--port", "0", "--commands"] + serveArguments)
        guard let line = child.readLine(), line.hasPrefix("http://") else {
            child.terminate()
            throw BenchFailure("the emulator child (serve --port 0) printed no URL")
        }
        // The token it accepts: the one this process exported to it.
        guard child.readLine() == "token: " + BenchClient.accessToken else {
            child.terminate()
            throw BenchFailure("the emulator child (serve --port 0) printed no token line, or another token")
        }
        return EmulatorTarget(baseURL: line, child: child)
    }

    /// The HTTP requests (websocket upgrades included) the emulator child has handled so far;
    /// nil for an emulator at `--url`.
    func requestCount() -> Int? {
        guard let child, child.writeLine("requests"), let line = child.readLine() else { return nil }
        return Int(line)
    }

    /// What the run section reports about the emulator.
    var summary: [(String, String)] {
        var fields = [("url", baseURL), ("process", child == nil ? "external (--url)" : "child pid \(child?.pid ?? 0)")]
        if let pid = child?.pid, let status = ProcessStatus.of(pid: pid) {
            fields.append(("child_rss_mb", String(Double(status.residentBytes / 1_000) / 1_000)))
            fields.append(("child_threads", String(status.threads)))
        }
        return fields
    }
}
