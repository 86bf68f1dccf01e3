import RuntimeWire

/// One job of the emulator: what was submitted plus its timeline. Its state at any instant is
/// computed from ``plan`` and ``cancelledAt``.
struct EmulatedJob: Sendable {
    var id: String
    /// Submission order, for newest-first listings.
    var sequence: Int
    /// The program it runs: a built-in one, or a snapshot of an uploaded one
    /// (``UploadedProgram/runnable``), which the job keeps when the program is deleted.
    var program: BuiltInProgram
    var hub: JSONValue
    var group: JSONValue
    var project: JSONValue
    var backend: String
    /// The `params` member exactly as sent.
    var params: JSONValue
    /// `params` as an object (a JSON-string or list form is unwrapped), for reading inputs.
    var inputs: JSONValue
    var runtime: JSONValue
    var logLevel: JSONValue?
    var tags: [String]
    var plan: JobPlan
    var cancelledAt: Int64?
    var streamFaults: StreamFaults
    var malformedResults: Bool
    var seed: UInt64
    var maxExecutionSeconds: Double
    /// Characters of padding in each interim result (input `interim_padding`).
    var interimPadding: Int
    /// The final result text, computed at submission for programs that complete ("" otherwise).
    var result: String
    /// The instant this job is queued in the service's wake-up queue, if it is.
    var scheduledWake: Int64?
    /// The v1 fields of the job: its session, privacy, time limit and calibration.
    var platform = JobPlatformFields()
    /// What the job counts against ``EmulatorLimits/maxRetainedBytes``.
    var retainedBytes: Int
    /// The run of a Sampler or Estimator job on the simulator; nil for the other programs.
    var primitive: PrimitiveExecution?
    /// Why the job failed, for a job whose failure has its own reason (primitive jobs); nil for
    /// the built-in programs, whose failure reason is ``ProgramKind/failureReason``.
    var failure: JobFailure?

    func status(at now: Int64) -> EmulatorJobStatus {
        plan.status(at: now, cancelledAt: cancelledAt)
    }

    func publishedCount(at now: Int64) -> Int {
        plan.publishedCount(at: now, cancelledAt: cancelledAt)
    }

    func interimPayload(_ k: Int) -> String {
        interimSource.text(k)
    }

    /// What makes this job's interim results.
    var interimSource: InterimResultSource {
        InterimResultSource(kind: program.kind, seed: seed, padding: interimPadding)
    }

    /// When the job started running, if it did by `now`.
    func runningTimestamp(at now: Int64) -> Int64? {
        guard plan.runningAt <= now else { return nil }
        if let cancelledAt, cancelledAt <= plan.runningAt { return nil }
        return plan.runningAt
    }

    /// When the job reached its final state, if it did by `now`.
    func finishedTimestamp(at now: Int64) -> Int64? {
        let end = plan.endAt(cancelledAt: cancelledAt)
        return now >= end ? end : nil
    }

    /// `state.reason` and the reason code of a status, shared by both APIs' job JSON: a job
    /// stopped at its maximum execution time has "Ran too long" and 1305, a failed one its
    /// ``failure`` (reason and code) or the program's failure reason, every other status none.
    func stateReason(of status: EmulatorJobStatus) -> (reason: JSONValue, code: JSONValue) {
        switch status {
        case .cancelledRanTooLong: return (.string("Ran too long"), .integer(1305))
        case .failed:
            if let failure { return (.string(failure.message), .integer(Int64(failure.code))) }
            return (.string(ProgramKind.failureReason), .null)
        default: return (.null, .null)
        }
    }

    /// The text `GET /jobs/{id}/results` returns for a job that failed or ran too long.
    var failureText: String {
        if let failure, plan.outcome == .failed { return failure.description + "\n" }
        return program.kind.failureText(maxExecutionSeconds: maxExecutionSeconds)
    }

    /// The run time the job is billed for by `now`, in microseconds: from the instant it started
    /// running to its end (or now); for a primitive job whose simulation ended, the wall time of
    /// the simulation.
    func usage(at now: Int64) -> Int64 {
        guard let running = runningTimestamp(at: now) else { return 0 }
        if let primitive, !primitive.isPending, plan.outcome != .ranTooLong, (cancelledAt ?? .max) >= plan.finishAt {
            return primitive.simulatedMicros
        }
        return max(0, min(now, plan.endAt(cancelledAt: cancelledAt)) - running)
    }

    /// The job JSON of `GET /jobs/{id}` and of the items of `GET /jobs`.
    func json(at now: Int64, includeParams: Bool) -> JSONValue {
        let status = status(at: now)
        let (reason, reasonCode) = stateReason(of: status)
        var members: [JSONMember] = [
            JSONMember("id", .string(id)),
            JSONMember("hub", hub),
            JSONMember("group", group),
            JSONMember("project", project),
            JSONMember("backend", .string(backend)),
            JSONMember("program", .object([JSONMember("id", .string(program.id))])),
        ]
        if includeParams { members.append(JSONMember("params", params)) }
        members += [
            JSONMember("runtime", runtime),
            JSONMember("status", .string(status.wireString)),
            JSONMember("state", .object([
                JSONMember("status", .string(status.stateString)),
                JSONMember("reason", reason),
                JSONMember("reasonCode", reasonCode),
            ])),
            JSONMember("created", .string(ISOTimestamp.format(microseconds: plan.createdAt))),
            JSONMember("tags", .array(tags.map { .string($0) })),
        ]
        if let logLevel { members.append(JSONMember("log_level", logLevel)) }
        return .object(members)
    }

    /// The body of legacy `GET /jobs/{id}/metrics` (PROTOCOL §2.5): `timestamps`, `bss.seconds`
    /// and `usage.{seconds, quantum_seconds}` (the run time so far: ``usage(at:)``), queue
    /// position and estimates.
    func metricsJSON(at now: Int64, positionInQueue: Int?) -> JSONValue {
        func stamp(_ instant: Int64?) -> JSONValue {
            instant.map { .string(ISOTimestamp.format(microseconds: $0)) } ?? .null
        }
        let running = runningTimestamp(at: now)
        let finished = finishedTimestamp(at: now)
        let seconds = Double(usage(at: now)) / 1_000_000
        return .object([
            JSONMember("timestamps", .object([
                JSONMember("created", stamp(plan.createdAt)),
                JSONMember("running", stamp(running)),
                JSONMember("finished", stamp(finished)),
            ])),
            JSONMember("bss", .object([JSONMember("seconds", .double(seconds))])),
            JSONMember("usage", .object([
                JSONMember("seconds", .double(seconds)),
                JSONMember("quantum_seconds", .double(seconds)),
            ])),
            JSONMember("executions", .integer(Int64(publishedCount(at: now)))),
            JSONMember("num_circuits", .integer(Int64(publishedCount(at: now)))),
            JSONMember("qiskit_version", .string("0.19.2")),
            JSONMember("position_in_queue", positionInQueue.map { .integer(Int64($0)) } ?? .null),
            JSONMember("estimated_start_time", status(at: now) == .queued ? stamp(plan.runningAt) : .null),
            JSONMember("estimated_completion_time", status(at: now).isFinal ? .null : stamp(plan.finishAt)),
        ])
    }

    /// The log text of `GET /jobs/{id}/logs` at `now`: one line per event so far.
    func logs(at now: Int64) -> String {
        var lines: [String] = []
        func line(_ instant: Int64, _ text: String) {
            lines.append(ISOTimestamp.format(microseconds: instant) + " INFO " + text)
        }
        line(plan.createdAt, "Job \(id) queued for program \(program.id) on \(backend).")
        if let running = runningTimestamp(at: now) {
            line(running, "Job started running.")
            if let note = program.kind.runningLogNote { line(running, note) }
        }
        let count = publishedCount(at: now)
        if count > 0 {
            for k in 1...count { line(plan.interimTime(k), "Published interim result \(k).") }
        }
        if let finished = finishedTimestamp(at: now) {
            switch status(at: now) {
            case .completed: line(finished, "Job completed.")
            case .failed: line(finished, "Job failed: " + (failure?.description ?? ProgramKind.failureReason))
            case .cancelled: line(finished, "Job cancelled.")
            case .cancelledRanTooLong: line(finished, "Job ran too long and was cancelled.")
            case .queued, .running: break
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
