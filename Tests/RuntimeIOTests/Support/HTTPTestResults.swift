import Synchronization

/// Strings collected from concurrent tasks.
final class HTTPTestResults: Sendable {
    private let state = Mutex<[String]>([])
    func append(_ value: String) { state.withLock { $0.append(value) } }
    var values: [String] { state.withLock { $0 } }
}
