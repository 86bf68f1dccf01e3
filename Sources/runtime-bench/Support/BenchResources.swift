#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Files kept next to the bench's sources (`Sources/runtime-bench/Resources`, excluded from the
/// target): found from this source file's path, as the bench runs from a checkout (`swift run`).
enum BenchResources {
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Resources")

    /// The text of `Resources/<name>`.
    static func text(_ name: String) throws -> String {
        let url = directory.appending(path: name)
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw BenchFailure("cannot read \(url.path): \(error)")
        }
    }
}
