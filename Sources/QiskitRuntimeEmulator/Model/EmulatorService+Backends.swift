import RuntimeWire

/// The backends of the v1 API (PLATFORM.md §4): the catalog of the configuration, with queue
/// lengths from the emulator's own jobs.
extension EmulatorService {
    /// The backend called `name`.
    func backend(_ name: String) throws(APIError) -> EmulatedBackend {
        guard let backend = configuration.platform.backends.backend(named: name) else {
            throw APIError(status: 404, code: "not_found", message: "Backend not found: \(name)")
        }
        return backend
    }

    /// How many jobs wait in the queue of each backend now.
    func queueLengths() -> [String: Int] {
        let now = self.now
        return state.withLock { state in
            var lengths: [String: Int] = [:]
            for job in state.jobs.values where job.status(at: now) == .queued { lengths[job.backend, default: 0] += 1 }
            return lengths
        }
    }

    /// The body of `GET /backends`: mock devices only with `includeMocks`.
    func backendsJSON(includeMocks: Bool) -> JSONValue {
        let lengths = queueLengths()
        let devices = configuration.platform.backends.backends.filter { includeMocks || !$0.isMock }
        return .fields([("devices", .array(devices.map { $0.deviceJSON(queueLength: lengths[$0.name] ?? 0) }))])
    }

    /// The body of `GET /backends/{name}/status`.
    func backendStatusJSON(_ name: String) throws(APIError) -> JSONValue {
        let backend = try backend(name)
        return backend.statusJSON(queueLength: queueLengths()[name] ?? 0)
    }
}
