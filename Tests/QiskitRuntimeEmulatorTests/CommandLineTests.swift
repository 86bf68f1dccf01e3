import Foundation
import Synchronization
import RuntimeIO
import RuntimeWire
import Testing
import QiskitRuntimeEmulator

/// A spawned `qiskit-runtime-emulator` process with its stdout lines and exit status.
///
/// Spawned with `posix_spawn` and reaped by `waitpid` on a thread of its own: Foundation's
/// `Process` on Linux sometimes never calls its termination handler for a child that exits at
/// once, which hung the bad-flags test. Blocking reads and the wait run on dedicated threads,
/// never on the concurrency pool.
final class EmulatorProcess: Sendable {
    let processIdentifier: pid_t
    private let lines: AsyncStream<String>
    private let exit: AsyncStream<Int32>
    private let stderrDone: AsyncStream<String>
    private let exited = Reaped()

    /// Whether the child was reaped (shared with the waiting thread).
    private final class Reaped: Sendable {
        let value = Mutex(false)
    }

    /// The built executable: `QISKIT_RUNTIME_EMULATOR_BIN`, or next to the test bundle.
    static var executable: String? {
        if let path = ProcessInfo.processInfo.environment["QISKIT_RUNTIME_EMULATOR_BIN"] { return path }
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("qiskit-runtime-emulator").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    init(_ executable: String, arguments: [String]) throws {
        var out: [Int32] = [0, 0]
        var err: [Int32] = [0, 0]
        guard pipe(&out) == 0, pipe(&err) == 0 else { throw WireError(.connectionFailed, "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        for fd in out + err { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(out[1])
        close(err[1])
        guard spawned == 0 else {
            close(out[0])
            close(err[0])
            throw WireError(.connectionFailed, "posix_spawn failed: \(spawned)")
        }
        processIdentifier = pid
        let (lines, lineContinuation) = AsyncStream.makeStream(of: String.self)
        let (exit, exitContinuation) = AsyncStream.makeStream(of: Int32.self)
        let (stderrDone, stderrContinuation) = AsyncStream.makeStream(of: String.self)
        self.lines = lines
        self.exit = exit
        self.stderrDone = stderrDone
        let stdoutFD = out[0]
        let stderrFD = err[0]
        Thread {
            var buffer: [UInt8] = []
            Self.readToEnd(stdoutFD) { chunk in
                buffer += chunk
                while let newline = buffer.firstIndex(of: 10) {
                    lineContinuation.yield(String(decoding: buffer[..<newline], as: UTF8.self))
                    buffer.removeSubrange(...newline)
                }
            }
            lineContinuation.finish()
        }.start()
        Thread {
            var text: [UInt8] = []
            Self.readToEnd(stderrFD) { text += $0 }
            stderrContinuation.yield(String(decoding: text, as: UTF8.self))
            stderrContinuation.finish()
        }.start()
        let exited = self.exited
        let child = pid
        Thread {
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0, errno == EINTR {}
            exited.value.withLock { $0 = true }
            // Exit status when it exited normally, else 128 + the signal.
            let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            exitContinuation.yield(code)
            exitContinuation.finish()
        }.start()
    }

    /// Reads a pipe to its end, handing over each chunk as it arrives, then closes it.
    private static func readToEnd(_ fd: Int32, _ body: ([UInt8]) -> Void) {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                body(Array(chunk[0..<count]))
            } else if count < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(fd)
    }

    func firstLine() async -> String? {
        await nextLine()
    }

    /// The next stdout line not read yet.
    func nextLine() async -> String? {
        for await line in lines { return line }
        return nil
    }

    /// The next `count` lines of stdout (fewer if it ends first).
    func nextLines(_ count: Int) async -> [String] {
        var collected: [String] = []
        guard count > 0 else { return collected }
        for await line in lines {
            collected.append(line)
            if collected.count == count { break }
        }
        return collected
    }

    /// Everything written to stderr, once the process closed it.
    func stderrText() async -> String {
        for await text in stderrDone { return text }
        return ""
    }

    func send(_ signal: Int32) {
        // Only while not reaped, so the pid cannot belong to another process.
        exited.value.withLock { done in if !done { kill(processIdentifier, signal) } }
    }

    func exitStatus() async -> Int32? {
        for await status in exit { return status }
        return nil
    }
}

@Suite("qiskit-runtime-emulator executable", .timeLimit(.minutes(1)))
struct CommandLineTests {
    static func executableOrNotice() -> String? {
        guard let url = EmulatorProcess.executable else {
            print("NOTICE: skipping CLI test: qiskit-runtime-emulator is not built next to the tests (swift build --build-tests builds it)")
            return nil
        }
        return url
    }

    @Test("prints its URL first, serves login + run + result + stream, and exits 0 on SIGTERM")
    func serveAndTerminate() async throws {
        guard let executable = Self.executableOrNotice() else { return }
        let child = try EmulatorProcess(executable, arguments: [
            "--token", "cli-token", "--queued-s", "0", "--interval-s", "0.01", "--interim-count", "2",
        ])
        defer { child.send(SIGKILL) }
        let base = try #require(await child.firstLine())
        #expect(base.hasPrefix("http://127.0.0.1:"))
        let client = HTTPClient()
        defer { client.shutdown() }
        let deadline = ContinuousClock.now + .seconds(20)
        let login = try await client.execute(HTTPClientRequest(
            method: "POST", url: base + "/api/users/loginWithToken", body: Array(#"{"apiToken": "cli-token"}"#.utf8)),
            deadline: deadline)
        #expect(login.status == 200)
        let token = try #require(try JSONParser.parse(login.body)["id"]?.stringValue)
        let auth = HTTPHeaders([("X-Access-Token", token)])
        let submit = try await client.execute(HTTPClientRequest(
            method: "POST", url: base + "/runtime/jobs", headers: auth,
            body: Array(#"{"program_id": "hello-world", "backend": "ibmq_qasm_simulator", "params": {"queued_s": 0.2}}"#.utf8)),
            deadline: deadline)
        #expect(submit.status == 200)
        let id = try #require(try JSONParser.parse(submit.body)["id"]?.stringValue)
        // Follow the job on its stream until it is final (close 1000): no polling.
        let ws = "ws" + base.dropFirst("http".count) + "/runtime/stream/jobs/\(id)"
        let socket = try await WebSocketClient.connect(url: ws, headers: auth, deadline: deadline)
        var texts: [String] = []
        while let message = try await socket.receive(deadline: deadline) {
            if case .text(let text) = message { texts.append(text) }
        }
        #expect(texts.first == "ACK")
        #expect(socket.closeCode == 1000)
        let result = try await client.execute(HTTPClientRequest(
            method: "GET", url: base + "/runtime/jobs/\(id)/results", headers: auth), deadline: deadline)
        #expect(result.status == 200)
        #expect(String(decoding: result.body, as: UTF8.self) == "\"All done!\"")
        let interim = try await client.execute(HTTPClientRequest(
            method: "GET", url: base + "/runtime/jobs/\(id)/interim_results", headers: auth), deadline: deadline)
        #expect(try JSONParser.parse(interim.body).arrayValue?.count == 2)
        let wrong = try await client.execute(HTTPClientRequest(
            method: "POST", url: base + "/api/users/loginWithToken", body: Array(#"{"apiToken": "nope"}"#.utf8)),
            deadline: deadline)
        #expect(wrong.status == 401)

        child.send(SIGTERM)
        #expect(await child.exitStatus() == 0)
    }

    @Test("an HTTP fault flag is applied; SIGINT also exits 0")
    func faultFlag() async throws {
        guard let executable = Self.executableOrNotice() else { return }
        let child = try EmulatorProcess(executable, arguments: [
            "--fault-http=version:503:next=1", "--fault-service-error", "version:429,4317,60:next=1", "--fault-429", "*:2:every=1000",
        ])
        defer { child.send(SIGKILL) }
        let base = try #require(await child.firstLine())
        let client = HTTPClient()
        defer { client.shutdown() }
        let deadline = ContinuousClock.now + .seconds(20)
        let first = try await client.execute(HTTPClientRequest(method: "GET", url: base + "/api/version"), deadline: deadline)
        let second = try await client.execute(HTTPClientRequest(method: "GET", url: base + "/api/version"), deadline: deadline)
        let third = try await client.execute(HTTPClientRequest(method: "GET", url: base + "/api/version"), deadline: deadline)
        #expect(first.status == 503)
        #expect(second.status == 429)
        #expect(second.headers["Retry-After"] == "60")
        #expect(try JSONParser.parse(second.body)["error"]?["code"] == .integer(4317))
        #expect(third.status == 200)
        child.send(SIGINT)
        #expect(await child.exitStatus() == 0)
    }

    @Test("bad flags print the usage on stderr and exit 2")
    func badFlags() async throws {
        guard let executable = Self.executableOrNotice() else { return }
        for arguments in [["--bogus"], ["--port", "notanumber"], ["--fault-http", "nowhere:503"], ["--fault-ws-drop-mode", "9"],
                          ["--fault-service-error", "version:429"], ["--fault-service-error", "version:200,4317"]] {
            let child = try EmulatorProcess(executable, arguments: arguments)
            #expect(await child.exitStatus() == 2, "\(arguments)")
            #expect(await child.firstLine() == nil, "\(arguments)")
            #expect(await child.stderrText().contains("Usage: qiskit-runtime-emulator"), "\(arguments)")
        }
    }

    /// The `name: value` lines after the URL line, up to and including `crn:` (a `token:` line
    /// before ours is tolerated).
    static func startupFields(_ child: EmulatorProcess) async -> [String: String] {
        var fields: [String: String] = [:]
        for _ in 0..<4 {
            guard let line = await child.nextLines(1).first, let colon = line.firstIndex(of: ":") else { break }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...].drop(while: { $0 == " " }))
            if fields["crn"] != nil { break }
        }
        return fields
    }

    @Test("v1 flags: the startup lines name the API key and CRN; IAM, the CRN, the catalog file and the plan apply")
    func platformFlags() async throws {
        guard let executable = Self.executableOrNotice() else { return }
        let tallinn = try #require(BackendCatalog.standard.backend(named: "fake_tallinn"))
        let catalog = try BackendCatalog([tallinn])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UInt64.random(in: 0 ... .max)).json")
        try Data(catalog.json.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let crn = "crn:v1:bluemix:public:quantum-computing:eu-de:a/cli:instance::"
        let child = try EmulatorProcess(executable, arguments: [
            "--api-key", "cli-key", "--crn=\(crn)", "--token-lifetime-s", "90", "--backends", file.path, "--open-plan",
            "--usage-limit-s", "50", "--session-max-ttl-s", "120", "--session-interactive-ttl-s", "2",
        ])
        defer { child.send(SIGKILL) }
        let base = try #require(await child.firstLine())
        #expect(base.hasPrefix("http://127.0.0.1:"))
        let fields = await Self.startupFields(child)
        #expect(fields["api-key"] == "cli-key")
        #expect(fields["crn"] == crn)
        let client = HTTPClient()
        defer { client.shutdown() }
        let deadline = ContinuousClock.now + .seconds(20)
        let iam = try await client.execute(HTTPClientRequest(
            method: "POST", url: base + "/identity/token",
            headers: HTTPHeaders([(name: "Content-Type", value: "application/x-www-form-urlencoded")]),
            body: Array("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=cli-key".utf8)), deadline: deadline)
        #expect(iam.status == 200)
        let token = try JSONParser.parse(iam.body)
        #expect(token["expires_in"] == .integer(90))
        let bearer = try #require(token["access_token"]?.stringValue)
        let headers = HTTPHeaders([(name: "Authorization", value: "Bearer " + bearer), (name: "Service-CRN", value: crn)])
        let backends = try await client.execute(
            HTTPClientRequest(method: "GET", url: base + "/api/v1/backends", headers: headers), deadline: deadline)
        #expect(try JSONParser.parse(backends.body)["devices"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["fake_tallinn"])
        let session = try await client.execute(HTTPClientRequest(
            method: "POST", url: base + "/api/v1/sessions", headers: headers,
            body: Array(#"{"mode": "dedicated", "backend": "fake_tallinn"}"#.utf8)), deadline: deadline)
        #expect(session.status == 403)
        let usage = try await client.execute(
            HTTPClientRequest(method: "GET", url: base + "/api/v1/instances/usage", headers: headers), deadline: deadline)
        #expect(try JSONParser.parse(usage.body)["usage_limit_seconds"] == .double(50))
        child.send(SIGTERM)
        #expect(await child.exitStatus() == 0)
    }

    @Test("--print-backends writes a catalog file that --backends reads; a bad catalog file is a usage error")
    func printBackends() async throws {
        guard let executable = Self.executableOrNotice() else { return }
        let child = try EmulatorProcess(executable, arguments: ["--print-backends"])
        var text = ""
        for line in await child.nextLines(1_000_000) { text += line + "\n" }
        #expect(await child.exitStatus() == 0)
        let printed = try BackendCatalog(json: text)
        #expect(printed == BackendCatalog.standard)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UInt64.random(in: 0 ... .max)).json")
        try Data(#"{"backends": [{"configuration": {"backend_name": "x"}}]}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        for arguments in [["--backends", file.path], ["--backends", "/nonexistent/catalog.json"], ["--crn", "instance-1"]] {
            let bad = try EmulatorProcess(executable, arguments: arguments)
            #expect(await bad.exitStatus() == 2, "\(arguments)")
            let stderr = await bad.stderrText()
            #expect(stderr.contains("Usage: qiskit-runtime-emulator"), "\(arguments)")
        }
        let bad = try EmulatorProcess(executable, arguments: ["--backends", file.path])
        #expect(await bad.stderrText().contains("backend_version"))
        _ = await bad.exitStatus()
    }

    @Test("simulator flags: --accept-any-gates marks every backend, --noise and --max-qubits are accepted, out-of-range --max-qubits is a usage error")
    func simulatorFlags() async throws {
        guard let executable = Self.executableOrNotice() else { return }
        let child = try EmulatorProcess(executable, arguments: ["--accept-any-gates", "--noise", "--max-qubits", "20", "--print-backends"])
        var text = ""
        for line in await child.nextLines(1_000_000) { text += line + "\n" }
        #expect(await child.exitStatus() == 0)
        let printed = try BackendCatalog(json: text)
        #expect(printed.names == BackendCatalog.standard.names)
        #expect(printed.backends.allSatisfy { $0.acceptsAnyGates })
        for arguments in [["--max-qubits", "31"], ["--max-qubits", "0"], ["--noise=yes"]] {
            let bad = try EmulatorProcess(executable, arguments: arguments)
            #expect(await bad.exitStatus() == 2, "\(arguments)")
        }
    }
}
