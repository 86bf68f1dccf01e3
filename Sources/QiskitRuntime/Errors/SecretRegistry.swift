import Synchronization

/// The secrets learned at run time (access tokens, IAM tokens), so that log lines written after a
/// login are redacted too. Keeps the most recent few; older tokens are long expired.
final class SecretRegistry: Sendable {
    private let secrets = Mutex<[String]>([])
    private let capacity = 8

    init() {}

    /// Remembers `secret` (ignored when empty or known).
    func add(_ secret: String) {
        guard !secret.isEmpty else { return }
        secrets.withLock { list in
            guard !list.contains(secret) else { return }
            list.append(secret)
            if list.count > capacity { list.removeFirst(list.count - capacity) }
        }
    }

    /// The secrets known now.
    var all: [String] { secrets.withLock { $0 } }
}
