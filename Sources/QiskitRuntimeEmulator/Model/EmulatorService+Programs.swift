import RuntimeIO
import RuntimeWire

/// The program operations of the model (PROTOCOL.md §2.1 P1–P8, §2.2), used by the request
/// pipeline. Uploaded programs live in ``ServiceState/programs`` under the service's one lock and
/// count against ``EmulatorLimits/maxRetainedBytes`` as jobs do. Built-in programs cannot be
/// changed or deleted (403).
extension EmulatorService {
    /// Every program of the runtime API, built-in ones (sorted by id) then uploaded ones (oldest
    /// first): the page of `limit` (default all, at most 1,000) from `offset`, the total count
    /// and the limit used.
    func listPrograms(limit: Int?, offset: Int) -> (page: [JSONValue], count: Int, limit: Int) {
        let uploaded = state.withLock { state in state.programOrder.compactMap { state.programs[$0] } }
        let count = BuiltInProgram.all.count + uploaded.count
        let limit = limit ?? min(max(count, 1), 1000)
        let start = min(offset, count)
        let end = min(count, start + limit)
        let page = (start..<end).map { index in
            index < BuiltInProgram.all.count
                ? BuiltInProgram.all[index].json : uploaded[index - BuiltInProgram.all.count].json
        }
        return (page, count, limit)
    }

    /// The JSON of program `id`, built-in or uploaded.
    func programJSON(_ id: String) throws(APIError) -> JSONValue {
        if let program = BuiltInProgram.find(id) { return program.json }
        guard let program = state.withLock({ $0.programs[id] }) else { throw .programNotFound(id) }
        return program.json
    }

    /// The program a job submitted as `program_id` = `id` runs: a built-in one (with `v1`, of the
    /// v1 API) or, on the runtime API, a snapshot of an uploaded one.
    func runnableProgram(_ id: String, v1: Bool) throws(APIError) -> BuiltInProgram {
        if let program = BuiltInProgram.find(id, v1: v1) { return program }
        guard !v1, let program = state.withLock({ $0.programs[id] }) else { throw .programNotFound(id) }
        return program.runnable
    }

    /// `POST /programs`: stores the program and returns its id.
    /// - Throws: 400 for a body without a `name` or base64 `data`, or with a member of the wrong
    ///   type; 409 when another program has the name; 400/429 when it does not fit in
    ///   ``EmulatorLimits/maxRetainedBytes``.
    func uploadProgram(body: JSONValue) throws(APIError) -> String {
        guard case .object = body else { throw .badRequest("The request body must be a JSON object.") }
        guard let name = body["name"]?.stringValue, !name.isEmpty else {
            throw .badRequest("'name' is required (a non-empty string).")
        }
        guard let data = body["data"]?.stringValue else {
            throw .badRequest("'data' is required (the program's source in base64).")
        }
        let now = self.now
        var program = UploadedProgram(
            id: "", name: name, source: try UploadedProgram.decodeSource(Array(data.utf8), field: "data"),
            description: "", cost: 0, isPublic: false, spec: nil, createdAt: now, updatedAt: now)
        try Self.applyMetadata(
            body, to: &program, allowing: ["name", "data", "description", "cost", "is_public", "spec"],
            specBytes: Self.specBytes(body))
        if let value = body["is_public"], value != .null {
            guard let flag = value.boolValue else { throw .badRequest("'is_public' must be a Boolean.") }
            program.isPublic = flag
        }
        let limits = configuration.limits
        let cost = program.retainedBytes
        try Self.checkFits(cost, limits: limits)
        return try state.withLock { (state: inout ServiceState) throws(APIError) -> String in
            try Self.checkNameFree(name, except: nil, state: state)
            try Self.makeRoom(for: cost, limits: limits, now: now, state: &state)
            var id = UploadedProgram.identifier(name: name, suffix: state.rng.identifier(count: 10))
            while state.programs[id] != nil || BuiltInProgram.find(id, v1: true) != nil {
                id = UploadedProgram.identifier(name: name, suffix: state.rng.identifier(count: 10))
            }
            program.id = id
            state.programs[id] = program
            state.programOrder.append(id)
            state.retainedBytes += cost
            return id
        }
    }

    /// `PUT /programs/{id}/data`: replaces the source with the base64 text `body`.
    func updateProgramData(_ id: String, body: [UInt8]) throws(APIError) {
        let source = try UploadedProgram.decodeSource(body, field: "the request body")
        try changeProgram(id) { $0.source = source }
    }

    /// `PATCH /programs/{id}`: replaces any of `name`, `description`, `cost`, `spec`.
    /// - Throws: 400 for a body with none of them, another member or a wrong type; 409 for a
    ///   name another program has.
    func updateProgram(_ id: String, body: JSONValue) throws(APIError) {
        let allowed: Set<String> = ["name", "description", "cost", "spec"]
        guard let members = body.objectValue, members.contains(where: { allowed.contains($0.key) }) else {
            throw .badRequest("The body must be a JSON object with at least one of name, description, cost, spec.")
        }
        if let name = body["name"] {
            guard let text = name.stringValue, !text.isEmpty else { throw .badRequest("'name' must be a non-empty string.") }
        }
        let specBytes = Self.specBytes(body)
        try changeProgram(id) { (program: inout UploadedProgram) throws(APIError) in
            try Self.applyMetadata(body, to: &program, allowing: allowed, specBytes: specBytes)
        }
    }

    /// `PUT /programs/{id}/public` and `/private`.
    func setProgramVisibility(_ id: String, isPublic: Bool) throws(APIError) {
        try changeProgram(id) { $0.isPublic = isPublic }
    }

    /// `DELETE /programs/{id}`: the program is gone; jobs that ran it keep their snapshot.
    func deleteProgram(_ id: String) throws(APIError) {
        try state.withLock { (state: inout ServiceState) throws(APIError) in
            if BuiltInProgram.find(id) != nil { throw Self.builtInProgram(id) }
            guard let program = state.programs.removeValue(forKey: id) else { throw .programNotFound(id) }
            state.programOrder.removeAll(where: { $0 == id })
            state.retainedBytes -= program.retainedBytes
        }
    }

    /// Applies `change` to uploaded program `id` under the lock, checks its name is free and that
    /// it still fits, and stamps its update date.
    private func changeProgram(
        _ id: String, _ change: (inout UploadedProgram) throws(APIError) -> Void
    ) throws(APIError) {
        let now = self.now
        let limits = configuration.limits
        try state.withLock { (state: inout ServiceState) throws(APIError) in
            if BuiltInProgram.find(id) != nil { throw Self.builtInProgram(id) }
            guard let old = state.programs[id] else { throw .programNotFound(id) }
            var program = old
            try change(&program)
            if program.name != old.name { try Self.checkNameFree(program.name, except: id, state: state) }
            let (before, after) = (old.retainedBytes, program.retainedBytes)
            if after > before {
                try Self.checkFits(after, limits: limits)
                try Self.makeRoom(for: after - before, limits: limits, now: now, state: &state)
            }
            program.updatedAt = now
            state.programs[id] = program
            state.retainedBytes += after - before
        }
    }

    /// The size of `body`'s `spec` as compact JSON (0 without one), measured before the lock.
    private static func specBytes(_ body: JSONValue) -> Int {
        body["spec"].map { JSONWriter.writeBytes($0, style: .compact).count } ?? 0
    }

    /// Reads `name`, `description`, `cost` and `spec` (of `specBytes` bytes) of `body` into
    /// `program`; any member not in `allowed` is a 400.
    private static func applyMetadata(
        _ body: JSONValue, to program: inout UploadedProgram, allowing allowed: Set<String>, specBytes: Int
    ) throws(APIError) {
        for member in body.objectValue ?? [] where !allowed.contains(member.key) {
            throw .badRequest("Unknown program field '\(member.key)'.")
        }
        if let value = body["name"]?.stringValue { program.name = value }
        if let value = body["description"], value != .null {
            guard let text = value.stringValue else { throw .badRequest("'description' must be a string.") }
            program.description = text
        }
        if let value = body["cost"], value != .null {
            guard let seconds = value.integerValue, seconds >= 0, seconds <= 10_000_000 else {
                throw .badRequest("'cost' (the maximum execution time) must be a whole number of seconds, 0…10000000.")
            }
            program.cost = seconds
        }
        switch body["spec"] {
        case nil: break
        case .null?: (program.spec, program.specBytes) = (nil, 0)
        case .object(let members)?: (program.spec, program.specBytes) = (.object(members), specBytes)
        case _?: throw .badRequest("'spec' must be a JSON object.")
        }
    }

    /// 409 when a built-in program or another uploaded one (not `except`) is named `name`.
    private static func checkNameFree(_ name: String, except: String?, state: ServiceState) throws(APIError) {
        let taken = BuiltInProgram.find(name) != nil
            || state.programs.values.contains(where: { $0.name == name && $0.id != except })
        if taken { throw .conflict("A program named '\(name)' already exists.") }
    }

    /// 400 when a program of `cost` bytes could never fit in ``EmulatorLimits/maxRetainedBytes``.
    private static func checkFits(_ cost: Int, limits: EmulatorLimits) throws(APIError) {
        guard cost <= limits.maxRetainedBytes else {
            throw .limitExceeded(
                "the program would hold \(cost) bytes; this emulator keeps at most \(limits.maxRetainedBytes) bytes "
                    + "of jobs and programs (maxRetainedBytes, --max-retained-bytes).")
        }
    }

    /// The refusal to change or delete a built-in program.
    private static func builtInProgram(_ id: String) -> APIError {
        APIError(
            status: 403, code: "forbidden",
            message: "Program \(id) is built into the emulator; it cannot be changed or deleted.")
    }
}
