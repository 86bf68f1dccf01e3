import RuntimeWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A backend's calibration data (`GET /backends/{name}/properties`): per-qubit T1, T2,
/// frequency and readout error, per-gate error and length, in SI units.
///
/// ```swift
/// if let properties = try await service.backend("ibm_torino").properties() {
///     print(properties.qubits[0].t1 ?? 0, properties.gate("cz", on: [0, 1])?.error ?? 0)
/// }
/// ```
///
/// Entries the SDK does not know are kept in ``document``; a value of an unexpected type reads as
/// unknown. Never cached: each ``RuntimeBackend/properties(updatedBefore:calibrationID:)`` asks the service.
public struct BackendProperties: Sendable {
    /// The backend's name, if the document says.
    public var backendName: String?
    /// The backend's version, if the document says.
    public var backendVersion: String?
    /// When the calibration was last updated (`last_update_date`).
    public var lastUpdate: Date?
    /// The properties of each qubit, indexed by physical qubit.
    public var qubits: [QubitProperties]
    /// The properties of each gate on each qubit tuple it is calibrated for.
    public var gates: [GateProperties]

    /// The document as parsed.
    package let json: JSONValue

    /// The whole document as a ``RuntimeValue`` (built on each call).
    /// - Throws: `RuntimeError(.invalidValue)` when a tagged value in it (`__type__`) cannot be
    ///   read: nothing of the document is dropped silently.
    public var document: RuntimeValue {
        get throws { try WireJSON.runtimeValue(json) }
    }

    /// The properties of gate `name` on exactly these qubits, if calibrated.
    public func gate(_ name: String, on qubits: [Int]) -> GateProperties? {
        gates.first { $0.name == name && $0.qubits == qubits }
    }

    /// Reads a properties document; `nil` for `null`, `{}` or a document with neither `qubits`
    /// nor `gates` (the service has none); `.invalidResponse` for a document that is not an object.
    package init?(json: JSONValue) throws {
        if json == .null { return nil }
        guard let members = json.objectValue else {
            throw RuntimeError(.invalidResponse, "the backend properties are not a JSON object")
        }
        if members.isEmpty || (json["qubits"] == nil && json["gates"] == nil) { return nil }
        self.json = json
        backendName = json["backend_name"]?.stringValue
        backendVersion = json["backend_version"]?.stringValue
        lastUpdate = json["last_update_date"]?.date
        qubits = json["qubits"]?.arrayValue?.map(Self.qubit) ?? []
        gates = json["gates"]?.arrayValue?.compactMap(Self.gate) ?? []
    }

    /// The value of a `{"name", "unit", "value"}` entry in SI units.
    private static func value(_ entry: JSONValue) -> (name: String, value: Double)? {
        guard let name = entry["name"]?.stringValue, let value = entry["value"]?.finiteNumber else { return nil }
        return (name, value * PhysicalUnit.factor(entry["unit"]?.stringValue))
    }

    private static func qubit(_ entries: JSONValue) -> QubitProperties {
        var qubit = QubitProperties()
        for entry in entries.arrayValue ?? [] {
            guard let (name, value) = value(entry) else { continue }
            switch name {
            case "T1": qubit.t1 = value
            case "T2": qubit.t2 = value
            case "frequency": qubit.frequency = value
            case "readout_error": qubit.readoutError = value
            case "readout_length": qubit.readoutLength = value
            case "prob_meas0_prep1": qubit.probabilityMeasure0Prepare1 = value
            case "prob_meas1_prep0": qubit.probabilityMeasure1Prepare0 = value
            default: break
            }
        }
        return qubit
    }

    private static func gate(_ entry: JSONValue) -> GateProperties? {
        guard let name = entry["gate"]?.stringValue else { return nil }
        let items = entry["qubits"]?.arrayValue ?? []
        let qubits = items.compactMap(\.wholeNumber)
        guard qubits.count == items.count else { return nil }
        var gate = GateProperties(name: name, qubits: qubits)
        for parameter in entry["parameters"]?.arrayValue ?? [] {
            guard let (parameterName, value) = value(parameter) else { continue }
            switch parameterName {
            case "gate_error": gate.error = value
            case "gate_length": gate.length = value
            default: break
            }
        }
        return gate
    }
}
