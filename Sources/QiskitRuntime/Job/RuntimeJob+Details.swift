import RuntimeIO
import RuntimeWire

/// The job's details besides its status and result: metrics, usage, the usage estimate and tags.
/// Each call that asks the service has a `deadline:` form and a `timeout:` form (`nil`: the
/// configuration's ``RuntimeConfiguration/requestTimeout``).
extension RuntimeJob {
    // MARK: Metrics

    /// The job's metrics (`GET /jobs/{id}/metrics`): timestamps, usage, queue position and
    /// estimates, typed, with the document as sent in ``JobMetrics/raw``.
    ///
    /// Throws `RuntimeError.Code.decodingFailed` when the answer is not a JSON object,
    /// `RuntimeError.Code.timedOut` at the deadline.
    public func metrics(deadline: ContinuousClock.Instant) async throws -> JobMetrics {
        try await metrics(until: deadline)
    }

    /// Like ``metrics(deadline:)`` with a deadline `timeout` from now.
    public func metrics(timeout: Duration? = nil) async throws -> JobMetrics {
        try await metrics(until: deadline(after: timeout))
    }

    func metrics(until deadline: ContinuousClock.Instant?) async throws -> JobMetrics {
        let json = try await client.performJSON(
            ServiceRequest("GET", path: ["jobs", jobID, "metrics"], context: "Failed to get job metrics: \(jobID)"),
            deadline: deadline)
        return try JobMetrics(json: json)
    }

    // MARK: Usage

    /// The quantum seconds the job is charged (``JobMetrics/chargedSeconds``, read with
    /// ``metrics(deadline:)``): 0 until the service says the figure is final, as
    /// qiskit-ibm-runtime's `job.usage()` returns. For the figure so far, read
    /// ``JobMetrics/quantumSeconds`` of ``metrics(deadline:)``.
    public func usage(deadline: ContinuousClock.Instant) async throws -> Double {
        try await metrics(until: deadline).chargedSeconds
    }

    /// Like ``usage(deadline:)`` with a deadline `timeout` from now.
    public func usage(timeout: Duration? = nil) async throws -> Double {
        try await metrics(until: deadline(after: timeout)).chargedSeconds
    }

    /// The service's estimate of the job's quantum time in seconds
    /// (`estimated_running_time_seconds` of the job object; qiskit-ibm-runtime's
    /// `usage_estimation["quantum_seconds"]`), or `nil` when it has none.
    ///
    /// Known without a request once any read of the job object gave it (``RuntimeService/job(_:)``,
    /// a status read); otherwise the job object is read (`GET /jobs/{id}?exclude_params=true`).
    public func usageEstimation(deadline: ContinuousClock.Instant) async throws -> Double? {
        try await usageEstimation(until: deadline)
    }

    /// Like ``usageEstimation(deadline:)`` with a deadline `timeout` from now.
    public func usageEstimation(timeout: Duration? = nil) async throws -> Double? {
        try await usageEstimation(until: deadline(after: timeout))
    }

    func usageEstimation(until deadline: ContinuousClock.Instant?) async throws -> Double? {
        if let estimatedRunningSeconds { return estimatedRunningSeconds }
        try await readJobObject(deadline: deadline)
        return estimatedRunningSeconds
    }

    // MARK: Tags

    /// Replaces the job's tags (`PUT /jobs/{id}/tags`, which must answer 204), then reads them
    /// back from the job object into ``tags`` and returns them, as qiskit-ibm-runtime's
    /// `update_tags` does. If that read fails after the service accepted the change, ``tags``
    /// becomes the list sent.
    ///
    /// Throws `RuntimeError.Code.invalidResponse` for an answer other than 204, and what a
    /// request throws (`.notFound`, `.httpStatus`, `.timedOut` at the deadline).
    @discardableResult
    public func updateTags(_ tags: [String], deadline: ContinuousClock.Instant) async throws -> [String] {
        try await updateTags(tags, until: deadline)
    }

    /// Like ``updateTags(_:deadline:)`` with a deadline `timeout` from now.
    @discardableResult
    public func updateTags(_ tags: [String], timeout: Duration? = nil) async throws -> [String] {
        try await updateTags(tags, until: deadline(after: timeout))
    }

    func updateTags(_ newTags: [String], until deadline: ContinuousClock.Instant?) async throws -> [String] {
        let response = try await client.perform(
            ServiceRequest(
                "PUT", path: ["jobs", jobID, "tags"], body: WireJSON.body([JSONMember("tags", WireJSON.strings(newTags))]),
                context: "Failed to update the tags of job \(jobID)"),
            deadline: deadline)
        guard response.status == 204 else {
            throw RuntimeError(
                .invalidResponse, "Failed to update the tags of job \(jobID): expected HTTP 204, got \(response.status)",
                statusCode: response.status)
        }
        tags = newTags
        // The service's list wins (it may order or trim them); the change is made either way.
        try? await readJobObject(deadline: deadline)
        return tags
    }

    /// Reads the job object (`exclude_params=true`) for its tags, estimate and status, even when
    /// the job is final.
    func readJobObject(deadline: ContinuousClock.Instant?) async throws {
        let json = try await client.performJSON(Self.statusRequest(jobID: jobID), deadline: deadline)
        noteJobFields(json)
        if let report = try? JobStatusReport.parse(job: json) { apply(report) }
    }
}
