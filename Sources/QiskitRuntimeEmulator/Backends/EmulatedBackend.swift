import QiskitRuntime
import RuntimeWire

/// One backend of the emulator's v1 catalog (`GET /api/v1/backends`): its configuration and
/// calibration documents as the service serves them, and its status.
///
/// The documents are kept as JSON, exactly as served: the configuration is complete (every key
/// the official client requires, per-gate `coupling_map` and `qasm_def`, `supported_instructions`,
/// `dt`, `processor_type` …), so a transpiler target or an instruction-set check can be built
/// from it. Create one from your own device's documents with
/// ``init(configurationJSON:propertiesJSON:)`` or load a whole catalog file with
/// ``BackendCatalog/init(json:)``.
public struct EmulatedBackend: Sendable, Hashable {
    /// The configuration document (`GET /backends/{name}/configuration`).
    package var configuration: JSONValue
    /// The calibration document (`GET /backends/{name}/properties`); `nil` when the backend has
    /// none (the route then answers `{}`).
    package var properties: JSONValue?
    /// Whether the backend takes jobs (`status.name` `online`, `state: true`); `false` shows it
    /// `paused` with ``statusMessage``.
    public var isOperational: Bool
    /// The `status` of `GET /backends/{name}/status`, such as `active` or `maintenance`.
    public var statusMessage: String
    /// Whether the backend is a mock device (`"class": "mock"`): hidden from `GET /backends`
    /// unless `include_mocks=true`.
    public var isMock: Bool
    /// Whether the emulator accepts any gate on this backend when it validates circuits (for
    /// tests that do not care about the instruction set). Off by default.
    public var acceptsAnyGates: Bool
    /// CLOPS as `GET /backends` reports it (`{"type": "hpcx", "value": …}`), if known.
    package var clops: JSONValue?

    /// The backend's name, `backend_name` of its configuration.
    public var name: String { configuration["backend_name"]?.stringValue ?? "" }

    /// The number of qubits, `n_qubits` of its configuration.
    public var qubitCount: Int { configuration["n_qubits"]?.integerValue.map { Int($0) } ?? 0 }

    /// Whether the configuration says it is a simulator.
    public var isSimulator: Bool { configuration["simulator"]?.boolValue ?? false }

    /// The configuration document as JSON text.
    public var configurationJSON: String { JSONWriter.write(configuration, style: .compact) }

    /// The calibration document as JSON text, or `nil` when there is none.
    public var propertiesJSON: String? { properties.map { JSONWriter.write($0, style: .compact) } }

    /// Creates a backend from its documents, validated as ``BackendCatalog/init(json:)`` does.
    /// - Throws: `RuntimeError(.invalidConfiguration)` naming what is missing or malformed.
    public init(
        configurationJSON: String, propertiesJSON: String? = nil, isOperational: Bool = true,
        statusMessage: String = "active", isMock: Bool = false, acceptsAnyGates: Bool = false
    ) throws {
        let configuration: JSONValue
        let properties: JSONValue?
        do {
            configuration = try JSONParser.parse(configurationJSON)
            properties = try propertiesJSON.map { try JSONParser.parse($0) }
        } catch {
            throw RuntimeError(.invalidConfiguration, "A backend document is not valid JSON: \(error)")
        }
        try self.init(
            configuration: configuration, properties: properties, isOperational: isOperational,
            statusMessage: statusMessage, isMock: isMock, acceptsAnyGates: acceptsAnyGates, clops: nil)
    }

    /// A backend from documents that are checked here.
    /// - Throws: `RuntimeError(.invalidConfiguration)` naming what is missing or malformed.
    package init(
        configuration: JSONValue, properties: JSONValue?, isOperational: Bool = true, statusMessage: String = "active",
        isMock: Bool = false, acceptsAnyGates: Bool = false, clops: JSONValue? = nil
    ) throws {
        try Self.validate(configuration: configuration)
        if let properties, properties != .null, properties.objectValue == nil {
            throw RuntimeError(.invalidConfiguration, "The properties of backend '\(configuration["backend_name"]?.stringValue ?? "?")' must be an object or null.")
        }
        self.init(
            trusted: configuration, properties: properties == .null ? nil : properties, isOperational: isOperational,
            statusMessage: statusMessage, isMock: isMock, acceptsAnyGates: acceptsAnyGates, clops: clops)
    }

    /// A backend from documents the emulator built itself (not checked).
    init(
        trusted configuration: JSONValue, properties: JSONValue?, isOperational: Bool = true, statusMessage: String = "active",
        isMock: Bool = false, acceptsAnyGates: Bool = false, clops: JSONValue? = nil
    ) {
        self.configuration = configuration
        self.properties = properties
        self.isOperational = isOperational
        self.statusMessage = statusMessage
        self.isMock = isMock
        self.acceptsAnyGates = acceptsAnyGates
        self.clops = clops
    }

    /// The keys the official client requires of a configuration (a backend missing one silently
    /// disappears from its list), with a check of each value.
    static let requiredKeys: [(key: String, isValid: @Sendable (JSONValue) -> Bool, expected: String)] = [
        ("backend_name", { !($0.stringValue ?? "").isEmpty }, "a non-empty string"),
        ("backend_version", { $0.stringValue != nil }, "a string"),
        ("n_qubits", { ($0.integerValue ?? 0) >= 1 }, "a positive integer"),
        ("basis_gates", { $0.arrayValue?.allSatisfy { $0.stringValue != nil } == true }, "a list of strings"),
        ("gates", { $0.arrayValue != nil }, "a list of gate objects"),
        ("local", { $0.boolValue != nil }, "a Boolean"),
        ("simulator", { $0.boolValue != nil }, "a Boolean"),
        ("conditional", { $0.boolValue != nil }, "a Boolean"),
        ("open_pulse", { $0.boolValue != nil }, "a Boolean"),
        ("memory", { $0.boolValue != nil }, "a Boolean"),
        ("coupling_map", { $0 == .null || $0.arrayValue != nil }, "a list of pairs or null"),
        ("online_date", { $0.stringValue.flatMap(CivilDate.parseISO8601) != nil }, "an ISO-8601 date"),
    ]

    static func validate(configuration: JSONValue) throws {
        guard configuration.objectValue != nil else {
            throw RuntimeError(.invalidConfiguration, "A backend configuration must be a JSON object.")
        }
        let name = configuration["backend_name"]?.stringValue ?? "?"
        for required in requiredKeys {
            guard let value = configuration[required.key] else {
                throw RuntimeError(.invalidConfiguration, "The configuration of backend '\(name)' has no '\(required.key)'.")
            }
            guard required.isValid(value) else {
                throw RuntimeError(.invalidConfiguration, "'\(required.key)' of backend '\(name)' must be \(required.expected).")
            }
        }
        for gate in configuration["gates"]?.arrayValue ?? [] {
            guard gate["name"]?.stringValue != nil, gate["parameters"] != nil, gate["qasm_def"] != nil else {
                throw RuntimeError(
                    .invalidConfiguration,
                    "Every entry of 'gates' of backend '\(name)' needs 'name', 'parameters' and 'qasm_def'.")
            }
        }
    }

    /// `GET /backends/{name}/status` with `queueLength` queued jobs.
    func statusJSON(queueLength: Int) -> JSONValue {
        .fields([
            ("state", .bool(isOperational)),
            ("status", .string(statusMessage)),
            ("message", .string(isOperational ? "available" : statusMessage)),
            ("length_queue", .integer(Int64(queueLength))),
            ("backend_version", configuration["backend_version"] ?? .string("0.0.0")),
        ])
    }

    /// The entry of `GET /backends` with `queueLength` queued jobs.
    func deviceJSON(queueLength: Int) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("name", .string(name)),
            ("status", .fields([
                ("name", .string(isOperational ? "online" : "paused")),
                ("reason", .string(isOperational ? "available" : statusMessage)),
            ])),
            ("qubits", .integer(Int64(qubitCount))),
            ("is_simulator", .bool(isSimulator)),
            ("queue_length", .integer(Int64(queueLength))),
            ("clops", clops ?? .null),
            ("processor_type", configuration["processor_type"] ?? .null),
            ("performance_metrics", performanceMetrics),
        ]
        if isMock { members.append(("class", .string("mock"))) }
        return .fields(members)
    }

    /// Medians of the calibration (two-qubit gate error, readout error), as `GET /backends`
    /// summarizes a device; empty without properties.
    private var performanceMetrics: JSONValue {
        guard let properties else { return .fields([]) }
        func median(_ values: [Double]) -> JSONValue {
            guard !values.isEmpty else { return .null }
            let sorted = values.sorted()
            return .double(sorted[sorted.count / 2])
        }
        var readout: [Double] = []
        for qubit in properties["qubits"]?.arrayValue ?? [] {
            for entry in qubit.arrayValue ?? [] where entry["name"]?.stringValue == "readout_error" {
                if let value = entry["value"]?.doubleValue { readout.append(value) }
            }
        }
        var twoQubit: [Double] = []
        for gate in properties["gates"]?.arrayValue ?? [] where gate["qubits"]?.arrayValue?.count == 2 {
            for parameter in gate["parameters"]?.arrayValue ?? [] where parameter["name"]?.stringValue == "gate_error" {
                if let value = parameter["value"]?.doubleValue { twoQubit.append(value) }
            }
        }
        return .fields([
            ("two_q_error_median", median(twoQubit)),
            ("readout_error_median", median(readout)),
        ])
    }
}
