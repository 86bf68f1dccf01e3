import RuntimeWire

/// A job status as read from one job object of the service, mapped per PROTOCOL §4.1/§4.2.
struct JobStatusReport: Sendable, Hashable {
    /// Why a job is in ``JobStatus/error``.
    enum Failure: Sendable, Hashable {
        /// The program failed (`Completed` was not reached).
        case failed
        /// The job was cancelled for running longer than allowed (`Cancelled - Ran too long`, or
        /// `state.reason_code` 1305).
        case ranTooLong
    }

    var status: JobStatus
    var failure: Failure?
    /// `state.reason`, prefixed with `Error code <code>; ` when a reason code is present.
    var reason: String?
    /// `state.reason`, `state.reason_code` and `state.reason_solution` as read, when any is present.
    var detail: JobStatusReason?

    init(status: JobStatus, failure: Failure? = nil, reason: String? = nil, detail: JobStatusReason? = nil) {
        self.status = status
        self.failure = failure
        self.reason = reason
        self.detail = detail
    }

    /// Maps the status of a job object: `state.status` (with `reason`, `reasonCode` /
    /// `reason_code`) when present, else the flat `status` string; both upper-cased. A flat
    /// `Cancelled - Ran too long` wins over a `state` that says only `Cancelled`.
    /// Throws `.unknownStatus` ("Unknown status: <text>") for a status outside the table, and
    /// `.invalidResponse` when the object has no status at all.
    static func parse(job: JSONValue) throws -> JobStatusReport {
        let state = job["state"]
        let stateStatus = state?["status"]?.stringValue
        let flatStatus = job["status"]?.stringValue
        guard let text = stateStatus ?? flatStatus else {
            throw RuntimeError(.invalidResponse, "the job object has no status")
        }
        let message = state?["reason"]?.stringValue
        var reason = message
        let reasonCode = Self.code(state?["reasonCode"]) ?? Self.code(state?["reason_code"])
        if let reasonCode {
            reason = reason.map { "Error code \(reasonCode); \($0)" } ?? "Error code \(reasonCode)"
        }
        let solution = state?["reason_solution"]?.stringValue ?? state?["reasonSolution"]?.stringValue
        var detail: JobStatusReason?
        if message != nil || reasonCode != nil || solution != nil {
            detail = JobStatusReason(code: reasonCode.flatMap { Int($0) }, message: message, solution: solution)
        }
        var report = try map(text)
        if report.status == .cancelled, reasonCode == "1305" {
            report = JobStatusReport(status: .error, failure: .ranTooLong)
        }
        if let flatStatus, stateStatus != nil, flatStatus.uppercased() == "CANCELLED - RAN TOO LONG" {
            report = JobStatusReport(status: .error, failure: .ranTooLong)
        }
        report.reason = reason
        // The legacy API says "Cancelled - Ran too long" and gives no code: the same reason as
        // the v1 API's code 1305, so that `statusReason` tells the two failures apart either way.
        if detail == nil, report.failure == .ranTooLong {
            detail = JobStatusReason(code: ServiceErrorCode.ranTooLong.rawValue, message: "Ran too long")
        }
        report.detail = detail
        return report
    }

    /// Maps one status string (PROTOCOL §4.1).
    static func map(_ text: String) throws -> JobStatusReport {
        switch text.uppercased() {
        case "QUEUED": return JobStatusReport(status: .queued)
        case "RUNNING": return JobStatusReport(status: .running)
        case "COMPLETED": return JobStatusReport(status: .done)
        case "FAILED": return JobStatusReport(status: .error, failure: .failed)
        case "CANCELLED": return JobStatusReport(status: .cancelled)
        case "CANCELLED - RAN TOO LONG": return JobStatusReport(status: .error, failure: .ranTooLong)
        default: throw RuntimeError(.unknownStatus, "Unknown status: \(text)")
        }
    }

    private static func code(_ value: JSONValue?) -> String? {
        switch value {
        case .integer(let i)?: return String(i)
        case .string(let s)? where !s.isEmpty: return s
        default: return nil
        }
    }
}
