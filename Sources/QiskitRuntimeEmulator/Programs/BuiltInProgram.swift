import RuntimeWire

/// A program the emulator knows, with the metadata `GET /programs` returns.
struct BuiltInProgram: Sendable, Hashable {
    var id: String
    var kind: ProgramKind
    var description: String
    /// Maximum execution time in seconds, as the service's `cost`.
    var cost: Int64
    var parameters: [(name: String, type: String, description: String)]

    static func == (lhs: BuiltInProgram, rhs: BuiltInProgram) -> Bool { lhs.id == rhs.id }
    func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// Creation and update date of every built-in program.
    static let creationDate = "2021-09-13T17:27:42.000000Z"

    /// The four built-in programs, sorted by id.
    static let all: [BuiltInProgram] = [
        BuiltInProgram(
            id: "failing-program", kind: .failing,
            description: "Publishes interim results, then fails with a traceback.", cost: 600,
            parameters: [("interim_count", "integer", "Number of interim results before failing.")]),
        BuiltInProgram(
            id: "hello-world", kind: .helloWorld,
            description: "A sample runtime program: publishes one interim result per iteration.", cost: 600,
            parameters: [("iterations", "integer", "Number of iterations (interim results).")]),
        BuiltInProgram(
            id: "long-running", kind: .longRunning,
            description: "Runs until its maximum execution time and is cancelled for running too long.", cost: 3,
            parameters: [("max_execution_s", "number", "Seconds of running before the cut-off.")]),
        BuiltInProgram(
            id: "sampler", kind: .sampler,
            description: "A sampler-like program whose result holds counts and numpy arrays.", cost: 600,
            parameters: [
                ("shots", "integer", "Number of shots."),
                ("array_length", "integer", "Length of the float64 'values' array in the result."),
            ]),
    ]

    /// The programs only the v1 API runs (it has no `GET /programs`): `estimator`.
    static let v1Only: [BuiltInProgram] = [
        BuiltInProgram(
            id: "estimator", kind: .estimator,
            description: "Estimator V2: expectation values of observables, on the statevector simulator.", cost: 600,
            parameters: [("pubs", "array", "Estimator pubs: [circuit, observables, parameter_values, precision].")]),
    ]

    /// The program `id` of the legacy API (``all``) or, with `v1`, of the v1 API (``all`` and
    /// ``v1Only``).
    static func find(_ id: String, v1: Bool = false) -> BuiltInProgram? {
        all.first(where: { $0.id == id }) ?? (v1 ? v1Only.first(where: { $0.id == id }) : nil)
    }

    /// The program JSON of `GET /programs/{id}` and the items of `GET /programs`.
    var json: JSONValue {
        let properties = parameters.map { parameter in
            JSONMember(parameter.name, .object([
                JSONMember("type", .string(parameter.type)),
                JSONMember("description", .string(parameter.description)),
            ]))
        }
        return .object([
            JSONMember("id", .string(id)),
            JSONMember("name", .string(id)),
            JSONMember("description", .string(description)),
            JSONMember("cost", .integer(cost)),
            JSONMember("creation_date", .string(Self.creationDate)),
            JSONMember("update_date", .string(Self.creationDate)),
            JSONMember("is_public", .bool(true)),
            JSONMember("version", .string("1")),
            JSONMember("spec", .object([
                JSONMember("backend_requirements", .object([JSONMember("min_num_qubits", .integer(1))])),
                JSONMember("parameters", .object([
                    JSONMember("$schema", .string("https://json-schema.org/draft/2019-09/schema")),
                    JSONMember("properties", .object(properties)),
                ])),
                JSONMember("return_values", .object([])),
                JSONMember("interim_results", .object([])),
            ])),
        ])
    }
}
