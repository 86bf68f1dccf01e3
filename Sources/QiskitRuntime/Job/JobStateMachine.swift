/// The logic of one ``RuntimeJob``, free of I/O and concurrency: the actor feeds it events and
/// executes the actions it returns.
///
/// - Monotonic: a status is applied only if it does not move the job back (queued after running
///   is stale), and nothing moves a job out of a final status — a late reply is ignored.
/// - Result sharing is ``ResultFetchStateMachine``'s.
/// - Cancel: an accepted cancel is confirmed by one status read; if the job had already reached
///   a final status that status stands, otherwise the job is cancelled.
struct JobStateMachine: Sendable {
    /// The status the job is known to have.
    private(set) var status: JobStatus
    /// Why the job is in `.error`, once known.
    private(set) var failure: JobStatusReport.Failure?
    /// The service's reason text of the last applied status, if any.
    private(set) var reason: String?
    /// The service's reason, code and solution of the last applied status that had one.
    private(set) var reasonDetail: JobStatusReason?

    init(status: JobStatus = .initializing) {
        self.status = status
    }

    init(report: JobStatusReport?) {
        self.status = .initializing
        if let report { _ = observe(report) }
    }

    // MARK: Status

    /// What ``observe(_:)`` did with a status.
    enum Observation: Sendable, Equatable {
        /// The status was applied.
        case applied
        /// The job is final already; the report was ignored.
        case ignoredFinal
        /// The report would move the job back (a late reply); it was ignored.
        case ignoredStale
    }

    /// Whether the job must still ask the service for its status.
    var needsStatusRead: Bool { !status.isFinal }

    /// Applies a status read from the service, unless it would move the job back.
    mutating func observe(_ report: JobStatusReport) -> Observation {
        if status.isFinal { return .ignoredFinal }
        if report.status.rank < status.rank { return .ignoredStale }
        status = report.status
        failure = report.failure
        if let reason = report.reason { self.reason = reason }
        if let detail = report.detail { reasonDetail = detail }
        return .applied
    }

    // MARK: Result

    /// What a caller of `result()` must do once the job is final.
    enum ResultPlan: Sendable, Equatable {
        /// The job is not final yet: wait for it first.
        case waitForFinalState
        /// Obtain the raw result text (``ResultFetchStateMachine``) and decode it.
        case fetchAndDecode
        /// Obtain the raw result text for the error message, then fail with `.jobFailed`.
        case fetchAndFail
        /// Fail with `.invalidState`: a cancelled job has no result.
        case cancelled
    }

    var resultPlan: ResultPlan {
        switch status {
        case .done: return .fetchAndDecode
        case .error: return .fetchAndFail
        case .cancelled: return .cancelled
        case .initializing, .queued, .validating, .running: return .waitForFinalState
        }
    }

    // MARK: Cancel

    /// What `cancel()` must do.
    enum CancelAction: Sendable, Equatable {
        /// Send `POST /jobs/{id}/cancel`.
        case send
        /// The job is final already: fail with `.invalidState` without asking the service.
        case rejectFinal(JobStatus)
    }

    var cancelAction: CancelAction {
        status.isFinal ? .rejectFinal(status) : .send
    }

    /// The service accepted the cancel; `confirmation` is the one status read that followed (or
    /// `nil` if it failed). Returns the job's status: the final status it had reached first, or
    /// ``JobStatus/cancelled``.
    mutating func cancelAccepted(confirmation: JobStatusReport?) -> JobStatus {
        if let confirmation, confirmation.status.isFinal { _ = observe(confirmation) }
        if !status.isFinal {
            status = .cancelled
            failure = nil
        }
        return status
    }

    // MARK: Messages

    /// The error message of an `.error` job from the service's `state.reason` alone, as the IBM
    /// Cloud API reports it (qiskit-ibm-runtime 0.51): for a job that ran too long the reason
    /// itself, such as `Error code 1305; Ran too long`; for a failed job
    /// `Job <id> has failed:\n<reason>`. `nil` when the job is not in `.error` or has no reason.
    func reasonMessage(jobID: String) -> String? {
        guard status == .error, let reason, !reason.isEmpty else { return nil }
        switch failure {
        case .ranTooLong?: return reason
        case .failed?, nil: return "Job \(jobID) has failed:\n\(reason)"
        }
    }

    /// Where the last `Traceback` in `text` starts, if it has one.
    static func lastTraceback(in text: String) -> String.Index? {
        let needle = Array("Traceback".utf8)
        let utf8 = text.utf8
        var index = utf8.endIndex
        while let found = utf8[..<index].lastIndex(of: needle[0]) {
            if utf8[found...].starts(with: needle) { return found }
            index = found
        }
        return nil
    }

    /// The error message of an `.error` job (PROTOCOL §4.3), given the raw results text; `nil`
    /// when the job is not in `.error`. With `fromLastTraceback` (IBM Cloud accounts, as
    /// qiskit-ibm-runtime does) the results text is cut to start at its last `Traceback`.
    func errorMessage(jobID: String, resultText: String?, fromLastTraceback: Bool = false) -> String? {
        guard status == .error else { return nil }
        var text = resultText ?? reason ?? ""
        if fromLastTraceback, resultText != nil, let start = Self.lastTraceback(in: text) {
            text = String(text[start...])
        }
        switch failure {
        case .ranTooLong?:
            return "Job \(jobID) ran longer than maximum execution time. Job was cancelled:\n\(text)"
        case .failed?, nil:
            return "Job \(jobID) has failed:\n\(text)"
        }
    }
}
