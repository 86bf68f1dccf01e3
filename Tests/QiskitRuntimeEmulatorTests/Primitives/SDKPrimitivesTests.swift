import Foundation
import QiskitRuntime
import QiskitRuntimeEmulator
import QuantumCircuits
import Testing

/// The SDK's `Sampler` and `Estimator` end to end against the emulator's v1 API (real HTTP on
/// loopback, the statevector simulator behind it): textbook circuits built, translated and run in
/// every mode, both result forms, ISA errors caught before any `POST /jobs`, and answers
/// compared with the analytic ones.
@Suite("Sampler and Estimator from the SDK against the emulator (v1)", .timeLimit(.minutes(5)))
struct SDKPrimitivesTests {
    typealias Setup = PlatformEndToEndTests.Setup

    /// An emulator (real-time clock, jobs start at once, seeded) and an IBM Cloud service on it,
    /// through a transport that counts requests by method and path.
    static func run(_ body: (Setup) async throws -> Void) async throws {
        try await Setup.run(clock: .realTime(), configure: { configuration in
            configuration.timing = EmulatorTiming(queued: .milliseconds(5), interval: .milliseconds(5), interimCount: 0)
            configuration.seed = 7
        }, body)
    }

    /// The Bell circuit translated for `backend`.
    static func bellISA(_ setup: Setup, _ backend: String = "fake_tallinn") async throws -> QuantumCircuit {
        try bell().translated(for: try await setup.service.backend(backend).configuration())
    }

    static let timeout: Duration = .seconds(120)

    /// Sampler options with a fixed simulator seed (the emulator's `simulator.seed_simulator`).
    static func seeded(_ seed: Int) -> SamplerOptions {
        var options = SamplerOptions()
        options.raw = ["simulator": ["seed_simulator": .integer(Int64(seed))]]
        return options
    }

    /// Whether `count` of `shots` is within five standard deviations of probability `p`.
    static func plausible(_ count: Int, of shots: Int, p: Double) -> Bool {
        let sigma = (Double(shots) * p * (1 - p)).squareRoot()
        return abs(Double(count) - Double(shots) * p) <= 5 * sigma + 1e-9
    }

    static func bell() -> QuantumCircuit {
        var bell = QuantumCircuit(qubits: 2, bits: 2)
        bell.h(0)
        bell.cx(0, 1)
        bell.measure([0, 1], into: [0, 1])
        return bell
    }

    @Test("Bell: builder → translated for a cz backend → Sampler on the backend: only 00 and 11, about half each; the pub went as OpenQASM 3")
    func bellOnBackend() async throws {
        try await Self.run { setup in
            let backend = setup.service.backend("fake_tallinn")
            let isa = try await Self.bellISA(setup)
            #expect(isa.usesPhysicalQubits)
            #expect(Set(isa.instructions.map(\.operation.name)).isSubset(of: ["rz", "sx", "x", "cz", "measure"]))
            let sampler = Sampler(mode: backend, options: Self.seeded(1))
            let job = try await sampler.run([SamplerPub(circuit: isa)], shots: 1000)
            #expect(job.sessionID == nil)
            #expect(job.backend == "fake_tallinn")
            let result = try await job.result(timeout: Self.timeout)
            let counts = try #require(result[0].data["c"]).counts()
            #expect(Set(counts.keys) == ["00", "11"], "\(counts)")
            #expect(counts.values.reduce(0, +) == 1000)
            #expect(Self.plausible(counts["00"] ?? 0, of: 1000, p: 0.5), "\(counts)")
            // The same result through the generic decoding path of any RuntimeJob.
            let same = try await job.result(as: SamplerResult.self)
            #expect(same[0].data["c"]?.counts() == counts)
            #expect(try await job.runtimeJob.samplerResult()[0].data["c"]?.counts() == counts)
            // The deadline forms, with a poll interval, as on RuntimeJob.
            let deadline = ContinuousClock.now + Self.timeout
            #expect(try await job.waitForFinalState(deadline: deadline, pollInterval: .milliseconds(200)) == .done)
            #expect(try await job.result(deadline: deadline, pollInterval: .milliseconds(200))[0].data["c"]?.counts() == counts)
            #expect(try await job.result(as: SamplerResult.self, deadline: deadline)[0].data["c"]?.counts() == counts)
            #expect(try await job.status() == .done)
            // What was sent: version 2, the tagged form, the circuit as OpenQASM 3 text.
            let params = try await job.runtimeJob.inputs()
            #expect(params["version"]?.intValue == 2)
            #expect(params["support_qiskit"] == true)
            #expect(params["pubs"]?[0]?[0]?.stringValue == isa.qasm3)
            #expect(params["pubs"]?[0]?[2]?.intValue == 1000)
            #expect(setup.transport.count("POST /api/v1/jobs") == 1)
            await #expect(throws: RuntimeError.self) { _ = try await job.cancel() }
        }
    }

    @Test("both result forms (support_qiskit true and false) read to the same counts and expectation values for the same seeds")
    func bothResultForms() async throws {
        try await Self.run { setup in
            let backend = setup.service.backend("fake_tallinn")
            let configuration = try await backend.configuration()
            let isa = try await Self.bellISA(setup)
            var tagged = Sampler(mode: backend, options: Self.seeded(42))
            var plain = tagged
            plain.taggedResults = false
            tagged.taggedResults = true
            let a = try await tagged.run([SamplerPub(circuit: isa)], shots: 300).result(timeout: Self.timeout)
            let plainJob = try await plain.run([SamplerPub(circuit: isa)], shots: 300)
            let b = try await plainJob.result(timeout: Self.timeout)
            #expect(a[0].data["c"]?.counts() == b[0].data["c"]?.counts())
            #expect(a[0].data["c"]?.bitstrings() == b[0].data["c"]?.bitstrings())
            let raw = try await plainJob.runtimeJob.result(timeout: Self.timeout)
            #expect(raw["results"]?[0]?["data"]?["c"]?["samples"]?[0]?.stringValue?.hasPrefix("0x") == true)
            #expect(try await plainJob.runtimeJob.inputs()["support_qiskit"] == false)

            var options = EstimatorOptions()
            options.seedEstimator = 5
            var estimator = Estimator(mode: backend, options: options)
            let layout = try Self.bell().layout(for: configuration)
            let observables = try ObservableArray(["ZZ", "XX", ["XI": 1.0, "IZ": 0.5]]).applyingLayout(layout, qubitCount: 5)
            var unmeasured = QuantumCircuit(qubits: 2)
            unmeasured.h(0)
            unmeasured.cx(0, 1)
            let pub = EstimatorPub(circuit: try unmeasured.translated(for: configuration, layout: layout), observables: observables)
            let taggedValues = try await estimator.run([pub], precision: 0.01).result(timeout: Self.timeout)
            estimator.taggedResults = false
            let plainValues = try await estimator.run([pub], precision: 0.01).result(timeout: Self.timeout)
            #expect(taggedValues[0].evs == plainValues[0].evs)
            #expect(taggedValues[0].stds == plainValues[0].stds)
            #expect(taggedValues[0].shape == [3])
        }
    }

    @Test("GHZ(3) in a session: jobs carry session_id, only 000 and 111; the session lists them and is closed after the scope")
    func ghzInSession() async throws {
        try await Self.run { setup in
            let configuration = try await setup.service.backend("fake_tallinn").configuration()
            var ghz = QuantumCircuit(qubits: 3, bits: 3)
            ghz.h(0)
            ghz.cx(0, 1)
            ghz.cx(1, 2)
            ghz.measure([0, 1, 2], into: [0, 1, 2])
            let isa = try ghz.translated(for: configuration)
            let (id, counts) = try await setup.service.withSession(backend: "fake_tallinn") { session in
                let sampler = Sampler(mode: session, options: Self.seeded(3))
                #expect(sampler.mode.backendName == "fake_tallinn")
                var all: [[String: Int]] = []
                for _ in 0..<2 {
                    let job = try await sampler.run([SamplerPub(circuit: isa, shots: 400)])
                    #expect(job.sessionID == session.id)
                    all.append(try #require(try await job.result(timeout: Self.timeout)[0].data["c"]).counts())
                }
                return (session.id, all)
            }
            for run in counts {
                #expect(Set(run.keys) == ["000", "111"], "\(run)")
                #expect(Self.plausible(run["111"] ?? 0, of: 400, p: 0.5), "\(run)")
            }
            var jobs = 0
            for try await job in setup.service.jobs(limit: nil, sessionID: id) {
                #expect(job.programID == "sampler")
                jobs += 1
            }
            #expect(jobs == 2)
            #expect(try await setup.service.session(id: id).details().acceptsJobs == false)
        }
    }

    @Test("a parameter sweep: ry(θ) translated with θ symbolic, one set of shots per θ, P(1) = sin²(θ/2)")
    func samplerSweep() async throws {
        try await Self.run { setup in
            let configuration = try await setup.service.backend("fake_lisbon").configuration()
            var circuit = QuantumCircuit(qubits: 1, bits: 1)
            circuit.ry(ParameterExpression.parameter("theta"), 0)
            circuit.measure(0, into: 0)
            let isa = try circuit.translated(for: configuration)
            #expect(isa.parameterNames == ["theta"])
            let thetas = [0.0, Double.pi / 3, Double.pi / 2, Double.pi]
            let sampler = Sampler(mode: setup.service.backend("fake_lisbon"), options: Self.seeded(9))
            let pub = SamplerPub(circuit: isa, parameterValues: ParameterValues(sweep: thetas.map { [$0] }), shots: 500)
            let result = try await sampler.run([pub]).result(timeout: Self.timeout)
            let bits = try #require(result[0].data["c"])
            #expect(bits.shape == [4])
            #expect(bits.shots == 500)
            #expect(bits[0].counts() == ["0": 500])
            #expect(bits[3].counts() == ["1": 500])
            for index in 1...2 {
                let p = pow(sin(thetas[index] / 2), 2)
                #expect(Self.plausible(bits[index].counts()["1"] ?? 0, of: 500, p: p), "θ = \(thetas[index]): \(bits[index].counts())")
            }
        }
    }

    @Test("several classical registers: one bit array per register, named and in order, each in its own bit order")
    func multipleRegisters() async throws {
        try await Self.run { setup in
            let configuration = try await setup.service.backend("fake_tallinn").configuration()
            var circuit = QuantumCircuit(qubits: 3)
            let a = try circuit.addClassicalRegister("a", size: 1)
            let b = try circuit.addClassicalRegister("b", size: 2)
            circuit.x(0)
            circuit.x(2)
            circuit.h(1)
            circuit.measure(0, into: a[0])
            circuit.measure([1, 2], into: b)
            let isa = try circuit.translated(for: configuration)
            let result = try await Sampler(mode: setup.service.backend("fake_tallinn"), options: Self.seeded(4))
                .run([SamplerPub(circuit: isa)], shots: 200).result(timeout: Self.timeout)
            #expect(result[0].data.names == ["a", "b"])
            #expect(result[0].data["a"]?.counts() == ["1": 200])
            let counts = try #require(result[0].data["b"]).counts()
            #expect(Set(counts.keys) == ["10", "11"], "b[1] is qubit 2 (always 1), b[0] is qubit 1 (random): \(counts)")
            #expect(Self.plausible(counts["11"] ?? 0, of: 200, p: 0.5))
        }
    }

    @Test("an Estimator sweep in a batch: ⟨Z⟩ = cos θ and ⟨X⟩ = sin θ, observables (2, 1) broadcast against 5 angles")
    func estimatorSweepInBatch() async throws {
        try await Self.run { setup in
            let configuration = try await setup.service.backend("fake_tallinn").configuration()
            var circuit = QuantumCircuit(qubits: 1)
            circuit.ry(ParameterExpression.parameter("theta"), 0)
            let layout = try circuit.layout(for: configuration)
            let isa = try circuit.translated(for: configuration, layout: layout)
            let observables = try ObservableArray(rows: [["Z"], ["X"]]).applyingLayout(layout, qubitCount: configuration.qubitCount)
            let thetas = (0..<5).map { Double($0) * Double.pi / 4 }
            let precision = 0.005
            let (result, jobSession, batchID) = try await setup.service.withBatch(backend: "fake_tallinn") { batch in
                var options = EstimatorOptions()
                options.seedEstimator = 11
                let estimator = Estimator(mode: batch, options: options)
                let job = try await estimator.run(
                    [EstimatorPub(circuit: isa, observables: observables, parameterValues: ParameterValues(sweep: thetas.map { [$0] }))],
                    precision: precision)
                return (try await job.result(timeout: Self.timeout), job.sessionID, batch.id)
            }
            #expect(jobSession == batchID)
            let pub = result[0]
            #expect(pub.shape == [2, 5])
            for (index, theta) in thetas.enumerated() {
                #expect(abs(pub.evs[0, index] - cos(theta)) <= 6 * precision, "⟨Z⟩ at θ = \(theta): \(pub.evs[0, index])")
                #expect(abs(pub.evs[1, index] - sin(theta)) <= 6 * precision, "⟨X⟩ at θ = \(theta): \(pub.evs[1, index])")
                #expect(pub.stds[0, index] <= precision + 1e-12)
            }
        }
    }

    @Test("translation is exact end to end: textbook circuits (h, s, t, sdg, ry, cx, cy, ch, cp, swap, rzz) translated for cz and ecr backends give the analytic expectation values")
    func translationExactness() async throws {
        try await Self.run { setup in
            // (circuit on 3 virtual qubits, observables over them with their analytic values)
            var entangled = QuantumCircuit(qubits: 3)
            entangled.ry(0.7, 0)
            entangled.cx(0, 1)
            entangled.swap(1, 2)
            var phases = QuantumCircuit(qubits: 3)
            phases.h(0)
            phases.s(0)
            phases.t(0)
            phases.sdg(0)
            phases.t(0)               // h, then a Z rotation by π/2: ⟨Y⟩ = 1 on qubit 0
            phases.x(1)
            phases.cy(1, 2)           // qubit 2 → i|1⟩
            var controlled = QuantumCircuit(qubits: 3)
            controlled.x(0)
            controlled.ch(0, 1)       // qubit 1 → |+⟩
            controlled.h(2)
            controlled.cp(.pi, 1, 2)   // cz on |+⟩|+⟩: ⟨X₁Z₂⟩ = ⟨Z₁X₂⟩ = 1
            controlled.rzz(0.0, 0, 1)
            let cases: [(String, QuantumCircuit, [(String, Double)])] = [
                ("entangled", entangled, [("ZIZ", 1), ("IIZ", cos(0.7)), ("XIX", sin(0.7)), ("YIY", -sin(0.7)), ("IZI", 1)]),
                ("phases", phases, [("IIY", 1), ("IZI", -1), ("ZII", -1), ("IIX", 0)]),
                ("controlled", controlled, [("IIZ", -1), ("ZXI", 1), ("XZI", 1), ("IXI", 0)]),
            ]
            for backendName in ["fake_tallinn", "fake_lisbon"] {
                let configuration = try await setup.service.backend(backendName).configuration()
                var options = EstimatorOptions()
                options.seedEstimator = 1
                let estimator = Estimator(mode: setup.service.backend(backendName), options: options)
                var pubs: [EstimatorPub] = []
                for (_, circuit, expected) in cases {
                    let layout = try circuit.layout(for: configuration)
                    let isa = try circuit.translated(for: configuration, layout: layout)
                    let observables = try ObservableArray(expected.map { PauliSum([($0.0, 1.0)]) })
                        .applyingLayout(layout, qubitCount: configuration.qubitCount)
                    pubs.append(EstimatorPub(circuit: isa, observables: observables))
                }
                let precision = 0.002
                let result = try await estimator.run(pubs, precision: precision).result(timeout: Self.timeout)
                for (index, (name, _, expected)) in cases.enumerated() {
                    for (position, (label, value)) in expected.enumerated() {
                        let ev = result[index].evs[position]
                        // ±1 values are exact (no shot noise); others within six standard errors.
                        #expect(abs(ev - value) <= 6 * precision, "\(backendName) \(name) ⟨\(label)⟩ = \(ev), expected \(value)")
                    }
                }
            }
        }
    }

    @Test("translated and untranslated circuits sample the same distribution: deterministic circuits give identical counts")
    func translatedCounts() async throws {
        try await Self.run { setup in
            let configuration = try await setup.service.backend("fake_lisbon").configuration()
            var circuit = QuantumCircuit(qubits: 3, bits: 3)
            circuit.x(0)
            circuit.cx(0, 1)          // 011
            circuit.swap(1, 2)        // 101
            circuit.ch(2, 1)          // qubit 1 → |+⟩ ... then undo with ch
            circuit.ch(2, 1)
            circuit.measure([0, 1, 2], into: [0, 1, 2])
            let isa = try circuit.translated(for: configuration)
            #expect(Set(isa.instructions.map(\.operation.name)).isSubset(of: ["rz", "sx", "x", "ecr", "measure"]))
            let result = try await Sampler(mode: setup.service.backend("fake_lisbon")).run([SamplerPub(circuit: isa)], shots: 50)
                .result(timeout: Self.timeout)
            #expect(result[0].data["c"]?.counts() == ["101": 50])
        }
    }

    @Test("ISA violations are errors before any POST /jobs: gate outside the basis, uncoupled pair, qubit off the device, unreadable text; the CircuitError is kept")
    func isaErrorsBeforeSubmission() async throws {
        try await Self.run { setup in
            let backend = setup.service.backend("fake_tallinn")
            let sampler = Sampler(mode: backend)
            // A textbook circuit, not translated: `h` is not a native gate.
            let text = HelloRuntimeCLITests.bellText
            do {
                _ = try await sampler.run([SamplerPub(circuit: text)])
                Issue.record("a textbook circuit was submitted")
            } catch let error as RuntimeError {
                #expect(error.code == .isaViolation)
                #expect(error.message.contains("'h' on qubits [0]"), "\(error.message)")
                #expect(error.message.contains("line 5"), "\(error.message)")
                #expect(error.message.contains("sampler pub 0"))
                let circuitError = try #require(error.circuitError)
                #expect(circuitError.code == .isaViolation)
                #expect(circuitError.gate == "h")
                #expect(circuitError.qubits == [0])
                #expect(circuitError.line == 5)
            }
            // A native gate on an uncoupled pair (0 and 2 are not coupled on the T).
            let uncoupled = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nbit[2] c;\ncz $0, $2;\nc[0] = measure $0;\n"
            let estimator = Estimator(mode: backend)
            await #expect { _ = try await estimator.run([EstimatorPub(circuit: uncoupled, observables: "ZIZ")]) } throws: { error in
                guard let error = error as? RuntimeError, error.code == .isaViolation else { return false }
                return error.message.contains("estimator pub 0") && error.message.contains("'cz' on qubits [0, 2]")
                    && error.circuitError?.qubits == [0, 2] && error.circuitError?.line == 4
            }
            // A qubit off the 5-qubit device, in the second pub.
            let off = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nbit[1] c;\nx $7;\nc[0] = measure $7;\n"
            let fine = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nbit[1] c;\nx $0;\nc[0] = measure $0;\n"
            await #expect { _ = try await sampler.run([SamplerPub(circuit: fine), SamplerPub(circuit: off)]) } throws: { error in
                guard let error = error as? RuntimeError else { return false }
                return error.code == .isaViolation && error.message.contains("sampler pub 1") && error.message.contains("qubit 7 is not on the device")
            }
            // Text the parser cannot read.
            await #expect { _ = try await sampler.run([SamplerPub(circuit: "OPENQASM 3.0; qubit[1] q; frobnicate q[0];")]) } throws: { error in
                guard let error = error as? RuntimeError else { return false }
                return error.code == .invalidCircuit && error.circuitError != nil && error.message.contains("could not be read")
            }
            // A malformed pub is refused first, without the configuration.
            await #expect(throws: RuntimeError.self) { _ = try await sampler.run([]) }
            #expect(setup.transport.count("POST /api/v1/jobs") == 0, "nothing reached /jobs")
            #expect(setup.transport.count("GET /api/v1/backends/fake_tallinn/configuration") == 1, "the configuration is read once")
            #expect(setup.emulator.service.lastV1Request?.method == "GET", "the last request the emulator saw was the configuration read")
            var listed = 0
            for try await _ in setup.service.jobs(limit: nil) { listed += 1 }
            #expect(listed == 0, "the service has no job")

            // Opting out sends it as is; the service fails it with 1517.
            let job = try await sampler.run([SamplerPub(circuit: text)], checkISA: false)
            #expect(setup.transport.count("POST /api/v1/jobs") == 1)
            await #expect { _ = try await job.result(timeout: Self.timeout) } throws: { error in
                guard let error = error as? RuntimeError else { return false }
                return error.code == .jobFailed && error.message.contains("1517")
            }
            #expect(try await job.status() == .error)
            #expect(job.runtimeJob.jobID == job.jobID)
        }
    }

    @Test("a translation that would need routing throws naming the uncoupled qubits; a layout on coupled qubits works")
    func translationLimits() async throws {
        try await Self.run { setup in
            let configuration = try await setup.service.backend("fake_tallinn").configuration()
            var toffoli = QuantumCircuit(qubits: 3)
            toffoli.ccx(0, 1, 2)      // needs a triangle: the T has none
            #expect { _ = try toffoli.translated(for: configuration) } throws: { error in
                guard let error = error as? RuntimeError, error.code == .invalidCircuit,
                      let circuitError = error.circuitError else { return false }
                return circuitError.code == .uncoupledQubits && circuitError.qubits.count == 2
                    && error.message.contains("fake_tallinn")
            }
            var pair = QuantumCircuit(qubits: 2)
            pair.cx(0, 1)
            #expect { _ = try pair.translated(for: configuration, layout: [0, 2]) } throws: { error in
                (error as? RuntimeError)?.circuitError?.qubits.sorted() == [0, 2]
            }
            let placed = try pair.translated(for: configuration, layout: [3, 4])
            #expect(placed.instructions.contains { $0.operation.name == "cz" && Set($0.qubits) == [3, 4] })
            #expect(try pair.layout(for: configuration).count == 2)
        }
    }

    @Test("observables over the circuit's qubits or the backend's are both accepted for an ISA text circuit; others are refused before submitting")
    func observableWidths() async throws {
        try await Self.run { setup in
            let estimator = Estimator(mode: setup.service.backend("fake_tallinn"))
            let text = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nx $2;\n"
            let result = try await estimator.run([
                EstimatorPub(circuit: text, observables: "ZII"),      // the circuit's 3 qubits
                EstimatorPub(circuit: text, observables: "IIZII"),    // the backend's 5
            ], precision: 0.01).result(timeout: Self.timeout)
            #expect(result[0].evs.scalar == -1)
            #expect(result[1].evs.scalar == -1)
            await #expect { _ = try await estimator.run([EstimatorPub(circuit: text, observables: "ZIII")]) } throws: { error in
                guard let error = error as? RuntimeError else { return false }
                return error.code == .invalidArgument && error.message.contains("the circuit's 3 qubits or the backend's 5")
            }
            #expect(setup.transport.count("POST /api/v1/jobs") == 1)
        }
    }

    @Test("a primitive on a closed session is refused locally; an unknown backend fails on its configuration, before /jobs")
    func closedSessionAndUnknownBackend() async throws {
        try await Self.run { setup in
            let session = try await setup.service.openBatch(backend: "fake_tallinn")
            try await session.close()
            let isa = try await Self.bellISA(setup)
            await #expect { _ = try await Sampler(mode: session).run([SamplerPub(circuit: isa)]) } throws: { error in
                (error as? RuntimeError)?.code == .invalidState
            }
            await #expect { _ = try await Sampler(mode: setup.service.backend("nope")).run([SamplerPub(circuit: isa)]) } throws: { error in
                (error as? RuntimeError)?.code == .notFound
            }
            #expect(Sampler(mode: session).mode.description == "batch \(session.id) on fake_tallinn")
            #expect(setup.transport.count("POST /api/v1/jobs") == 0)
        }
    }
}
