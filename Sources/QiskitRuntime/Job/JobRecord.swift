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
    /// The job's tags (`tags`); `nil` when the object has no list of them.
    var tags: [String]?
    /// The service's estimate of the job's quantum time in seconds
    /// (`estimated_running_time_seconds`), when it gives one.
    var estimatedRunningSeconds: Double?

    /// Reads a job object; only a missing `id` is an error.
    init(json: JSONValue) throws {
        guard let id = json["id"]?.stringValue, !id.isEmpty else {
            throw RuntimeError(.invalidResponse, "the job object has no id")
        }
        self.id = id
        programID = json["program"]?["id"]?.stringValue ?? json["program_id"]?.stringValue ?? ""
        backend = json["backend"]?.stringValue
        created = json["created"]?.date
        inputs = json["params"].map(Self.inputs)
        sessionID = json["session_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        status = try? JobStatusReport.parse(job: json)
        tags = Self.tags(json)
        estimatedRunningSeconds = Self.estimatedRunningSeconds(json)
    }

    /// The `tags` of a job object (elements that are not strings skipped), or `nil` when it has
    /// no list.
    static func tags(_ json: JSONValue) -> [String]? {
        json["tags"]?.arrayValue.map { $0.compactMap(\.stringValue) }
    }

    /// The `estimated_running_time_seconds` of a job object, when it is a finite number.
    static func estimatedRunningSeconds(_ json: JSONValue) -> Double? {
        json["estimated_running_time_seconds"]?.finiteNumber
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
