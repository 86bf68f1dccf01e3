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

    /// The shared benchmark circuits (`shared/bench/circuits`), found by walking up from this file
    /// (the repository sits beside `shared/` or below a directory that holds it), or nil when absent.
    static let benchCircuits: URL? = {
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
