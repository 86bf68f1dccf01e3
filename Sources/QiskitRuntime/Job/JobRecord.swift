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
        // Unreadable params leave the inputs unknown: `inputs()` reads them again and throws.
        inputs = json["params"].flatMap { try? Self.inputs($0) }
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

    /// `params` may be an object, a JSON string, or a list whose first element is the params;
    /// `null` or an empty list is no inputs.
    /// - Throws: the decoder's `RuntimeError` when they cannot be read (an unreadable tagged value,
    ///   a string that is not JSON), and `.invalidResponse` for params of another kind: nothing is
    ///   dropped silently.
    static func inputs(_ params: JSONValue) throws -> RuntimeValue {
        switch params {
        case .object:
            return try WireJSON.runtimeValue(params)
        case .string(let text):
            return try RuntimeValue(validatingJSON: text)
        case .array(let items):
            guard let first = items.first else { return [:] }
            return try inputs(first)
        case .null:
            return [:]
        default:
            throw RuntimeError(.invalidResponse, "the job's params are neither an object nor JSON text")
        }
    }
}
