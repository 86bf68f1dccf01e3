import Foundation

/// Runs an executable to completion, without blocking a cooperative thread, and collects its
/// standard output and standard error together.
enum ChildProcess {
    /// The directory of the running test executable (the build products directory).
    static var productsDirectory: URL {
        URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// The built `name` executable next to the test bundle, or `nil` if it was not built.
    static func product(_ name: String) -> URL? {
        var directory = productsDirectory
        // On Apple platforms the test bundle sits inside `<products>/X.xctest/Contents/MacOS`.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// Runs `executable` with `arguments` and exactly `environment` (plus PATH and HOME).
    static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:]
    ) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = environment
        let inherited = ProcessInfo.processInfo.environment
        for key in ["PATH", "HOME", "LD_LIBRARY_PATH"] where env[key] == nil { env[key] = inherited[key] }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let collected = OutputBox()
        pipe.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                pipe.fileHandleForReading.readabilityHandler = nil
                collected.append(pipe.fileHandleForReading.readDataToEndOfFile())
                continuation.resume(returning: (finished.terminationStatus, collected.text))
            }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }
}
