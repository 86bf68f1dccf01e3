import Foundation
import RuntimeWire

/// Files the tests read: fixtures in this target's `Fixtures/`, and the shared benchmark inputs.
enum TestFiles {
    /// `Tests/QuantumCircuitsTests/Fixtures`.
    static let fixtures = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures")

    /// The JSON fixture `Fixtures/qiskit/<name>`.
    static func fixtureJSON(_ name: String) throws -> JSONValue {
        let data = try Data(contentsOf: fixtures.appending(path: "qiskit").appending(path: name))
        return try JSONParser.parse([UInt8](data))
    }

    /// The benchmark circuits committed beside runtime-bench
    /// (`Sources/runtime-bench/Resources/Circuits`): byte-for-byte copies of `shared/bench/circuits`
    /// (``sharedBenchCircuits``; `BenchCircuitCopiesTests` compares them when it is present), so
    /// that the tests that read them run from any clone.
    static let benchCircuits = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appending(path: "Sources/runtime-bench/Resources/Circuits")

    /// The shared benchmark circuits (`shared/bench/circuits`), found by walking up from this file
    /// (the repository sits beside `shared/` or below a directory that holds it), or nil when absent.
    static let sharedBenchCircuits: URL? = {
        if let override = ProcessInfo.processInfo.environment["QISKIT_RUNTIME_SHARED"] {
            return URL(filePath: override).appending(path: "bench/circuits")
        }
        var directory = URL(filePath: #filePath).deletingLastPathComponent()
        for _ in 0..<8 {
            directory = directory.deletingLastPathComponent()
            let candidate = directory.appending(path: "shared/bench/circuits")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return nil
    }()
}
