import Foundation
import QiskitRuntime

/// The primitive-result fixtures made by `Fixtures/make_primitive_results.py` with the official
/// Python stack, and the bench's committed 100k × 127 result.
enum PrimitiveFixtures {
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures/primitives")

    static let benchResources = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appending(path: "Sources/runtime-bench/Resources")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appending(path: name), encoding: .utf8)
    }

    static func value(_ name: String) throws -> RuntimeValue {
        try RuntimeValue(validatingJSON: try text(name))
    }

    /// `[String: Int]` from a JSON object of counts.
    static func counts(_ value: RuntimeValue?) -> [String: Int] {
        var out: [String: Int] = [:]
        for (key, count) in value?.objectValue ?? [:] { out[key] = count.intValue }
        return out
    }

    /// Doubles of a nested JSON list (or a number), in C order.
    static func doubles(_ value: RuntimeValue?) -> [Double] {
        switch value {
        case .array(let elements)?: return elements.flatMap { doubles($0) }
        case let number?: return number.doubleValue.map { [$0] } ?? []
        case nil: return []
        }
    }
}
