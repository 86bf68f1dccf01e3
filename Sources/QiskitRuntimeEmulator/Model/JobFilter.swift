import RuntimeWire

/// The filters and order of `GET /jobs` (PLATFORM.md §2): every given filter must match.
struct JobFilter: Sendable, Hashable {
    /// `true`: queued or running jobs; `false`: final ones.
    var pending: Bool?
    var programID: String?
    var backend: String?
    /// Tags the job must all carry.
    var tags: [String] = []
    var sessionID: String?
    /// Jobs created at or after this instant.
    var createdAfter: Int64?
    /// Jobs created at or before this instant.
    var createdBefore: Int64?
    /// Oldest first (`sort=ASC`); newest first by default.
    var ascending = false

    func matches(_ job: EmulatedJob, at now: Int64) -> Bool {
        if let programID, job.program.id != programID { return false }
        if let backend, job.backend != backend { return false }
        if let sessionID, job.platform.sessionID != sessionID { return false }
        if let createdAfter, job.plan.createdAt < createdAfter { return false }
        if let createdBefore, job.plan.createdAt > createdBefore { return false }
        if !tags.allSatisfy(job.tags.contains) { return false }
        if let pending, job.status(at: now).isFinal == pending { return false }
        return true
    }

    /// The filters of a request's query; `nil` fields are absent or empty parameters.
    /// - Throws: `APIError.badRequest` for a date that is not ISO 8601.
    init(query target: RequestTarget) throws(APIError) {
        func nonEmpty(_ name: String) -> String? { target.queryValue(name).flatMap { $0.isEmpty ? nil : $0 } }
        switch target.queryValue("pending")?.lowercased() {
        case "true": pending = true
        case "false": pending = false
        default: pending = nil
        }
        programID = nonEmpty("program")
        backend = nonEmpty("backend")
        sessionID = nonEmpty("session_id")
        tags = target.queryValues("tags").filter { !$0.isEmpty }
        for (name, keyPath) in [("created_after", \JobFilter.createdAfter), ("created_before", \JobFilter.createdBefore)] {
            guard let text = nonEmpty(name) else { continue }
            guard let instant = CivilDate.microsecondsISO8601(text) else {
                throw .badRequest("'\(name)' must be an ISO 8601 date-time, not '\(text)'.")
            }
            self[keyPath: keyPath] = instant
        }
        ascending = target.queryValue("sort")?.uppercased() == "ASC"
    }

    init() {}
}
