import RuntimeWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The fields of a job object (PROTOCOL §2.3.2) the SDK reads.
struct JobRecord: Sendable {
    var id: String
    var programID: String
    var backend: String?
    var created: Date?
    /// The params, or `nil` when the object has none (read with `exclude_params=true`).
    var inputs: RuntimeValue?
    /// The session or batch the job runs in (`session_id`), if any.
    var sessionID: String?
    /// The mapped status, or `nil` when the status is missing or unknown (the job reports that
    /// when asked).
    var status: JobStatusReport?

    /// Reads a job object; only a missing `id` is an error.
    init(json: JSONValue) throws {
        guard let id = json["id"]?.stringValue, !id.isEmpty else {
            throw RuntimeError(.invalidResponse, "the job object has no id")
        }
        self.id = id
        programID = json["program"]?["id"]?.stringValue ?? json["program_id"]?.stringValue ?? ""
        backend = json["backend"]?.stringValue
        created = json["created"]?.stringValue.flatMap(ISO8601Date.parse)
        inputs = json["params"].map(Self.inputs)
        sessionID = json["session_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        status = try? JobStatusReport.parse(job: json)
    }

    /// `params` may be an object, a JSON string, or a list whose first element is the params.
    static func inputs(_ params: JSONValue) -> RuntimeValue {
        switch params {
        case .object:
            if let value = try? WireJSON.runtimeValue(params) { return value }
        case .string(let text):
            if let value = try? RuntimeValue(json: text) { return value }
        case .array(let items):
            if let first = items.first { return inputs(first) }
        default:
            break
        }
        return [:]
    }
}
