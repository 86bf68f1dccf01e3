extension RuntimeService {
    /// The instance's usage in the current period (`GET /instances/usage`): time consumed, its
    /// limit or allocation, and whether the limit is reached.
    ///
    /// The SDK does not ask for it before each submission (the Python client asks for it and for
    /// the backend's status before every job); call it when you want to know. A submission past
    /// the limit is refused by the service (reason code 4317), and a warning near the limit comes
    /// back in ``RuntimeJob/submissionWarnings``.
    public func usage() async throws -> InstanceUsage {
        let json = try await client.performJSON(
            ServiceRequest("GET", path: ["instances", "usage"], context: "Failed to get the instance usage"))
        return try InstanceUsage(json: json)
    }
}
