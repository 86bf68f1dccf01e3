#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn`, whose stdout is a pipe the bench reads lines from
/// (the emulator prints its URL on its first line) and whose stdin is a pipe the bench writes
/// commands to (`requests`: the emulator answers its request count). Its stderr is the bench's.
///
/// The network figures run the emulator this way, as `runtime-bench serve --port 0`: `swift run`
/// builds only the product it runs, so the bench re-executes its own binary (`/proc/self/exe`).
final class ChildProcess {
    let pid: pid_t
    private var stdoutFD: Int32
    private var stdinFD: Int32
    private var pending: [UInt8] = []

    private init(pid: pid_t, stdoutFD: Int32, stdinFD: Int32) {
        self.pid = pid
        self.stdoutFD = stdoutFD
        self.stdinFD = stdinFD
    }

    deinit {
        terminate()
    }

    /// Starts this executable again with `arguments`.
    static func spawnSelf(arguments: [String]) throws -> ChildProcess {
        try spawn(executable: "/proc/self/exe", arguments: ["runtime-bench"] + arguments)
    }

    /// Starts `executable` (`arguments[0]` is its argv[0]).
    static func spawn(executable: String, arguments: [String]) throws -> ChildProcess {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw BenchFailure("pipe failed: errno \(errno)") }
        var input: [Int32] = [0, 0]
        guard pipe(&input) == 0 else {
            close(fds[0])
            close(fds[1])
            throw BenchFailure("pipe failed: errno \(errno)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_addclose(&actions, input[0])
        posix_spawn_file_actions_addclose(&actions, input[1])
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
        close(fds[1])
        close(input[0])
        guard result == 0 else {
            close(fds[0])
            close(input[1])
            throw BenchFailure("posix_spawn \(executable) failed: errno \(result)")
        }
        return ChildProcess(pid: pid, stdoutFD: fds[0], stdinFD: input[1])
    }

    /// Writes `line` and a newline to the child's stdin; false when the pipe is closed.
    @discardableResult
    func writeLine(_ line: String) -> Bool {
        guard stdinFD >= 0 else { return false }
        var text = line + "\n"
        return text.withUTF8 { buffer in write(stdinFD, buffer.baseAddress, buffer.count) == buffer.count }
    }

    /// The next line of the child's stdout without its newline, or nil at end of file.
    func readLine() -> String? {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            guard stdoutFD >= 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(stdoutFD, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                if pending.isEmpty { return nil }
                let line = String(decoding: pending, as: UTF8.self)
                pending.removeAll()
                return line
            }
            pending += chunk[..<count]
        }
    }

    /// Sends SIGTERM (once) and reaps the child.
    func terminate() {
        guard stdoutFD >= 0 else { return }
        close(stdoutFD)
        stdoutFD = -1
        if stdinFD >= 0 { close(stdinFD) }
        stdinFD = -1
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
