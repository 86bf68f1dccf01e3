#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import Testing

/// Runs a Python script from `Tests/Peers/HTTP` as an independent peer.
enum HTTPPythonPeer {
    /// Whether the tests that need `modules` must run: they are present, or
    /// `QISKIT_RUNTIME_REQUIRE_PEERS=1` demands them (then a missing module fails the test).
    static func enabled(_ modules: [String]) async -> Bool {
        let required = ProcessInfo.processInfo.environment["QISKIT_RUNTIME_REQUIRE_PEERS"] == "1"
        return await available(modules) || required
    }

    /// Whether Python can import `modules`; checked once per set of modules (the check blocks
    /// briefly, so it is cached rather than repeated on the cooperative pool).
    static func available(_ modules: [String]) async -> Bool {
        let key = modules.joined(separator: ",")
        if let known = cache.withLock({ $0[key] }) { return known }
        let result = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: check(modules)) }
        }
        cache.withLock { $0[key] = result }
        return result
    }

    private static let cache = Mutex<[String: Bool]>([:])

    private static func check(_ modules: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import " + modules.joined(separator: ", ")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        let ok = process.terminationStatus == 0
        if !ok {
            print("notice: Python modules \(modules.joined(separator: ", ")) are missing; peer tests skip (set QISKIT_RUNTIME_REQUIRE_PEERS=1 to fail instead)")
        }
        return ok
    }

    static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Peers").appendingPathComponent("HTTP").appendingPathComponent(name).path
    }

    /// Runs a script to completion off the cooperative pool and returns its stdout.
    static func run(_ name: String, arguments: [String]) async throws -> (status: Int32, output: String) {
        try await command(["python3", script(name)] + arguments)
    }

    /// Runs a command (looked up on PATH) to completion off the cooperative pool.
    static func command(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            Thread.detachNewThread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
        return (process.terminationStatus, output)
    }

    /// A long-running peer that prints its port on the first line.
    final class Server: @unchecked Sendable {
        // @unchecked Sendable: `process` is set once in init and only terminated afterwards.
        let process: Process
        let port: Int
        private let input: Pipe

        init(_ name: String, arguments: [String] = []) async throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", HTTPPythonPeer.script(name)] + arguments
            let pipe = Pipe()
            let input = Pipe()
            process.standardOutput = pipe
            process.standardInput = input
            try process.run()
            let line = await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
                Thread.detachNewThread {
                    var bytes: [UInt8] = []
                    while true {
                        let data = pipe.fileHandleForReading.readData(ofLength: 1)
                        guard let byte = data.first, byte != 0x0A else { break }
                        bytes.append(byte)
                    }
                    continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
                }
            }
            self.process = process
            self.input = input
            guard let port = Int(line.trimmingCharacters(in: .whitespaces)) else {
                process.terminate()
                throw PeerError(message: "the peer \(name) did not print a port (got '\(line)')")
            }
            self.port = port
        }

        /// Kills the peer (SIGKILL: the test process may ignore SIGTERM, and children inherit that).
        func stop() {
            try? input.fileHandleForWriting.close()
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    struct PeerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
