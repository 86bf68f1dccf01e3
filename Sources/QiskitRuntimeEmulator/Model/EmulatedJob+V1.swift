import RuntimeWire

extension EmulatedJob {
    /// The job JSON of the v1 API (PLATFORM.md §3): no hub, group or project; `tags`, `private`,
    /// `usage` (as in the metrics) and `estimated_running_time_seconds`; the status in
    /// `state.status` (title case, as the flat legacy `status`: clients upper-case it), with
    /// `state.reason`, `state.reason_code` and `state.reason_solution`. A job stopped at its time
    /// limit is `Cancelled` with reason code 1305. The top-level `status` repeats `state.status`.
    /// `params` only with `includeParams` (without `exclude_params=true`).
    func v1JSON(at now: Int64, includeParams: Bool) -> JSONValue {
        let status = status(at: now)
        let (reason, reasonCode) = stateReason(of: status)
        var solution: JSONValue = .null
        if status == .cancelledRanTooLong {
            solution = .string("Increase the job's maximum execution time (cost), or split the work into smaller jobs.")
        }
        var members: [(String, JSONValue)] = [
            ("id", .string(id)),
            ("backend", .string(backend)),
            ("program", .fields([("id", .string(program.id))])),
        ]
        if includeParams { members.append(("params", params)) }
        members += [
            ("runtime", runtime),
            ("status", .string(status.stateString)),
            ("state", .fields([
                ("status", .string(status.stateString)),
                ("reason", reason),
                ("reason_code", reasonCode),
                ("reason_solution", solution),
            ])),
            ("created", .string(ISOTimestamp.format(microseconds: plan.createdAt))),
            ("tags", .strings(tags)),
            ("session_id", platform.sessionID.map { .string($0) } ?? .null),
            ("private", .bool(platform.isPrivate)),
            ("cost", platform.cost ?? .null),
            ("user_id", .string("emulator-user")),
            ("usage", .fields(v1Usage(at: now, status: status))),
            ("estimated_running_time_seconds", estimatedRunningSeconds),
        ]
        if let calibration = platform.calibrationID, calibration != .null { members.append(("calibration_id", calibration)) }
        if let logLevel { members.append(("log_level", logLevel)) }
        return .fields(members)
    }

    /// The planned run time in seconds; null while a simulation runs (its length is unknown),
    /// and for a primitive job whose simulation ended, the longer of the plan and the simulation's
    /// wall time (a simulation that ends before the job leaves the queue plans no run time).
    private var estimatedRunningSeconds: JSONValue {
        guard let primitive else { return .double(Double(plan.runDuration) / 1_000_000) }
        if primitive.isPending { return .null }
        return .double(Double(max(plan.runDuration, primitive.simulatedMicros)) / 1_000_000)
    }

    /// The body of v1 `GET /jobs/{id}/metrics`: `timestamps`, `usage` with
    /// `qpu_charge_time_seconds` and `status` (`pending` until the job is final), queue
    /// position and estimates. `usage.seconds` and `usage.quantum_seconds` are there only for
    /// clients asking for an API version before 2026-03-15 (`IBM-API-Version`), which removed them.
    func v1MetricsJSON(at now: Int64, positionInQueue: Int?, apiVersion: String?) -> JSONValue {
        let running = runningTimestamp(at: now)
        let finished = finishedTimestamp(at: now)
        let status = status(at: now)
        var usage = v1Usage(at: now, status: status)
        if let apiVersion, !apiVersion.isEmpty, apiVersion < "2026-03-15" {
            let seconds = Double(self.usage(at: now)) / 1_000_000
            usage += [("seconds", .double(seconds)), ("quantum_seconds", .double(seconds))]
        }
        return .fields([
            ("timestamps", .fields([
                ("created", .timestamp(plan.createdAt)),
                ("running", .timestamp(running)),
                ("finished", .timestamp(finished)),
            ])),
            ("usage", .fields(usage)),
            ("executions", .integer(Int64(publishedCount(at: now)))),
            ("num_circuits", .integer(Int64(publishedCount(at: now)))),
            ("qiskit_version", .string("2.6.0")),
            ("position_in_queue", positionInQueue.map { .integer(Int64($0)) } ?? .null),
            ("estimated_start_time", status == .queued ? .timestamp(plan.runningAt) : .null),
            ("estimated_completion_time",
             status.isFinal || primitive?.isPending == true ? .null : .timestamp(plan.endAt(cancelledAt: cancelledAt))),
        ])
    }

    /// The `usage` object of the v1 job JSON and metrics: the seconds charged so far
    /// (``usage(at:)``: for a primitive job, its simulated seconds once the simulation ended) as
    /// `qpu_charge_time_seconds`, and `status`, `pending` until the job is final.
    private func v1Usage(at now: Int64, status: EmulatorJobStatus) -> [(String, JSONValue)] {
        [
            ("qpu_charge_time_seconds", .double(Double(usage(at: now)) / 1_000_000)),
            ("status", .string(status.isFinal ? "final" : "pending")),
        ]
    }
}
