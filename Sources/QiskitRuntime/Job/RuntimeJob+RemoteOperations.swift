import RuntimeIO
import RuntimeWire

extension RuntimeJob {
    // MARK: Remote operations

    /// Cancels the remote job and returns its final status.
    ///
    /// The cancel is confirmed with one status read: if the job finished before the cancel took
    /// effect, that status (``JobStatus/done`` or ``JobStatus/error``) is returned; otherwise
    /// ``JobStatus/cancelled``. A job that is already final, or that the service refuses to
    /// cancel (HTTP 409), throws `RuntimeError.Code.invalidState`.
    @discardableResult
    public func cancel() async throws -> JobStatus {
        if case .rejectFinal(let status) = machine.cancelAction {
            throw RuntimeError(.invalidState, "Job cannot be cancelled: job \(jobID) is already \(status).")
        }
        do {
            _ = try await client.perform(
                ServiceRequest(
                    "POST", path: ["jobs", jobID, "cancel"], context: "Job cannot be cancelled: \(jobID)",
                    conflictMeansInvalidState: true))
        } catch let error as RuntimeError where error.code == .invalidState {
            if let report = try? await readStatus(deadline: nil) { apply(report) }
            throw error
        }
        let confirmation = try? await readStatus(deadline: nil)
        let status = machine.cancelAccepted(confirmation: confirmation)
        client.streams.end(jobID: jobID)
        return status
    }

    /// The job's log text; `""` when the service has none (HTTP 404).
    public func logs() async throws -> String {
        let response = try await client.perform(
            ServiceRequest("GET", path: ["jobs", jobID, "logs"], context: "Failed to get job logs: \(jobID)"),
            accepting: [404])
        if response.status == 404 { return "" }
        return String(decoding: response.body, as: UTF8.self)
    }
}
