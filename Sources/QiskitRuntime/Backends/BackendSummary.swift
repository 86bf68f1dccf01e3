import RuntimeWire

/// A backend as `GET /backends` lists it: enough to choose one without downloading its
/// configuration. See ``RuntimeService/backends(includeMocks:)``.
public struct BackendSummary: Sendable, Hashable, Identifiable, CustomStringConvertible {
    /// The backend's name, such as `ibm_torino`.
    public var name: String
    /// The service's status name (`status.name`), such as `online`, `offline`, `paused` or
    /// `maintenance`.
    public var status: String
    /// Why the backend has that status (`status.reason`), if the service says.
    public var statusReason: String?
    /// The number of qubits.
    public var qubitCount: Int
    /// How many jobs wait in the backend's queue.
    public var queueLength: Int
    /// Whether it is a simulator (sessions do not apply to simulators).
    public var isSimulator: Bool
    /// The processor, if the service says.
    public var processorType: BackendProcessorType?

    /// Whether the backend takes jobs now: its status is `online`.
    public var isOnline: Bool { status.lowercased() == "online" }

    /// The name.
    public var id: String { name }

    /// Creates a summary.
    public init(
        name: String, status: String, statusReason: String? = nil, qubitCount: Int, queueLength: Int,
        isSimulator: Bool, processorType: BackendProcessorType? = nil
    ) {
        self.name = name
        self.status = status
        self.statusReason = statusReason
        self.qubitCount = qubitCount
        self.queueLength = queueLength
        self.isSimulator = isSimulator
        self.processorType = processorType
    }

    /// Reads one entry of `devices`: `name`, `status` (`{"name", "reason"}` or a string),
    /// `qubits`, `queue_length`, `is_simulator`, `processor_type`. Only `name` is required.
    init(json: JSONValue) throws {
        guard let name = json["name"]?.stringValue, !name.isEmpty else {
            throw RuntimeError(.invalidResponse, "a backend of the /backends list has no name")
        }
        let status = json["status"]
        self.init(
            name: name,
            status: status?.stringValue ?? status?["name"]?.stringValue ?? "unknown",
            statusReason: status?["reason"]?.stringValue,
            qubitCount: max(json["qubits"]?.wholeNumber ?? json["n_qubits"]?.wholeNumber ?? 0, 0),
            queueLength: max(json["queue_length"]?.wholeNumber ?? 0, 0),
            isSimulator: json["is_simulator"]?.looseBool ?? json["simulator"]?.looseBool ?? false,
            processorType: BackendProcessorType(json: json["processor_type"]))
    }

    /// `ibm_torino: online, 133 qubits, queue 12`.
    public var description: String {
        "\(name): \(status), \(qubitCount) qubits, queue \(queueLength)\(isSimulator ? ", simulator" : "")"
    }
}
