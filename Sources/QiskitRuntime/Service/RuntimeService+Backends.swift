extension RuntimeService {
    /// The backends the instance can use (`GET /backends`), with their status and queue length.
    ///
    /// ```swift
    /// for backend in try await service.backends() {
    ///     print(backend.name, backend.qubitCount, backend.queueLength, backend.status)
    /// }
    /// ```
    /// - Parameter includeMocks: also list the service's mock backends (`include_mocks=true`).
    public func backends(includeMocks: Bool = false) async throws -> [BackendSummary] {
        let json = try await client.performJSON(ServiceRequest(
            "GET", path: ["backends"], query: includeMocks ? [("include_mocks", "true")] : [], context: "Failed to list backends"))
        guard let devices = json["devices"]?.arrayValue ?? json.arrayValue else {
            throw RuntimeError(.invalidResponse, "Failed to list backends: the response has no devices list")
        }
        return try devices.map(BackendSummary.init(json:))
    }

    /// The backend with this name. Nothing is sent until one of its methods is called.
    public func backend(_ name: String) -> RuntimeBackend {
        RuntimeBackend(name: name, service: self)
    }

    /// The online, non-simulator backend with at least `minimumQubits` qubits (and that
    /// `isIncluded` accepts) whose queue is shortest, from one `GET /backends`.
    ///
    /// Throws `RuntimeError.Code.notFound` (`No backend matches the criteria.`) when none qualifies.
    /// - Parameters:
    ///   - minimumQubits: the fewest qubits the backend must have.
    ///   - isIncluded: a further condition on the listed backend.
    public func leastBusy(
        minimumQubits: Int = 0, where isIncluded: (BackendSummary) -> Bool = { _ in true }
    ) async throws -> RuntimeBackend {
        let candidates = try await backends().filter {
            $0.isOnline && !$0.isSimulator && $0.qubitCount >= minimumQubits && isIncluded($0)
        }
        // The first of equal queues, in the service's order (a stable choice).
        guard let best = candidates.enumerated().min(by: {
            ($0.element.queueLength, $0.offset) < ($1.element.queueLength, $1.offset)
        })?.element else {
            throw RuntimeError(.notFound, "No backend matches the criteria.")
        }
        return backend(best.name)
    }
}
