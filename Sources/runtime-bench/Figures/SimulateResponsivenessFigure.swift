import QiskitRuntime
import QuantumCircuits
import RuntimeWire

/// `simulate_responsiveness_ms`: how long a status read of one job takes while the emulator
/// simulates a 24-qubit Sampler job (a statevector of 256 MiB on its compute threads).
///
/// The emulator runs as a child process (as for the other network figures). A hello-world job
/// queued for an hour is the job whose status is read; the 24-qubit job is an ISA circuit for
/// `fake_bergen` (a seeded brick of `rz`·`sx` layers and `cz` on a connected set of 24 coupled
/// qubits, measured: the shape of `random_24_d20`), submitted through the v1 API. Status reads
/// (`job.status()`, one `GET /api/v1/jobs/{id}?exclude_params=true` each, 5 ms apart) are timed
/// from submission until the 24-qubit job is final; only reads started while it ran count. The
/// figure is their p99 in milliseconds; p50, max, the read count and the simulation's length
/// are beside it.
struct SimulateResponsivenessFigure: BenchFigure {
    let key = "simulate_responsiveness_ms"
    let shortName = "simulate_responsiveness"
    let target = "p99 < 50"

    /// The backend the 24-qubit circuit is written for.
    static let backend = "fake_bergen"

    /// A brick circuit on `qubits` connected physical qubits of a coupling map: per layer
    /// `rz(θ)`·`sx` on every qubit, then `cz` on alternating edges of a spanning tree; measured.
    static func brickCircuit(couplingMap: [CouplingEdge], qubits: Int, layers: Int, seed: UInt64) -> QuantumCircuit {
        var neighbours: [Int: [Int]] = [:]
        for edge in couplingMap { neighbours[edge.source, default: []].append(edge.target) }
        // Breadth-first from qubit 0: the first `qubits` qubits reached and the tree edges.
        var chosen = [0]
        var seen: Set<Int> = [0]
        var edges: [(Int, Int)] = []
        var queue = [0]
        while !queue.isEmpty, chosen.count < qubits {
            let qubit = queue.removeFirst()
            for next in (neighbours[qubit] ?? []).sorted() where !seen.contains(next) && chosen.count < qubits {
                seen.insert(next)
                chosen.append(next)
                edges.append((qubit, next))
                queue.append(next)
            }
        }
        var circuit = QuantumCircuit(physicalQubits: (chosen.max() ?? 0) + 1, bits: chosen.count)
        var generator = SplitMix64(seed: seed)
        for layer in 0..<layers {
            for qubit in chosen {
                circuit.rz(ParameterExpression(generator.unit() * 2 * Double.pi), qubit)
                circuit.sx(qubit)
            }
            for (index, edge) in edges.enumerated() where index % 2 == layer % 2 {
                circuit.cz(edge.0, edge.1)
            }
        }
        circuit.measure(chosen, into: Array(0..<chosen.count))
        return circuit
    }

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let emulator = try EmulatorTarget.make(options)
        defer { withExtendedLifetime(emulator) {} }
        let client = try await BenchClient.connectPlatform(baseURL: emulator.baseURL)
        let qubits = 24
        let layers = options.quick ? 4 : 20
        let shots = 1000
        let configuration = try await client.service.backend(Self.backend).configuration()
        let circuit = Self.brickCircuit(couplingMap: configuration.couplingMap, qubits: qubits, layers: layers, seed: 24)
        guard circuit.activeQubits.count == qubits else { throw BenchFailure("the coupling map has no \(qubits) connected qubits") }

        let other = try await client.service.run(program: "hello-world", inputs: ["queued_s": 3_600])
        let inputs: RuntimeValue = [
            "pubs": [[.string(circuit.qasm3), .null, .integer(Int64(shots))]],
            "options": ["simulator": ["seed_simulator": 1]],
            "version": 2,
        ]
        let submitted = ContinuousClock.now
        let simulation = try await client.service.run(program: "sampler", backend: Self.backend, inputs: inputs)
        var latencies = Samples()
        var final = false
        while !final {
            let start = ContinuousClock.now
            let status = try await other.status()
            let elapsed = start.duration(to: .now)
            guard status == .queued else { throw BenchFailure("the read job is \(status), not QUEUED") }
            let simulationStatus = try await simulation.status()
            final = simulationStatus.isFinal
            if !final { latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000) }
            if submitted.duration(to: start) > .seconds(600) { throw BenchFailure("the 24-qubit job did not end in 10 minutes") }
            try await Task.sleep(for: .milliseconds(5))
        }
        let wall = submitted.duration(to: .now)
        let status = try await simulation.status()
        guard status == .done else {
            throw BenchFailure("the 24-qubit job ended \(status): \(try await simulation.errorMessage() ?? "")")
        }
        let charged = try await simulation.metrics().quantumSeconds ?? 0
        _ = try? await other.cancel()
        await client.shutdown()
        let p99 = latencies.percentile(99)
        BenchLog.info("simulate_responsiveness: \(latencies.count) status reads during a \(qubits)-qubit simulation of "
            + "\(charged) s: p50 \(latencies.median) ms, p99 \(p99) ms, max \(latencies.maximum) ms")
        return .object([
            JSONMember("value", FigureReport.number(p99)),
            JSONMember("target", .string(target)),
            JSONMember("met", .bool(latencies.count >= 10 && p99 < 50)),
            JSONMember("p50_ms", FigureReport.number(latencies.median)),
            JSONMember("max_ms", FigureReport.number(latencies.maximum)),
            JSONMember("reads", .integer(Int64(latencies.count))),
            JSONMember("qubits", .integer(Int64(qubits))),
            JSONMember("layers", .integer(Int64(layers))),
            JSONMember("shots", .integer(Int64(shots))),
            JSONMember("simulated_s", FigureReport.number(charged)),
            JSONMember("job_wall_s", FigureReport.number(Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18)),
            JSONMember("counted", .string(
                "client side, one GET /api/v1/jobs/{id}?exclude_params=true of a queued job per read, 5 ms apart, reads started while the 24-qubit Sampler job ran (emulator in a child process)")),
        ])
    }
}
