import RuntimeWire

/// The input of `json_parse_mb_per_s`: a mixed JSON document in the shape of the service's job
/// listings with results inlined, written as Python's `json.dumps` writes it.
///
/// Per job record: ids, hub/group/project, dates and status strings; a params object with nested
/// options; an interim result with a 32-entry counts dict (hex keys, integers); a list of 64
/// doubles (a `tolist()`-style array of shot-estimated values); tags; booleans and nulls; and a
/// log text with escapes (`\n`, quotes, backslashes, `\u00e9`-style non-ASCII escapes). Roughly a
/// third of the bytes are numbers, a third strings, a third structure and keys.
enum MixedDocumentPayload {
    /// The JSON text as UTF-8, at least `megabytes` × 10^6 bytes long.
    static func make(megabytes: Double) -> (bytes: [UInt8], records: Int) {
        var random = SplitMix64(seed: 0x4A_53_4F_4E)
        let sample = JSONWriter.writeBytes(record(0, random: &random)).count + 2
        let wanted = max(1, Int((megabytes * 1_000_000 / Double(sample)).rounded(.up)))
        var jobs: [JSONValue] = []
        jobs.reserveCapacity(wanted)
        for index in 0..<wanted { jobs.append(record(index, random: &random)) }
        let document: JSONValue = .object([
            JSONMember("count", .integer(Int64(wanted))),
            JSONMember("offset", .integer(0)),
            JSONMember("jobs", .array(jobs)),
        ])
        return (JSONWriter.writeBytes(document), wanted)
    }

    private static let statuses = ["COMPLETED", "RUNNING", "QUEUED", "CANCELLED", "FAILED"]
    private static let backends = ["ibmq_qasm_simulator", "ibm_kyiv", "ibm_sherbrooke", "ibm_brisbane"]

    private static func record(_ index: Int, random: inout SplitMix64) -> JSONValue {
        let id = String(random.next(), radix: 36) + String(index, radix: 36)
        var counts: [JSONMember] = []
        for outcome in 0..<32 {
            counts.append(JSONMember("0x" + String(outcome, radix: 16), .integer(Int64(random.next() % 600))))
        }
        var values: [JSONValue] = []
        for t in 0..<64 {
            let estimate = ((1 - Double(t) / 80) * (0.9 + 0.2 * random.unit()) * 8192).rounded() / 8192
            values.append(.double(estimate))
        }
        let second = index % 60
        let log = "Job \(id) step \(index % 7): fidelity=\(random.unit())\n\"calibrated\" at C:\\qpu\\\(index % 13) "
            + "résumé données été \u{00B5}s\ttab"
        return .object([
            JSONMember("id", .string(id)),
            JSONMember("hub", .string("ibm-q")),
            JSONMember("group", .string("open")),
            JSONMember("project", .string("main")),
            JSONMember("backend", .string(backends[index % backends.count])),
            JSONMember("status", .string(statuses[index % statuses.count])),
            JSONMember("program", .object([JSONMember("id", .string("sampler"))])),
            JSONMember("created", .string("2026-11-25T16:\(10 + second % 50):\(10 + second % 40).\(100_000 + index % 899_999)Z")),
            JSONMember("runtime", .string("0.\(index % 12)")),
            JSONMember("cost", .integer(Int64(600 + index % 300))),
            JSONMember("private", .bool(index % 3 == 0)),
            JSONMember("session_id", index % 4 == 0 ? .string(id) : .null),
            JSONMember("tags", .array([.string("bench"), .string("run-\(index % 10)")])),
            JSONMember("params", .object([
                JSONMember("iterations", .integer(Int64(index % 100))),
                JSONMember("shots", .integer(8192)),
                JSONMember("optimization_level", .integer(Int64(index % 4))),
                JSONMember("resilience", .object([
                    JSONMember("level", .integer(1)),
                    JSONMember("scale_factors", .array([.double(1.0), .double(1.5), .double(2.0)])),
                    JSONMember("extrapolator", .string("LinearExtrapolator")),
                ])),
            ])),
            JSONMember("interim", .object([
                JSONMember("iteration", .integer(Int64(index % 50))),
                JSONMember("counts", .object(counts)),
            ])),
            JSONMember("values", .array(values)),
            JSONMember("log", .string(log)),
        ])
    }
}
