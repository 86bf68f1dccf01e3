import RuntimeWire

/// The backend configurations of `GET /api/Network/{hub}/Groups/{group}/Projects/{project}/devices/v/1`.
enum DeviceCatalog {
    /// `ibmq_qasm_simulator`, with every field qiskit's `BackendConfiguration` requires.
    static let simulatorConfiguration: JSONValue = {
        func gate(_ name: String, _ parameters: [String], _ definition: String) -> JSONValue {
            .object([
                JSONMember("name", .string(name)),
                JSONMember("parameters", .array(parameters.map { .string($0) })),
                JSONMember("qasm_def", .string(definition)),
            ])
        }
        return .object([
            JSONMember("backend_name", .string("ibmq_qasm_simulator")),
            JSONMember("backend_version", .string("0.1.547")),
            JSONMember("n_qubits", .integer(32)),
            JSONMember("basis_gates", .array(["u1", "u2", "u3", "cx", "id"].map { .string($0) })),
            JSONMember("gates", .array([
                gate("u1", ["lambda"], "gate u1(lambda) q { U(0,0,lambda) q; }"),
                gate("u2", ["phi", "lambda"], "gate u2(phi,lambda) q { U(pi/2,phi,lambda) q; }"),
                gate("u3", ["theta", "phi", "lambda"], "gate u3(theta,phi,lambda) q { U(theta,phi,lambda) q; }"),
                gate("cx", [], "gate cx c,t { CX c,t; }"),
                gate("id", [], "gate id a { U(0,0,0) a; }"),
            ])),
            JSONMember("local", .bool(false)),
            JSONMember("simulator", .bool(true)),
            JSONMember("conditional", .bool(true)),
            JSONMember("open_pulse", .bool(false)),
            JSONMember("memory", .bool(true)),
            JSONMember("max_shots", .integer(100_000)),
            JSONMember("max_experiments", .integer(300)),
            JSONMember("coupling_map", .null),
            JSONMember("online_date", .string("2021-01-01T00:00:00Z")),
            JSONMember("input_allowed", .array([.string("job"), .string("runtime")])),
            JSONMember("description", .string("Emulated QASM simulator")),
            JSONMember("allow_q_object", .bool(true)),
            JSONMember("multi_meas_enabled", .bool(true)),
            JSONMember("credits_required", .bool(false)),
        ])
    }()
}
