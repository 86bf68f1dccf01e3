#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import QiskitRuntime
import RuntimeWire

/// The backends the emulator's v1 API serves (`GET /api/v1/backends…`), and jobs may run on.
///
/// ``standard`` has three fake devices shaped like IBM's (see ``StandardBackends``). A catalog
/// file (`qiskit-runtime-emulator --backends FILE`, or ``init(json:)``) mirrors any devices:
///
/// ```json
/// {"backends": [
///   {"configuration": {…the device's configuration document…},
///    "properties": {…its calibration document…} or null,
///    "status": {"state": true, "status": "active"},
///    "class": "mock",
///    "accept_any_gates": false}
/// ]}
/// ```
///
/// Only `configuration` is required; it must carry every key the official client needs
/// (`backend_name`, `backend_version`, `n_qubits`, `basis_gates`, `gates` with `name`,
/// `parameters` and `qasm_def`, `local`, `simulator`, `conditional`, `open_pulse`, `memory`,
/// `coupling_map`, `online_date`). ``json`` writes a catalog in this format.
public struct BackendCatalog: Sendable, Hashable {
    /// The backends, in the order `GET /backends` lists them.
    public private(set) var backends: [EmulatedBackend]

    /// A catalog of these backends.
    /// - Throws: `RuntimeError(.invalidConfiguration)` when two have the same name.
    public init(_ backends: [EmulatedBackend]) throws {
        var names = Set<String>()
        for backend in backends where !names.insert(backend.name).inserted {
            throw RuntimeError(.invalidConfiguration, "The catalog lists backend '\(backend.name)' twice.")
        }
        self.backends = backends
    }

    /// A catalog whose names the emulator knows to be distinct.
    init(trusted backends: [EmulatedBackend]) {
        self.backends = backends
    }

    /// Reads a catalog file (the format above).
    /// - Throws: `RuntimeError(.invalidConfiguration)` naming the entry and what is wrong.
    public init(json text: String) throws {
        let document: JSONValue
        do {
            document = try JSONParser.parse(text)
        } catch {
            throw RuntimeError(.invalidConfiguration, "The backend catalog is not valid JSON: \(error)")
        }
        guard let entries = document["backends"]?.arrayValue else {
            throw RuntimeError(.invalidConfiguration, "A backend catalog is an object with a 'backends' list.")
        }
        var backends: [EmulatedBackend] = []
        for (index, entry) in entries.enumerated() {
            guard entry.objectValue != nil, let configuration = entry["configuration"] else {
                throw RuntimeError(.invalidConfiguration, "Entry \(index) of the backend catalog has no 'configuration'.")
            }
            let status = entry["status"]
            guard status == nil || status == .null || status?.objectValue != nil else {
                throw RuntimeError(.invalidConfiguration, "'status' of entry \(index) must be an object.")
            }
            backends.append(try EmulatedBackend(
                configuration: configuration, properties: entry["properties"],
                isOperational: status?["state"]?.boolValue ?? true,
                statusMessage: status?["status"]?.stringValue ?? "active",
                isMock: entry["class"]?.stringValue == "mock",
                acceptsAnyGates: entry["accept_any_gates"]?.boolValue ?? false,
                clops: entry["clops"]))
        }
        try self.init(backends)
    }

    /// Reads a catalog file (the format above) from `path`.
    /// - Throws: `RuntimeError(.invalidConfiguration)` when it cannot be read or is not a catalog.
    public init(contentsOfFile path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw RuntimeError(.invalidConfiguration, "Cannot read the backend catalog: \(error)")
        }
        try self.init(json: String(decoding: data, as: UTF8.self))
    }

    /// The catalog in the file format of ``init(json:)``.
    public var json: String {
        let entries: [JSONValue] = backends.map { backend in
            var members: [(String, JSONValue)] = [
                ("configuration", backend.configuration),
                ("properties", backend.properties ?? .null),
                ("status", .fields([("state", .bool(backend.isOperational)), ("status", .string(backend.statusMessage))])),
                ("accept_any_gates", .bool(backend.acceptsAnyGates)),
            ]
            if backend.isMock { members.append(("class", .string("mock"))) }
            if let clops = backend.clops { members.append(("clops", clops)) }
            return .fields(members)
        }
        return JSONWriter.write(.fields([("backends", .array(entries))]), style: .python)
    }

    /// The backend called `name`, if the catalog has one.
    public func backend(named name: String) -> EmulatedBackend? {
        backends.first { $0.name == name }
    }

    /// Names of the backends, in catalog order.
    public var names: [String] { backends.map(\.name) }

    /// Three fake devices shaped like IBM's (see ``StandardBackends``): `fake_tallinn` (5
    /// qubits, T, Heron-style `cz`), `fake_lisbon` (127-qubit Eagle r3, `ecr`) and
    /// `fake_bergen` (156-qubit Heron r2, `cz`), with seeded calibrations.
    public static let standard: BackendCatalog = StandardBackends.catalog
}
