#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
    /// - Parameter calibrationID: the configuration of that calibration (`calibration_id`)
    ///   instead of the current one; always read from the service, never cached.
    public func configuration(calibrationID: String? = nil) async throws -> BackendConfiguration {
        if calibrationID == nil, let cached = client.backendConfigurations.configuration(name) { return cached }
        let json = try await client.performJSON(
            ServiceRequest(
                "GET", path: ["backends", name, "configuration"],
                query: calibrationID.map { [("calibration_id", $0)] } ?? [],
                context: "Failed to get the configuration of backend \(name)"))
        let configuration = try BackendConfiguration(json: json)
        if calibrationID == nil { client.backendConfigurations.store(configuration, for: name) }
        return configuration
    }

    /// The backend's calibration data (`GET /backends/{name}/properties`), or `nil` when the
    /// service has none for it (an empty answer, `null` or `{}`, as for a simulator).
    /// - Parameters:
    ///   - updatedBefore: the last calibration before this instant (`updated_before`, sent in
    ///     UTC) instead of the current one.
    ///   - calibrationID: the calibration with this id (`calibration_id`).
    public func properties(updatedBefore: Date? = nil, calibrationID: String? = nil) async throws -> BackendProperties? {
        var query: [(String, String)] = []
        if let updatedBefore { query.append(("updated_before", RuntimeDateTime(updatedBefore).isoText)) }
        if let calibrationID { query.append(("calibration_id", calibrationID)) }
        let response = try await client.perform(
            ServiceRequest(
                "GET", path: ["backends", name, "properties"], query: query,
                context: "Failed to get the properties of backend \(name)"))
        if response.status == 204 || response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return nil
        }
        let json = try WireJSON.parse(response.body, context: "Backend \(name) properties")
        return try BackendProperties(json: json)
    }

    /// `RuntimeBackend(ibm_torino)`.
    public var description: String { "RuntimeBackend(\(name))" }
}
