import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A Python `websockets` server started by a test; it prints its port on its first line.
/// Paths: `/close4001` closes with 4001 "bye"; `/token` first sends the X-Access-Token value;
/// `/fragments` first sends "fragmented" in three fragments; `/ping` pings with "abc", waits for
/// the pong and sends "ponged"; `/slow` sends "late" after 0.3 s; then every path echoes.
// @unchecked Sendable: the process and pipe are set once in init and only read afterwards.
final class WebSocketPythonPeer: @unchecked Sendable {
    let process: Process
    let port: Int

    static let requirePeers = ProcessInfo.processInfo.environment["QISKIT_RUNTIME_REQUIRE_PEERS"] == "1"

    /// Whether python3 with `websockets` (and openssl) is here; prints a notice when a test skips.
    static let available: Bool = {
        let present = run(["python3", "-c", "import websockets.asyncio.server"]) && run(["openssl", "version"])
        if !present && !requirePeers {
            print("◇ NOTICE: WebSocket peer tests skipped: python3 with `websockets` or openssl is missing (pip install websockets); set QISKIT_RUNTIME_REQUIRE_PEERS=1 to fail instead")
        }
        return present || requirePeers
    }()

    static let script = """
    import asyncio, sys, ssl
    from websockets.asyncio.server import serve

    async def handler(ws):
        path = ws.request.path
        if path == "/close4001":
            await ws.close(4001, "bye")
            return
        if path == "/token":
            await ws.send(ws.request.headers.get("X-Access-Token", "<none>"))
        if path == "/fragments":
            await ws.send(["frag", "ment", "ed"])
        if path == "/ping":
            waiter = await ws.ping(b"abc")
            await waiter
            await ws.send("ponged")
        if path == "/slow":
            await asyncio.sleep(0.3)
            await ws.send("late")
        async for message in ws:
            await ws.send(message)

    async def main():
        context = None
        if len(sys.argv) > 2:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[1], sys.argv[2])
        async with serve(handler, "127.0.0.1", 0, ssl=context, max_size=16 * 2**20, ping_interval=None) as server:
            print(server.sockets[0].getsockname()[1], flush=True)
            await asyncio.get_running_loop().create_future()

    asyncio.run(main())
    """

    init(certificate: String? = nil, key: String? = nil, directory: URL) throws {
        let path = directory.appendingPathComponent("ws-peer.py")
        try Self.script.write(to: path, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", path.path] + [certificate, key].compactMap { $0 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        while let data = try? pipe.fileHandleForReading.read(upToCount: 1), let byte = data.first, byte != 10 {
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
    }

    /// Kills the peer. SIGKILL, because the child inherits a signal mask that can block SIGTERM.
    func stop() {
        #if canImport(Glibc)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        #else
        if process.isRunning { process.terminate() }
        #endif
        process.waitUntilExit()
    }

    /// A fresh temporary directory.
    static func makeDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ws-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A self-signed certificate for 127.0.0.1 and localhost made with openssl in `directory`.
    static func makeCertificate(in directory: URL) throws -> (certificate: String, key: String) {
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        guard run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                   "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", certificate]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return (certificate, key)
    }

    @discardableResult
    static func run(_ arguments: [String]) -> Bool {
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
