import RuntimeWire

extension EmulatedJob {
    /// The job JSON of the v1 API (PROTOCOL.md §1.6, §4.2): no hub, group or project; the status
    /// in `state.status` (title case, as the flat legacy `status`: clients upper-case it), with
    /// `state.reason` and `state.reason_code`. A job stopped at its maximum execution time is
    /// `Cancelled` with reason code 1305. The top-level `status` repeats `state.status`.
    func v1JSON(at now: Int64, includeParams: Bool) -> JSONValue {
        let status = status(at: now)
        let (reason, reasonCode) = Self.stateReason(of: status)
        var members: [JSONMember] = [
            JSONMember("id", .string(id)),
            JSONMember("backend", .string(backend)),
            JSONMember("program", .object([JSONMember("id", .string(program.id))])),
        ]
        if includeParams { members.append(JSONMember("params", params)) }
        members += [
            JSONMember("runtime", runtime),
            JSONMember("status", .string(status.stateString)),
            JSONMember("state", .object([
                JSONMember("status", .string(status.stateString)),
                JSONMember("reason", reason),
                JSONMember("reason_code", reasonCode),
            ])),
            JSONMember("created", .string(ISOTimestamp.format(microseconds: plan.createdAt))),
            JSONMember("tags", .array(tags.map { .string($0) })),
            JSONMember("private", .bool(false)),
        ]
        if let logLevel { members.append(JSONMember("log_level", logLevel)) }
        return .object(members)
    }
}
