import RuntimeWire

/// The emulator's three built-in fake devices, generated from a lattice and a seed:
///
/// | Name | Qubits | Shape | Processor | Two-qubit gate |
/// |---|---|---|---|---|
/// | `fake_tallinn` | 5 | T | Heron r2 style | `cz` (both directions) |
/// | `fake_lisbon` | 127 | heavy hex | Eagle r3 | `ecr` (one direction per pair) |
/// | `fake_bergen` | 156 | heavy hex | Heron r2 | `cz` (both directions) |
///
/// Each has a complete configuration (`basis_gates` `[2q, id, rz, sx, x]`, gates with per-gate
/// `coupling_map` and `qasm_def`, `supported_instructions` with `measure`, `reset`, `delay` and
/// control flow, `dt`, `processor_type`, `max_shots` …) and a calibration generated from a fixed
/// seed: per qubit T1, T2, frequency, anharmonicity, readout error and length, `prob_meas0_prep1`
/// and `prob_meas1_prep0`; per gate and qubits `gate_error` and `gate_length`. The names are the
/// emulator's own (`fake_` as in Qiskit's fake backends); no IBM device has them.
enum StandardBackends {
    /// How a device family differs.
    struct Family {
        var name: String
        var revision: JSONValue
        var twoQubitGate: String
        /// `dt` in nanoseconds, as configurations state it.
        var dt: Double
        var singleQubitLength: Double
        var twoQubitLength: Double
        var twoQubitError: ClosedRange<Double>
        var readoutLength: Double
        var timingConstraints: (granularity: Int, minLength: Int, alignment: Int)
        var clops: Int64
    }

    static let heron = Family(
        name: "Heron", revision: .string("2"), twoQubitGate: "cz", dt: 4.0, singleQubitLength: 32,
        twoQubitLength: 68, twoQubitError: 0.0015...0.006, readoutLength: 1560,
        timingConstraints: (1, 2, 1), clops: 250_000)
    static let eagle = Family(
        name: "Eagle", revision: .integer(3), twoQubitGate: "ecr", dt: 2.0 / 9.0, singleQubitLength: 60,
        twoQubitLength: 660, twoQubitError: 0.004...0.012, readoutLength: 1400,
        timingConstraints: (16, 64, 16), clops: 30_000)

    /// The instant of the generated calibrations: 2025-12-31T22:00:00Z.
    static let calibrationDate: Int64 = (CivilDate.days(year: 2025, month: 12, day: 31) * 86_400 + 22 * 3600) * 1_000_000

    static let catalog = BackendCatalog(trusted: [
        backend(name: "fake_tallinn", version: "1.3.2", lattice: .tee, family: heron, onlineDate: (2025, 3, 4), seed: 11),
        backend(name: "fake_lisbon", version: "1.6.61", lattice: .eagle127, family: eagle, onlineDate: (2022, 11, 15), seed: 23),
        backend(name: "fake_bergen", version: "1.2.14", lattice: .heron156, family: heron, onlineDate: (2024, 6, 3), seed: 37),
    ])

    static func backend(
        name: String, version: String, lattice: QubitLattice, family: Family, onlineDate: (Int, Int, Int), seed: UInt64
    ) -> EmulatedBackend {
        let directed = directedPairs(lattice, family: family)
        let online = CivilDate.days(year: onlineDate.0, month: onlineDate.1, day: onlineDate.2) * 86_400 * 1_000_000
        return EmulatedBackend(
            trusted: configuration(name: name, version: version, lattice: lattice, family: family, directed: directed, online: online),
            properties: properties(name: name, version: version, lattice: lattice, family: family, directed: directed, seed: seed),
            clops: .fields([("type", .string("hpcx")), ("value", .integer(family.clops))]))
    }

    /// The pairs the two-qubit gate acts on: both directions for `cz`; for `ecr` one direction
    /// per coupling, alternating with the parity of the pair.
    static func directedPairs(_ lattice: QubitLattice, family: Family) -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        for (a, b) in lattice.edges {
            if family.twoQubitGate == "ecr" {
                pairs.append((a + b) % 2 == 0 ? (a, b) : (b, a))
            } else {
                pairs.append((a, b))
                pairs.append((b, a))
            }
        }
        return pairs
    }

    static func configuration(
        name: String, version: String, lattice: QubitLattice, family: Family, directed: [(Int, Int)], online: Int64
    ) -> JSONValue {
        let n = lattice.qubitCount
        let single: JSONValue = .array((0..<n).map { .array([.integer(Int64($0))]) })
        let pairs: JSONValue = .array(directed.map { .array([.integer(Int64($0.0)), .integer(Int64($0.1))]) })
        func gate(_ name: String, _ parameters: [String], _ definition: String, _ map: JSONValue) -> JSONValue {
            .fields([
                ("name", .string(name)), ("parameters", .strings(parameters)), ("qasm_def", .string(definition)),
                ("coupling_map", map),
            ])
        }
        let twoQubitDefinition = family.twoQubitGate == "cz"
            ? "gate cz q0, q1 { U(pi/2, 0, pi) q1; CX q0, q1; U(pi/2, 0, pi) q1; }"
            : "gate ecr q0, q1 { U(pi, pi/2, 7*pi/2) q0; U(pi, 7*pi/2, pi/2) q1; CX q0, q1; U(0, 0, 7*pi/2) q0; U(pi/2, 7*pi/2, pi/2) q1; }"
        let basis = [family.twoQubitGate, "id", "rz", "sx", "x"]
        let constraints = family.timingConstraints
        return .fields([
            ("backend_name", .string(name)),
            ("backend_version", .string(version)),
            ("n_qubits", .integer(Int64(n))),
            ("basis_gates", .strings(basis)),
            ("gates", .array([
                gate("id", [], "gate id q { U(0, 0, 0) q; }", single),
                gate("rz", ["theta"], "gate rz(theta) q { U(0, 0, theta) q; }", single),
                gate("sx", [], "gate sx q { U(pi/2, 3*pi/2, pi/2) q; }", single),
                gate("x", [], "gate x q { U(pi, 0, pi) q; }", single),
                gate(family.twoQubitGate, [], twoQubitDefinition, pairs),
                .fields([("name", .string("reset")), ("parameters", .null), ("qasm_def", .null), ("coupling_map", single)]),
            ])),
            ("local", .bool(false)),
            ("simulator", .bool(false)),
            ("conditional", .bool(false)),
            ("open_pulse", .bool(false)),
            ("memory", .bool(true)),
            ("max_shots", .integer(100_000)),
            ("max_experiments", .integer(300)),
            ("coupling_map", pairs),
            ("supported_instructions", .strings(basis + ["delay", "measure", "reset", "if_else", "for_loop", "switch_case"])),
            ("supported_features", .strings(["qasm3", "parameters"])),
            ("dynamic_reprate_enabled", .bool(true)),
            ("rep_delay_range", .array([.double(0), .double(500)])),
            ("default_rep_delay", .double(250)),
            ("dt", .double(family.dt)),
            ("dtm", .double(family.dt)),
            ("timing_constraints", .fields([
                ("acquire_alignment", .integer(Int64(constraints.alignment))),
                ("granularity", .integer(Int64(constraints.granularity))),
                ("min_length", .integer(Int64(constraints.minLength))),
                ("pulse_alignment", .integer(Int64(constraints.alignment))),
            ])),
            ("meas_map", .array([.array((0..<n).map { .integer(Int64($0)) })])),
            ("conditional_latency", .array([])),
            ("acquisition_latency", .array([])),
            ("n_registers", .integer(1)),
            ("multi_meas_enabled", .bool(true)),
            ("measure_esp_enabled", .bool(false)),
            ("credits_required", .bool(true)),
            ("allow_q_object", .bool(false)),
            ("online_date", .string(CivilDate.isoDateTime(seconds: online / 1_000_000) + "+00:00")),
            ("description", .string("\(n) qubit device")),
            ("sample_name", .string("family: \(family.name), revision: \(family.revision.stringValue ?? JSONWriter.write(family.revision))")),
            ("processor_type", .fields([("family", .string(family.name)), ("revision", family.revision)])),
            ("quantum_volume", .null),
            ("clops_h", .integer(family.clops)),
        ])
    }

    static func properties(
        name: String, version: String, lattice: QubitLattice, family: Family, directed: [(Int, Int)], seed: UInt64
    ) -> JSONValue {
        var rng = SplitMix64(seed: seed)
        func uniform(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + (range.upperBound - range.lowerBound) * rng.unit()
        }
        func rounded(_ value: Double, _ digits: Double) -> Double {
            (value * digits).rounded() / digits
        }
        let date: JSONValue = .string(ISOTimestamp.format(microseconds: calibrationDate))
        func entry(_ name: String, _ unit: String, _ value: Double) -> JSONValue {
            .fields([("date", date), ("name", .string(name)), ("unit", .string(unit)), ("value", .double(value))])
        }
        var qubits: [JSONValue] = []
        var singleErrors: [Double] = []
        for _ in 0..<lattice.qubitCount {
            let t1 = rounded(uniform(90...360), 1000)
            let t2 = rounded(min(uniform(40...320), 2 * t1), 1000)
            let readout = rounded(uniform(0.004...0.045), 1_000_000)
            let prob01 = rounded(min(1, readout * uniform(1.0...1.6)), 1_000_000)
            let prob10 = rounded(max(0, 2 * readout - prob01), 1_000_000)
            singleErrors.append(rounded(uniform(0.00012...0.0006), 1e9))
            qubits.append(.array([
                entry("T1", "us", t1),
                entry("T2", "us", t2),
                entry("frequency", "GHz", rounded(uniform(4.45...5.35), 1e6)),
                entry("anharmonicity", "GHz", rounded(uniform(-0.34 ... -0.30), 1e6)),
                entry("readout_error", "", readout),
                entry("prob_meas0_prep1", "", prob01),
                entry("prob_meas1_prep0", "", prob10),
                entry("readout_length", "ns", family.readoutLength),
            ]))
        }
        func gate(_ gate: String, _ qubits: [Int], error: Double?, length: Double) -> JSONValue {
            var parameters: [JSONValue] = []
            if let error { parameters.append(entry("gate_error", "", error)) }
            parameters.append(entry("gate_length", "ns", length))
            return .fields([
                ("qubits", .array(qubits.map { .integer(Int64($0)) })),
                ("gate", .string(gate)),
                ("parameters", .array(parameters)),
                ("name", .string(gate + qubits.map(String.init).joined(separator: "_"))),
            ])
        }
        var gates: [JSONValue] = []
        for q in 0..<lattice.qubitCount {
            for name in ["id", "sx", "x"] {
                gates.append(gate(name, [q], error: singleErrors[q], length: family.singleQubitLength))
            }
            gates.append(gate("rz", [q], error: 0, length: 0))
            gates.append(gate("reset", [q], error: nil, length: 1200))
        }
        var pairErrors: [QubitLattice.Pair: Double] = [:]
        for (a, b) in directed {
            let key = QubitLattice.Pair(a: min(a, b), b: max(a, b))
            let error = pairErrors[key] ?? rounded(uniform(family.twoQubitError), 1e9)
            pairErrors[key] = error
            gates.append(gate(family.twoQubitGate, [a, b], error: error, length: family.twoQubitLength))
        }
        return .fields([
            ("backend_name", .string(name)),
            ("backend_version", .string(version)),
            ("last_update_date", date),
            ("qubits", .array(qubits)),
            ("gates", .array(gates)),
            ("general", .array([])),
        ])
    }
}
