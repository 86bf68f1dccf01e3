/// A backend of the service, by name: its live status, its configuration (read once per service)
/// and its calibration. Get one from ``RuntimeService/backend(_:)`` or
/// ``RuntimeService/leastBusy(minimumQubits:where:)``.
///
/// ```swift
/// let backend = service.backend("ibm_torino")
/// let status = try await backend.status()               // never cached
/// let configuration = try await backend.configuration() // read once per service
/// let properties = try await backend.properties()       // nil when the service has none
/// ```
///
/// Making one sends nothing; a name the service does not know surfaces as
/// `RuntimeError.Code.notFound` from its methods.
public struct RuntimeBackend: Sendable, CustomStringConvertible {
    /// The backend's name, such as `ibm_torino`.
    public let name: String
    /// The service the backend belongs to (its jobs are submitted through it).
    let service: RuntimeService

    init(name: String, service: RuntimeService) {
        self.name = name
        self.service = service
    }

    private var client: ServiceClient { service.client }

    /// The backend's status now (`GET /backends/{name}/status`).
    public func status() async throws -> BackendStatus {
        let json = try await client.performJSON(
            ServiceRequest("GET", path: ["backends", name, "status"], context: "Failed to get the status of backend \(name)"))
        return try BackendStatus(backendName: name, json: json)
    }

    /// The backend's configuration (`GET /backends/{name}/configuration`), from the service the
    /// first time and from the service's cache afterwards.
    public func configuration() async throws -> BackendConfiguration {
        if let cached = client.backendConfigurations.configuration(name) { return cached }
        let json = try await client.performJSON(
            ServiceRequest(
                "GET", path: ["backends", name, "configuration"],
                context: "Failed to get the configuration of backend \(name)"))
        let configuration = try BackendConfiguration(json: json)
        client.backendConfigurations.store(configuration, for: name)
        return configuration
    }

    /// The backend's calibration data (`GET /backends/{name}/properties`), or `nil` when the
    /// service has none for it (an empty answer, `null` or `{}`, as for a simulator).
    public func properties() async throws -> BackendProperties? {
        let response = try await client.perform(
            ServiceRequest(
                "GET", path: ["backends", name, "properties"], context: "Failed to get the properties of backend \(name)"))
        if response.status == 204 || response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return nil
        }
        let json = try WireJSON.parse(response.body, context: "Backend \(name) properties")
        return try BackendProperties(json: json)
    }

    /// `RuntimeBackend(ibm_torino)`.
    public var description: String { "RuntimeBackend(\(name))" }
}
