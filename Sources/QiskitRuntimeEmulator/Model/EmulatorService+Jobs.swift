import RuntimeIO
import RuntimeWire

/// The job and account operations of the model, used by the request pipeline.
extension EmulatorService {
    /// Creates a job from a `POST /jobs` body of `bodyBytes` bytes. The final result of a
    /// program that completes is computed here, outside the lock, so that results and streams
    /// never compute under it.
    ///
    /// Inputs over a per-job limit of ``EmulatorConfiguration/limits`` are refused (400); old
    /// final jobs are evicted to make room (``makeRoom(for:limits:now:state:)``).
    ///
    /// With `v1` (PLATFORM.md §3) the backend must be one of the catalog, `session_id`,
    /// `private`, `cost` and `calibration_id` are read, the session must accept the job, and the
    /// usage limit is enforced; the answer's warning (if any) goes into `messages`.
    func submit(body: JSONValue, bodyBytes: Int = 0, v1: Bool = false) throws(APIError) -> (job: EmulatedJob, warning: String?) {
        guard case .object = body else { throw .badRequest("The request body must be a JSON object.") }
        guard let programID = body["program_id"]?.stringValue else { throw .badRequest("'program_id' is required.") }
        let program = try runnableProgram(programID, v1: v1)
        var backend = "ibmq_qasm_simulator"
        if let value = body["backend"], value != .null {
            guard let name = value.stringValue else { throw .badRequest("'backend' must be a string.") }
            backend = name
        } else if v1 {
            throw .badRequest("'backend' is required.")
        }
        var platform = JobPlatformFields()
        var timeLimit: Int64?
        if v1 {
            platform.submittedViaV1 = true
            guard configuration.platform.backends.backend(named: backend) != nil else { throw .backendNotFound(backend) }
            if let value = body["session_id"], value != .null {
                guard let id = value.stringValue, !id.isEmpty else { throw .badRequest("'session_id' must be a string.") }
                platform.sessionID = id
            }
            if let value = body["private"], value != .null {
                guard let flag = value.boolValue else { throw .badRequest("'private' must be a Boolean.") }
                platform.isPrivate = flag
            }
            if let value = body["cost"], value != .null {
                guard let seconds = value.doubleValue, seconds.isFinite, seconds > 0 else {
                    throw .badRequest("'cost' (the maximum execution time) must be a positive number of seconds.")
                }
                timeLimit = Int64(min(seconds, 10_000_000) * 1_000_000)
                platform.cost = value
            }
            platform.calibrationID = body["calibration_id"]
        }
        if program.kind == .uploaded, program.cost > 0 {
            // An uploaded program's cost is its maximum execution time, as on the service.
            timeLimit = program.cost * 1_000_000
        }
        let params = body["params"] ?? .object([])
        let inputs = Self.unwrapInputs(params)
        var tags: [String] = []
        if let value = body["tags"], value != .null {
            guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw .badRequest("'tags' must be a list of strings.")
            }
            tags = list.compactMap(\.stringValue)
        }
        let timing = configuration.timing
        let queued = Self.micros(inputs["queued_s"], default: timing.queued, max: 10_000_000)
        let interval = Self.micros(inputs["interval_s"], default: timing.interval, max: 1_000_000)
        let maxExecution = Self.micros(inputs["max_execution_s"], default: timing.maxExecutionTime, max: 10_000_000)
        let limits = configuration.limits
        // An uploaded program publishes interim results only when `interim_count` asks for them.
        let defaultCount = program.kind == .uploaded
            ? 0 : Int64(min(max(timing.interimCount, 0), max(limits.maxInterimResultsPerJob, 0)))
        var count = SamplerResult.clampedInteger(inputs["interim_count"], default: defaultCount, range: 0...Int64.max)
        var countInput = "interim_count"
        if program.kind == .helloWorld, inputs["iterations"] != nil {
            count = SamplerResult.clampedInteger(inputs["iterations"], default: count, range: 0...Int64.max)
            countInput = "iterations"
        }
        guard count <= limits.maxInterimResultsPerJob else {
            throw .limitExceeded(
                "'\(countInput)' asks for \(count) interim results; this emulator allows at most "
                    + "\(limits.maxInterimResultsPerJob) per job (maxInterimResultsPerJob, --max-interim-results).")
        }
        var streamFaults = configuration.faults.stream
        if let drop = inputs["_fault_ws_drop_after"], drop != .null {
            streamFaults.dropAfter = Int(SamplerResult.clampedInteger(drop, default: 0, range: 0...1_000_000))
        }
        if let mode = inputs["_fault_ws_drop_mode"]?.stringValue {
            guard let parsed = WebSocketDropMode(rawValue: mode) else {
                throw .badRequest("'_fault_ws_drop_mode' must be \"1011\" or \"abrupt\".")
            }
            streamFaults.dropMode = parsed
        }
        if let malformed = inputs["_fault_ws_malformed_frames"]?.boolValue {
            streamFaults.malformedFrames = malformed
        } else if let kind = inputs["_fault_ws_malformed_frames"]?.stringValue {
            guard let parsed = MalformedFrameKind(rawValue: kind) else {
                throw .badRequest("'_fault_ws_malformed_frames' must be a boolean, \"invalid_utf8\", \"reserved_opcode\" or \"truncated_json\".")
            }
            streamFaults.malformedFrames = true
            streamFaults.malformedFrameKind = parsed
        }
        let malformedResults = inputs["_fault_malformed_results"]?.boolValue ?? false
        let padding = Int(SamplerResult.clampedInteger(inputs["interim_padding"], default: 0, range: 0...Int64.max))
        guard padding <= limits.maxInterimPadding else {
            throw .limitExceeded(
                "'interim_padding' asks for \(padding) characters; this emulator allows at most "
                    + "\(limits.maxInterimPadding) (maxInterimPadding, --max-interim-padding).")
        }
        let interimBytes = InterimResultSource.maxTextBytes(count: Int(count), padding: padding)
        guard interimBytes <= limits.maxInterimBytesPerJob else {
            throw .limitExceeded(
                "the job's interim results would take \(interimBytes) bytes; this emulator allows at most "
                    + "\(limits.maxInterimBytesPerJob) per job (maxInterimBytesPerJob, --max-interim-bytes).")
        }
        let seed = state.withLock { $0.rng.next() }
        var result = ""
        // A v1 `sampler`/`estimator` job runs its pubs on the simulator (EmulatorService+Primitives).
        let primitiveKind = v1 ? program.kind.primitive : nil
        var primitive: (request: PrimitiveParams?, failure: JobFailure?)?
        if let primitiveKind {
            do {
                primitive = (try PrimitiveParams(kind: primitiveKind, params: inputs), nil)
            } catch {
                primitive = (nil, error)
            }
        }
        if primitiveKind == nil, program.kind.outcome == .completed {
            do {
                result = try program.kind.resultText(inputs: inputs, backend: backend, seed: seed)
            } catch {
                throw APIError(status: 500, code: "internal_error", message: "The result could not be encoded.")
            }
        }
        let now = self.now
        let warning = v1 ? try usageCheck(at: now) : nil
        let requestedRun = JobPlatformFields.requestedRunDuration(tags: tags)
        var plan = JobPlan(
            createdAt: now, queued: queued, interval: interval, interimCount: Int(count),
            maxExecution: maxExecution, outcome: program.kind.outcome,
            runDuration: requestedRun, timeLimit: timeLimit)
        var execution: PrimitiveExecution?
        if let primitive {
            if primitive.request != nil {
                // Runs until the simulation ends (or its time limit); see PrimitiveExecution.
                plan = JobPlan(
                    createdAt: now, queued: queued, interval: interval, interimCount: 0, maxExecution: EmulatorClock.latest,
                    outcome: .ranTooLong, timeLimit: timeLimit)
                execution = PrimitiveExecution(
                    cancellation: ComputeCancellation(), requestedRunDuration: requestedRun, timeLimit: timeLimit)
            } else {
                plan = JobPlan(
                    createdAt: now, queued: queued, interval: interval, interimCount: 0, maxExecution: maxExecution,
                    outcome: .failed, runDuration: requestedRun ?? 0, timeLimit: timeLimit)
            }
        }
        let cost = bodyBytes + result.utf8.count + EmulatorLimits.jobOverheadBytes
        guard cost <= limits.maxRetainedBytes else {
            throw .limitExceeded(
                "the job would hold \(cost) bytes; this emulator keeps at most \(limits.maxRetainedBytes) bytes "
                    + "of jobs (maxRetainedBytes, --max-retained-bytes).")
        }
        let finalResult = configuration.finalResultInStream
        let (job, toDrain) = try state.withLock { (state: inout ServiceState) throws(APIError) -> (EmulatedJob, [(jobID: String, id: UInt64)]) in
            let toDrain = Self.settleSessions(now: now, finalResult: finalResult, state: &state)
            if let sessionID = platform.sessionID {
                guard let session = state.sessions[sessionID] else { throw .sessionNotFound(sessionID) }
                switch session.admission(backend: backend, at: now, spans: Self.spans(of: session, state: state)) {
                case nil: break
                case .closed?:
                    throw APIError(status: 400, code: "session_closed", message: "Session \(sessionID) is closed; it takes no more jobs.")
                case .notAcceptingJobs?:
                    throw APIError(
                        status: 400, code: "session_not_accepting_jobs",
                        message: "Session \(sessionID) is not accepting jobs (it is closing).")
                case .otherBackend?:
                    throw .badRequest("Session \(sessionID) runs on \(session.backend), not on \(backend).")
                }
            }
            try Self.makeRoom(for: cost, limits: limits, now: now, state: &state)
            var id = state.rng.identifier(count: 20)
            while state.jobs[id] != nil { id = state.rng.identifier(count: 20) }
            let job = EmulatedJob(
                id: id, sequence: state.nextSequence, program: program,
                hub: body["hub"] ?? .null, group: body["group"] ?? .null, project: body["project"] ?? .null,
                backend: backend, params: params, inputs: inputs, runtime: body["runtime"] ?? .null,
                logLevel: body["log_level"], tags: tags, plan: plan, cancelledAt: nil,
                streamFaults: streamFaults, malformedResults: malformedResults, seed: seed,
                maxExecutionSeconds: Double(plan.runDuration) / 1_000_000, interimPadding: padding, result: result,
                scheduledWake: nil, platform: platform, retainedBytes: cost, primitive: execution,
                failure: primitive?.failure)
            state.nextSequence += 1
            state.jobs[id] = job
            state.order.append(id)
            state.retainedBytes += cost
            if let sessionID = platform.sessionID { state.sessions[sessionID]?.jobIDs.append(id) }
            if let request = primitive?.request, let execution {
                startPrimitive(job: job, request: request, cancellation: execution.cancellation, state: &state)
                if let limit = execution.timeLimit { state.wakeups.push(plan.runningAt + limit, id) }
            }
            return (job, toDrain)
        }
        drain(toDrain)
        if execution?.timeLimit != nil { pump() }   // arms the timer of the time limit
        return (job, warning)
    }

    /// Evicts final jobs, oldest first, until at most `maxRetainedFinalJobs` remain and a job
    /// costing `cost` bytes fits in `maxRetainedBytes`.
    /// - Throws: 429 when it still does not fit: unfinished jobs hold the budget.
    static func makeRoom(for cost: Int, limits: EmulatorLimits, now: Int64, state: inout ServiceState) throws(APIError) {
        let overBytes = state.retainedBytes + cost - limits.maxRetainedBytes
        // With no more jobs than the final-job limit, there cannot be too many final ones.
        guard overBytes > 0 || state.jobs.count > limits.maxRetainedFinalJobs else { return }
        var finalIDs: [String] = []
        for id in state.order where state.jobs[id]?.status(at: now).isFinal == true { finalIDs.append(id) }
        var evict = max(0, finalIDs.count - max(limits.maxRetainedFinalJobs, 0))
        var freed = 0
        for (index, id) in finalIDs.enumerated() {
            if index < evict {
                freed += state.jobs[id]?.retainedBytes ?? 0
            } else if freed < overBytes {
                freed += state.jobs[id]?.retainedBytes ?? 0
                evict = index + 1
            } else {
                break
            }
        }
        if evict > 0 {
            let evicted = Set(finalIDs.prefix(evict))
            for id in evicted {
                // An evicted v1 job's run time still counts against the instance's usage.
                if let job = state.jobs[id], job.platform.submittedViaV1 {
                    state.evictedUsage += job.usage(at: now)
                }
                state.jobs[id] = nil
            }
            state.order.removeAll(where: evicted.contains)
            state.retainedBytes -= freed
        }
        if state.retainedBytes + cost > limits.maxRetainedBytes {
            throw APIError(
                status: 429, code: "too_many_requests",
                message: "Unfinished jobs hold the emulator's \(limits.maxRetainedBytes) bytes for jobs "
                    + "(maxRetainedBytes, --max-retained-bytes); retry when some have finished.",
                retryAfterSeconds: 1)
        }
    }

    /// The job with `id` and the instant it was read at.
    func job(_ id: String) throws(APIError) -> (job: EmulatedJob, now: Int64) {
        settleSessions()
        let now = self.now
        guard let job = state.withLock({ $0.jobs[id] }) else { throw .jobNotFound(id) }
        return (job, now)
    }

    /// A page of the jobs matching `filter` (newest first unless it asks otherwise), and the
    /// number of matching jobs.
    func listJobs(limit: Int, offset: Int, filter: JobFilter) -> (page: [EmulatedJob], count: Int, now: Int64) {
        settleSessions()
        let now = self.now
        return state.withLock { state in
            var matching: [EmulatedJob] = []
            for id in filter.ascending ? state.order : state.order.reversed() {
                guard let job = state.jobs[id], filter.matches(job, at: now) else { continue }
                matching.append(job)
            }
            let start = min(offset, matching.count)
            let end = min(start + limit, matching.count)
            return (Array(matching[start..<end]), matching.count, now)
        }
    }

    /// Marks the result of a private job as read; `false` if it was read before.
    func takePrivateResult(_ id: String) -> Bool {
        state.withLock { state in
            guard let job = state.jobs[id], job.platform.isPrivate else { return true }
            if job.platform.privateResultRead { return false }
            state.jobs[id]?.platform.privateResultRead = true
            return true
        }
    }

    /// 1-based position of a queued job among queued jobs, oldest first.
    func queuePosition(of job: EmulatedJob, at now: Int64) -> Int? {
        guard job.status(at: now) == .queued else { return nil }
        return state.withLock { state in
            1 + state.jobs.values.filter { $0.sequence < job.sequence && $0.status(at: now) == .queued }.count
        }
    }

    /// Cancels a job that is not final, at once; its subscribers get their final event.
    func cancel(_ id: String) throws(APIError) {
        settleSessions()
        let now = self.now
        let finalResult = configuration.finalResultInStream
        let toDrain = try state.withLock { (state: inout ServiceState) throws(APIError) -> [(jobID: String, id: UInt64)] in
            guard var job = state.jobs[id] else { throw .jobNotFound(id) }
            guard !job.status(at: now).isFinal else { throw .conflict("Job already in final state.") }
            job.cancelledAt = now
            state.jobs[id] = job
            Self.stopSimulation(of: id, state: state)
            return Self.deliver(jobID: id, now: now, finalResult: finalResult, state: &state)
        }
        drain(toDrain)
    }

    /// Deletes a final job. A job that is not final is refused with 409 (cancel it first).
    func delete(_ id: String) throws(APIError) {
        settleSessions()
        let now = self.now
        try state.withLock { (state: inout ServiceState) throws(APIError) in
            guard let job = state.jobs[id] else { throw .jobNotFound(id) }
            guard job.status(at: now).isFinal else {
                throw .conflict("Job is not in a final state; cancel it before deleting it.")
            }
            state.retainedBytes -= job.retainedBytes
            state.jobs[id] = nil
            state.order.removeAll(where: { $0 == id })
        }
    }

    /// Replaces a job's tags.
    func updateTags(_ id: String, tags: [String]) throws(APIError) {
        try state.withLock { (state: inout ServiceState) throws(APIError) in
            guard state.jobs[id] != nil else { throw .jobNotFound(id) }
            state.jobs[id]?.tags = tags
        }
    }

    /// Issues an access token for the configured API token, or `nil` for any other token.
    func login(apiToken: String) -> String? {
        guard apiToken == configuration.apiToken else { return nil }
        return state.withLock { state in
            let token = state.secret(hexDigits: 64)
            state.issuedTokens.insert(token)
            return token
        }
    }

    /// Revokes an access token issued by ``login(apiToken:)`` (configured tokens stay valid).
    func logout(token: String) {
        _ = state.withLock { $0.issuedTokens.remove(token) }
    }

    /// The effect of the first HTTP fault that hits this request, if any.
    func consumeFault(_ endpoint: EmulatorEndpoint) -> HTTPFault.Effect? {
        state.withLock { state in
            for index in state.faults.indices where state.faults[index].consume(endpoint) {
                return state.faults[index].fault.effect
            }
            return nil
        }
    }

    /// A fresh trace id for an error body.
    func nextTrace() -> String {
        state.withLock { state in
            state.traceCounter += 1
            return "emulator-trace-\(state.traceCounter)"
        }
    }

    /// `params` as an object: a JSON-string form is parsed, a list form yields its first element.
    static func unwrapInputs(_ params: JSONValue) -> JSONValue {
        switch params {
        case .object: return params
        case .string(let text):
            if let parsed = try? JSONParser.parse(text), case .object = parsed { return parsed }
            return .object([])
        case .array(let elements):
            if let first = elements.first, case .object = first { return first }
            return .object([])
        default:
            return .object([])
        }
    }

    /// A seconds input as microseconds in 0…max seconds; `fallback` when absent or not a number.
    static func micros(_ value: JSONValue?, default fallback: Duration, max maxSeconds: Double) -> Int64 {
        if let seconds = value?.doubleValue, seconds.isFinite {
            return Int64((min(Swift.max(seconds, 0), maxSeconds) * 1_000_000).rounded())
        }
        let fallbackMicros = EmulatorClock.microseconds(fallback)
        return min(Swift.max(fallbackMicros, 0), Int64(maxSeconds) * 1_000_000)
    }
}
