import Dispatch
import Foundation
import Synchronization

/// A Python helper process (stdlib only) started by a test. The script prints its port on the
/// first line of stdout; later lines are events the test may read.
final class PythonPeer: @unchecked Sendable {
    // @unchecked Sendable: `process` and `lines` are set once in the initialiser; the output is
    // read by Foundation's readability handler into an AsyncStream, so no test thread blocks.
    let process: Process
    private let lines: AsyncStream<String>
    let port: Int
    private let stdin: Pipe

    private init(process: Process, lines: AsyncStream<String>, port: Int, stdin: Pipe) {
        self.process = process
        self.stdin = stdin
        self.lines = lines
        self.port = port
    }

    static func start(script: String, arguments: [String] = [], in directory: URL) async throws -> PythonPeer {
        let path = directory.appendingPathComponent("peer-\(UUID().uuidString).py")
        try script.write(to: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", path.path] + arguments
        let pipe = Pipe()
        let stdin = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        // The peer exits when this pipe closes, i.e. when the test process ends.
        process.standardInput = stdin
        let (lines, continuation) = AsyncStream<String>.makeStream()
        let pending = Mutex<[UInt8]>([])
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                continuation.finish()
                return
            }
            let complete: [String] = pending.withLock { buffer in
                buffer.append(contentsOf: data)
                var found: [String] = []
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    found.append(String(decoding: buffer[..<newline], as: UTF8.self))
                    buffer.removeSubrange(...newline)
                }
                return found
            }
            for line in complete { continuation.yield(line) }
        }
        try await offPool { try process.run() }
        var iterator = lines.makeAsyncIterator()
        guard let line = await iterator.next(), let port = Int(line) else {
            kill(process.processIdentifier, SIGKILL)
            throw PeerError(message: "the Python peer did not print its port")
        }
        return PythonPeer(process: process, lines: lines, port: port, stdin: stdin)
    }

    /// The next line the peer printed (one caller at a time).
    func nextLine() async -> String? {
        var iterator = lines.makeAsyncIterator()
        return await iterator.next()
    }

    func stop() {
        // SIGKILL: the child inherits the spawning thread's signal mask, in which Dispatch
        // blocks SIGTERM, so terminate() would be ignored.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    struct PeerError: Error { var message: String }
}

/// Whether the TLS peers (python3, openssl) can run here. With QISKIT_RUNTIME_REQUIRE_PEERS=1
/// the tests run regardless and fail when a tool is missing.
enum TLSPeers {
    static let requirePeers = ProcessInfo.processInfo.environment["QISKIT_RUNTIME_REQUIRE_PEERS"] == "1"

    /// Whether python3 (with ssl) and openssl are here: checked once, on a thread of its own (a
    /// `static let` that ran the processes would block cooperative threads, every test that asked
    /// meanwhile included, for as long as Python takes to start on a loaded machine).
    static func toolsPresent() async -> Bool {
        await PeerCheck.cached("python3 ssl + openssl") {
            PeerCheck.runs(["python3", "-c", "import ssl, socket, threading"]) && PeerCheck.runs(["openssl", "version"])
        }
    }

    static func enabled() async -> Bool {
        let present = await toolsPresent()
        if !present && !requirePeers {
            print("◇ NOTICE: TLS tests skipped: python3 (with ssl) or openssl is missing; set QISKIT_RUNTIME_REQUIRE_PEERS=1 to fail instead")
        }
        return present || requirePeers
    }

    /// A temporary directory with a self-signed certificate for localhost / 127.0.0.1.
    static func makeCertificate() async throws -> (directory: URL, certificate: String, key: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("runtime-io-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try await offPool {
            try process.run()
            process.waitUntilExit()
        }
        guard process.terminationStatus == 0 else { throw PythonPeer.PeerError(message: "openssl req failed") }
        return (directory, certificate, key)
    }

    /// A hashed CA directory (for CURLOPT_CAPATH) holding `certificate`.
    static func makeCADirectory(certificate: String, in directory: URL) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "x509", "-hash", "-noout", "-in", certificate]
        let pipe = Pipe()
        process.standardOutput = pipe
        let data = try await offPool {
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }
        let hash = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let caDirectory = directory.appendingPathComponent("ca")
        try FileManager.default.createDirectory(at: caDirectory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: certificate, toPath: caDirectory.appendingPathComponent("\(hash).0").path)
        return caDirectory.path
    }

    static let echoServer = """
        import os, socket, ssl, sys, threading
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen(128)
        print(server.getsockname()[1], flush=True)
        def serve(client):
            try:
                with context.wrap_socket(client, server_side=True) as tls:
                    while True:
                        data = tls.recv(65536)
                        if not data:
                            break
                        tls.sendall(data)
            except Exception:
                pass
        while True:
            client, _ = server.accept()
            threading.Thread(target=serve, args=(client,), daemon=True).start()
        """

    static let connectProxy = """
        import os, socket, sys, threading
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen(128)
        print(server.getsockname()[1], flush=True)
        def pump(source, target):
            try:
                while True:
                    data = source.recv(65536)
                    if not data:
                        break
                    target.sendall(data)
            except Exception:
                pass
            try:
                target.shutdown(socket.SHUT_WR)
            except Exception:
                pass
        def serve(client):
            head = b""
            while b"\\r\\n\\r\\n" not in head:
                data = client.recv(4096)
                if not data:
                    client.close()
                    return
                head += data
            line = head.split(b"\\r\\n")[0].decode()
            print(line, flush=True)
            method, target, _ = line.split(" ")
            if method != "CONNECT":
                client.sendall(b"HTTP/1.1 405 Method Not Allowed\\r\\nContent-Length: 0\\r\\n\\r\\n")
                client.close()
                return
            host, port = target.rsplit(":", 1)
            try:
                upstream = socket.create_connection((host.strip("[]"), int(port)))
            except Exception:
                client.sendall(b"HTTP/1.1 502 Bad Gateway\\r\\nContent-Length: 0\\r\\n\\r\\n")
                client.close()
                return
            client.sendall(b"HTTP/1.1 200 Connection established\\r\\n\\r\\n")
            threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
            pump(upstream, client)
        while True:
            client, _ = server.accept()
            threading.Thread(target=serve, args=(client,), daemon=True).start()
        """
}

/// Runs blocking test plumbing (process start and wait) on a Dispatch thread, so that it never
/// blocks the cooperative pool that the code under test needs.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}

/// One certificate, CA directory and TLS echo server shared by all TLS tests of the process.
struct TLSFixture: Sendable {
    let directory: URL
    let certificate: String
    let caPath: String
    let server: PythonPeer

    private static let shared = Task { () throws -> TLSFixture in
        let made = try await TLSPeers.makeCertificate()
        let caPath = try await TLSPeers.makeCADirectory(certificate: made.certificate, in: made.directory)
        let server = try await PythonPeer.start(script: TLSPeers.echoServer, arguments: [made.certificate, made.key], in: made.directory)
        return TLSFixture(directory: made.directory, certificate: made.certificate, caPath: caPath, server: server)
    }

    static func get() async throws -> TLSFixture { try await shared.value }
}

/// Checks for external tools, each run once per test process on a thread of its own, never on a
/// cooperative thread.
enum PeerCheck {
    private static let cache = Mutex<[String: Bool]>([:])

    /// The cached answer of `check` under `key`, computed off the cooperative pool the first time.
    static func cached(_ key: String, _ check: @escaping @Sendable () -> Bool) async -> Bool {
        if let known = cache.withLock({ $0[key] }) { return known }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            Thread.detachNewThread { continuation.resume(returning: check()) }
        }
        cache.withLock { $0[key] = result }
        return result
    }

    /// Whether the command (looked up on PATH) runs and exits with 0. Blocks: call it from `cached`.
    static func runs(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
