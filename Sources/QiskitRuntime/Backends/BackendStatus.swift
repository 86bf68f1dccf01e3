import RuntimeWire

/// The live status of a backend (`GET /backends/{name}/status`). Never cached: every
/// ``RuntimeBackend/status()`` asks the service.
public struct BackendStatus: Sendable, Hashable, CustomStringConvertible {
    /// The backend's name.
    public var backendName: String
    /// Whether the backend is operational (`state`).
    public var isOperational: Bool
    /// The service's status text (`status`), such as `active`, `maintenance` or `internal`.
    public var statusMessage: String
    /// A longer explanation (`message`), if the service gives one.
    public var message: String?
    /// How many jobs wait in its queue (`length_queue`, never negative).
    public var pendingJobs: Int
    /// The backend's version (`backend_version`), if the service says.
    public var backendVersion: String?

    /// Creates a status.
    public init(
        backendName: String, isOperational: Bool, statusMessage: String, message: String? = nil, pendingJobs: Int,
        backendVersion: String? = nil
    ) {
        self.backendName = backendName
        self.isOperational = isOperational
        self.statusMessage = statusMessage
        self.message = message
        self.pendingJobs = pendingJobs
        self.backendVersion = backendVersion
    }

    /// Reads `{"state", "status", "message", "length_queue", "backend_version"}`; missing fields
    /// read as not operational, an empty status text and an empty queue (as the Python client does).
    init(backendName: String, json: JSONValue) throws {
        guard json.objectValue != nil else {
            throw RuntimeError(.invalidResponse, "the status of backend \(backendName) is not a JSON object")
        }
        self.init(
            backendName: json["backend_name"]?.stringValue ?? backendName,
            isOperational: json["state"]?.looseBool ?? false,
            statusMessage: json["status"]?.stringValue ?? json["status_msg"]?.stringValue ?? "",
            message: json["message"]?.stringValue,
            pendingJobs: max(json["length_queue"]?.wholeNumber ?? json["pending_jobs"]?.wholeNumber ?? 0, 0),
            backendVersion: json["backend_version"]?.stringValue)
    }

    /// `ibm_torino: operational (active), 12 pending jobs`.
    public var description: String {
        "\(backendName): \(isOperational ? "operational" : "not operational") (\(statusMessage)), \(pendingJobs) pending jobs"
    }
}
