import Foundation
import Synchronization
import RuntimeIO
import RuntimeWire
import Testing

/// A spawned `qiskit-runtime-emulator` process with its stdout lines and exit status.
final class EmulatorProcess: Sendable {
    private let process: Process
    private let lines: AsyncStream<String>
    private let exit: AsyncStream<(Int32, Process.TerminationReason)>
    private let stderr = OutputBox()
    private let stderrClosed: AsyncStream<Void>

    /// The built executable: `QISKIT_RUNTIME_EMULATOR_BIN`, or next to the test bundle.
    static var executable: URL? {
        if let path = ProcessInfo.processInfo.environment["QISKIT_RUNTIME_EMULATOR_BIN"] {
            return URL(fileURLWithPath: path)
        }
        var directory = Bundle.main.bundleURL
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
        }
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("qiskit-runtime-emulator")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    init(_ executable: URL, arguments: [String]) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let (lines, lineContinuation) = AsyncStream.makeStream(of: String.self)
        let (exit, exitContinuation) = AsyncStream.makeStream(of: (Int32, Process.TerminationReason).self)
        self.lines = lines
        self.exit = exit
        let pending = Mutex<[UInt8]>([])
        out.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty {
                handle.readabilityHandler = nil
                lineContinuation.finish()
                return
            }
            let complete: [String] = pending.withLock { buffer in
                buffer.append(contentsOf: chunk)
                var found: [String] = []
                while let newline = buffer.firstIndex(of: 10) {
                    found.append(String(decoding: buffer[..<newline], as: UTF8.self))
                    buffer.removeSubrange(...newline)
                }
                return found
            }
            for line in complete { lineContinuation.yield(line) }
        }
        let stderr = self.stderr
        let (closed, closedContinuation) = AsyncStream.makeStream(of: Void.self)
        stderrClosed = closed
        err.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty {
                handle.readabilityHandler = nil
                closedContinuation.finish()
            } else {
                stderr.append(chunk)
            }
        }
        process.terminationHandler = { finished in
            exitContinuation.yield((finished.terminationStatus, finished.terminationReason))
            exitContinuation.finish()
        }
        try process.run()
    }

    func firstLine() async -> String? {
        for await line in lines { return line }
        return nil
    }

    /// Everything written to stderr, once the process closed it.
    func stderrText() async -> String {
        for await _ in stderrClosed {}
        return stderr.text
    }

    func terminate() { process.terminate() }

    var processIdentifier: Int32 { process.processIdentifier }

    func exitStatus() async -> (Int32, Process.TerminationReason)? {
        for await status in exit { return status }
        return nil
    }
}

@Suite("qiskit-runtime-emulator executable", .timeLimit(.minutes(1)))
struct CommandLineTests {
    static func executableOrNotice() -> URL? {
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

        child.terminate()
        let status = try #require(await child.exitStatus())
        #expect(status.0 == 0)
        #expect(status.1 == .exit)
    }

    @Test("an HTTP fault flag is applied; SIGINT also exits 0")
    func faultFlag() async throws {
        guard let executable = Self.executableOrNotice() else { return }
        let child = try EmulatorProcess(executable, arguments: ["--fault-http=version:503:next=1", "--fault-429", "*:2:every=1000"])
        let base = try #require(await child.firstLine())
        let client = HTTPClient()
        defer { client.shutdown() }
        let deadline = ContinuousClock.now + .seconds(20)
        let first = try await client.execute(HTTPClientRequest(method: "GET", url: base + "/api/version"), deadline: deadline)
        let second = try await client.execute(HTTPClientRequest(method: "GET", url: base + "/api/version"), deadline: deadline)
        #expect(first.status == 503)
        #expect(second.status == 200)
        kill(child.processIdentifier, SIGINT)
        let status = try #require(await child.exitStatus())
        #expect(status.0 == 0)
    }

    @Test("bad flags print the usage on stderr and exit 2")
    func badFlags() async throws {
        guard let executable = Self.executableOrNotice() else { return }
        for arguments in [["--bogus"], ["--port", "notanumber"], ["--fault-http", "nowhere:503"], ["--fault-ws-drop-mode", "9"]] {
            let child = try EmulatorProcess(executable, arguments: arguments)
            let status = try #require(await child.exitStatus())
            #expect(status.0 == 2, "\(arguments)")
            #expect(await child.firstLine() == nil, "\(arguments)")
            #expect(await child.stderrText().contains("Usage: qiskit-runtime-emulator"), "\(arguments)")
        }
    }
}
