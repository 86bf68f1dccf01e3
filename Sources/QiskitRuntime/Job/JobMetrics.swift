import RuntimeWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the service reports about one job's run (`GET /jobs/{id}/metrics`): when it was created,
/// started and finished, the quantum time it is charged, and where it waits in the queue.
///
/// ```swift
/// let metrics = try await job.metrics()
/// if let position = metrics.positionInQueue { print("queued at", position) }
/// if let running = metrics.running { print("started", running) }
/// print("charged", metrics.chargedSeconds, "s", metrics.isUsagePending ? "(so far)" : "")
/// ```
///
/// Both shapes of the document are read: today's platform (`usage.qpu_charge_time_seconds` with
/// `usage.status`, `"pending"` until the figure is final) and the legacy runtime API
/// (`usage.quantum_seconds`, final as given). Every field is optional on the wire: a field that
/// is missing, or that has the wrong type (a timestamp that is not ISO 8601 text, a queue position
/// that is not a whole number), reads as `nil`; the document as sent stays in ``raw``.
public struct JobMetrics: Sendable, Hashable {
    /// When the job was created (`timestamps.created`).
    public var created: Date?
    /// When the job started running (`timestamps.running`); `nil` while it is queued.
    public var running: Date?
    /// When the job reached a final status (`timestamps.finished`); `nil` until then.
    public var finished: Date?
    /// The quantum time the job is charged so far, in seconds: `usage.qpu_charge_time_seconds`
    /// (today's platform) or `usage.quantum_seconds` (the legacy API and platform API versions
    /// before 2026-03-15); `nil` when the service gives neither.
    public var quantumSeconds: Double?
    /// Whether ``quantumSeconds`` may still grow: `usage.status` is `"pending"`, or (as
    /// qiskit-ibm-runtime reads it) the document has `qpu_charge_time_seconds` but no status.
    /// A legacy document (`quantum_seconds` only) is never pending.
    public var isUsagePending: Bool
    /// When the service expects the queued job to start (`estimated_start_time`).
    public var estimatedStartTime: Date?
    /// When the service expects the job to finish (`estimated_completion_time`).
    public var estimatedCompletionTime: Date?
    /// The job's place in its backend's queue (`position_in_queue`), while it is queued.
    public var positionInQueue: Int?
    /// The Qiskit version the job ran with (`qiskit_version`).
    public var qiskitVersion: String?
    /// The whole document as the service sent it (`[:]` for a value made in code).
    public var raw: RuntimeObject = [:]

    /// The quantum seconds the job is billed: ``quantumSeconds``, or 0 while the usage is pending
    /// or unknown — what ``RuntimeJob/usage(timeout:)`` returns, as qiskit-ibm-runtime's
    /// `job.usage()` does.
    public var chargedSeconds: Double {
        isUsagePending ? 0 : quantumSeconds ?? 0
    }

    /// Creates a metrics value.
    public init(
        created: Date? = nil, running: Date? = nil, finished: Date? = nil, quantumSeconds: Double? = nil,
        isUsagePending: Bool = false, estimatedStartTime: Date? = nil, estimatedCompletionTime: Date? = nil,
        positionInQueue: Int? = nil, qiskitVersion: String? = nil
    ) {
        self.created = created
        self.running = running
        self.finished = finished
        self.quantumSeconds = quantumSeconds
        self.isUsagePending = isUsagePending
        self.estimatedStartTime = estimatedStartTime
        self.estimatedCompletionTime = estimatedCompletionTime
        self.positionInQueue = positionInQueue
        self.qiskitVersion = qiskitVersion
    }

    /// Reads a metrics document. A document that is not an object throws
    /// `RuntimeError(.decodingFailed)`; a malformed RuntimeEncoder value inside it (a `__type__`
    /// object whose payload does not decode) throws as ``RuntimeValue/init(json:)`` does.
    init(json: JSONValue) throws {
        guard json.objectValue != nil else {
            throw RuntimeError(.decodingFailed, "the job metrics are not a JSON object")
        }
        let timestamps = json["timestamps"]
        let usage = json["usage"]
        let charge = usage?["qpu_charge_time_seconds"]?.finiteNumber
        let pending: Bool
        if let status = usage?["status"]?.stringValue {
            pending = status.lowercased() == "pending"
        } else {
            pending = usage?["qpu_charge_time_seconds"] != nil
        }
        self.init(
            created: timestamps?["created"]?.date, running: timestamps?["running"]?.date,
            finished: timestamps?["finished"]?.date,
            quantumSeconds: charge ?? usage?["quantum_seconds"]?.finiteNumber, isUsagePending: pending,
            estimatedStartTime: json["estimated_start_time"]?.date,
            estimatedCompletionTime: json["estimated_completion_time"]?.date,
            positionInQueue: json["position_in_queue"]?.wholeNumber, qiskitVersion: json["qiskit_version"]?.stringValue)
        raw = try WireJSON.runtimeValue(json).objectValue ?? [:]
    }
}
