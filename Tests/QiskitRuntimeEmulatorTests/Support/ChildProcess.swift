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
    ///
    /// The child writes to a temporary file rather than a pipe: no dispatch read source is
    /// involved (pipe readability handlers of many concurrent children have crashed
    /// swift-corelibs-foundation's dispatch manager thread here), and the file is read once the
    /// child has exited.
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
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("hello-runtime-test-\(UInt64.random(in: 0 ... .max)).out")
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: finished.terminationStatus)
            }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let data = (try? Data(contentsOf: file)) ?? Data()
        return (status, String(decoding: data, as: UTF8.self))
    }
}
