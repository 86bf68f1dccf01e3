import Synchronization

/// The backend configurations a service has read, by backend name, kept for the service's
/// lifetime (they are large and change rarely; a backend's status is never cached).
final class BackendConfigurationCache: Sendable {
    private let entries = Mutex<[String: BackendConfiguration]>([:])

    /// The configuration of `name`, if read before.
    func configuration(_ name: String) -> BackendConfiguration? {
        entries.withLock { $0[name] }
    }

    /// Keeps `configuration` for `name`.
    func store(_ configuration: BackendConfiguration, for name: String) {
        entries.withLock { $0[name] = configuration }
    }

    /// How many configurations are kept (for tests).
    var count: Int { entries.withLock { $0.count } }
}
