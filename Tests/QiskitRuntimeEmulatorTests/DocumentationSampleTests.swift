// Every code sample of README.md and Docs/ sits here verbatim (only indented), so that it
// compiles and runs against the emulator; the assertions after each sample check what its
// comments claim. When you change a sample in the docs, change it here too (and vice versa).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import QiskitRuntime
import QiskitRuntimeEmulator
import Testing
import QuantumCircuits

@Suite("Documentation samples", .timeLimit(.minutes(1)))
struct DocumentationSampleTests {
    /// An emulator accepting the access token "token", and a service connected to it.
    func withService(_ body: (RuntimeService, RunningEmulator) async throws -> Void) async throws {
        try await withEmulator(configuration: .init(accessTokens: ["token"])) { emulator in
            let configuration = RuntimeConfiguration(
                account: .accessToken("token", runtimeURL: emulator.runtimeURL))
            try await withRuntimeService(configuration: configuration) { service in try await body(service, emulator) }
        }
    }

    @Test("README.md and Docs/GettingStarted.md: first job against the emulator")
    func readme() async throws {
        let result = try await withEmulator(configuration: .init(accessTokens: ["token"])) { emulator in
            let configuration = RuntimeConfiguration(
                account: .accessToken("token", runtimeURL: emulator.runtimeURL))
            return try await withRuntimeService(configuration: configuration) { service in
                let job = try await service.run(program: "hello-world", backend: "ibmq_qasm_simulator",
                                                inputs: ["iterations": 3])
                return try await job.result(timeout: .seconds(30))
            }
        }   // the emulator is shut down here, also when the body throws
        print(result)   // "All done!"
        #expect(result == "All done!")
    }

    @Test("Docs/Emulator.md: starting it in-process, shut down when the body ends")
    func inProcess() async throws {
        var printed: [String] = []
        func print(_ line: String) { printed.append(line) }   // what the sample prints
        try await withEmulator(configuration: .init(accessTokens: ["token"])) { emulator in
            print(emulator.runtimeURL)   // http://127.0.0.1:<port>/runtime: point a client at it
        }                                // shut down here, whether the body returns, throws or is cancelled
        let url = try #require(printed.first)
        #expect(url.hasPrefix("http://127.0.0.1:") && url.hasSuffix("/runtime"))
        let port = try #require(Int(url.dropFirst("http://127.0.0.1:".count).prefix { $0.isNumber }))
        #expect(!WithEmulatorTests.accepts(port: port))
    }

    @Test("Docs/GettingStarted.md: legacy login against the emulator")
    func login() async throws {
        let emulator = try await Emulator.start()
        let configuration = RuntimeConfiguration(
            account: .legacyToken("emulator-api-token", authURL: emulator.authURL))
        let service = try await RuntimeService(configuration: configuration)
        print(service.instance.map(String.init(describing:)) ?? "no instance")   // ibm-q/open/main
        await service.shutdown()
        #expect(service.instance == .init(hub: "ibm-q", group: "open", project: "main"))
        await emulator.shutdown()
    }

    @Test("Docs/GettingStarted.md: a job's life")
    func lifecycle() async throws {
        try await withService { service, _ in
            let job = try await service.run(program: "hello-world", backend: "ibmq_qasm_simulator",
                                            inputs: ["iterations": 2, "queued_s": 0, "interval_s": 0.05])
            print(job.jobID, try await job.status())                         // QUEUED or RUNNING
            let final = try await job.waitForFinalState(timeout: .seconds(30))  // DONE
            let value = try await job.result()                                // "All done!", cached
            let log = try await job.logs()
            for try await earlier in service.jobs(limit: 5) {                 // pages on demand
                print(earlier.jobID, earlier.programID, try await earlier.status())
            }
            #expect(final == .done)
            #expect(value == "All done!")
            #expect(!log.isEmpty)
            #expect(try await service.job(job.jobID).status() == .done)
        }
    }

    @Test("Docs/JobsAndStreaming.md: deadline result and the REST interim results")
    func interim() async throws {
        try await withService { service, _ in
            let job = try await service.run(program: "hello-world", backend: "ibmq_qasm_simulator",
                                            inputs: ["iterations": 3, "queued_s": 0, "interval_s": 0.05])
            let value = try await job.result(deadline: .now + .seconds(30))
            let interim = try await job.fetchInterimResults()   // REST, oldest first
            print(value, interim.map { $0["iteration"]?.intValue ?? -1 })   // "All done!" [0, 1, 2]
            #expect(value == "All done!")
            #expect(interim.map { $0["iteration"]?.intValue ?? -1 } == [0, 1, 2])
        }
    }

    @Test("Docs/JobsAndStreaming.md: a typed result")
    func typed() async throws {
        try await withService { service, _ in
            struct Sample: Decodable {
                var counts: [String: Int]
                var probabilities: NDArray
            }
            let job = try await service.run(program: "sampler", backend: "ibmq_qasm_simulator",
                                            inputs: ["shots": 100, "queued_s": 0, "interval_s": 0.01])
            let sample = try await job.result(as: Sample.self, timeout: .seconds(30))
            print(sample.counts, sample.probabilities.doubles ?? [])   // ["00": 54, "11": 46] [0.54, 0.0, 0.0, 0.46]
            #expect(sample.counts.values.reduce(0, +) == 100)
            #expect(sample.probabilities.shape == [4])
        }
    }

    @Test("Docs/CancellationAndTimeouts.md: task cancel, deadline, remote cancel")
    func cancel() async throws {
        try await withService { service, emulator in
            let job = try await service.run(program: "hello-world", backend: "ibmq_qasm_simulator",
                                            inputs: ["iterations": 100, "queued_s": 0, "interval_s": 1])

            // 1. Cancel the waiting task: CancellationError here, the remote job runs on.
            let waiter = Task { try await job.result() }
            waiter.cancel()
            do { _ = try await waiter.value } catch is CancellationError { print("stopped waiting") }

            // 2. A deadline: RuntimeError .timedOut, the remote job runs on.
            do {
                _ = try await job.result(timeout: .milliseconds(200))
            } catch let error as RuntimeError where error.code == .timedOut {
                print("timed out; job is", try await job.status())   // RUNNING
            }

            // 3. The remote cancel: the service stops the job.
            let status = try await job.cancel()                      // CANCELLED
            #expect(status == .cancelled)
            #expect(emulator.service.status(ofJob: job.jobID) == .cancelled)
            await #expect(throws: CancellationError.self) { try await waiter.value }
        }
    }

    @Test("Docs/Emulator.md: HTTP faults are retried by the SDK")
    func faults() async throws {
        var emulatorConfiguration = EmulatorConfiguration(accessTokens: ["token"])
        emulatorConfiguration.faults.http = [
            HTTPFault(endpoint: .jobResults, effect: .status(503), trigger: .next(2)),
        ]
        let result = try await withEmulator(configuration: emulatorConfiguration) { emulator in
            var configuration = RuntimeConfiguration(
                account: .accessToken("token", runtimeURL: emulator.runtimeURL))
            configuration.retryPolicy.initialBackoff = .milliseconds(20)
            return try await withRuntimeService(configuration: configuration) { service in
                let job = try await service.run(program: "hello-world", backend: "ibmq_qasm_simulator",
                                                inputs: ["iterations": 1, "queued_s": 0, "interval_s": 0.01])
                return try await job.result(timeout: .seconds(30))   // two 503s on /results, retried
            }
        }
        #expect(result == "All done!")
    }

    @Test("Docs/Emulator.md: a manual clock drives the jobs")
    func manualClock() async throws {
        let clock = EmulatorClock.manual()
        try await withEmulator(configuration: .init(accessTokens: ["token"], clock: clock)) { emulator in
            let configuration = RuntimeConfiguration(
                account: .accessToken("token", runtimeURL: emulator.runtimeURL))
            try await withRuntimeService(configuration: configuration) { service in
                let job = try await service.run(program: "hello-world", backend: "ibmq_qasm_simulator",
                                                inputs: ["iterations": 2, "queued_s": 10, "interval_s": 5])
                print(try await job.status())     // QUEUED, however long you wait
                clock.advance(by: .seconds(10))
                print(try await job.status())     // RUNNING
                clock.advance(by: .seconds(15))   // two interim results, then completion
                print(try await job.result())     // "All done!"
            }
        }
        #expect(clock.isManual)
    }

    @Test("Docs/Errors.md: switching over RuntimeError codes")
    func errors() async throws {
        try await withService { service, _ in
            do {
                _ = try await service.job("no-such-job")
            } catch let error as RuntimeError {
                switch error.code {
                case .notFound: print("no such job")
                case .unauthorized: print("check the token")
                case .timedOut: print("gave up waiting")
                default: print(error)   // code, message and, for HTTP errors, the status
                }
            }
            let error = await #expect(throws: RuntimeError.self) { try await service.job("no-such-job") }
            #expect(error?.code == .notFound)
        }
    }

    @Test("Docs/Errors.md: reacting to a service error code, tested with an injected fault")
    func serviceErrorCodes() async throws {
        var printed: [String] = []
        func print(_ line: String) { printed.append(line) }   // what the sample prints
        var emulatorConfiguration = EmulatorConfiguration(iamAPIKey: "local-key",
            instanceCRN: "crn:v1:bluemix:public:quantum-computing:us-east:a/local:instance::")
        emulatorConfiguration.faults.http = [   // the next submission is refused: usage limit reached
            HTTPFault(endpoint: .submitJob, effect: .serviceError(status: 429, code: 4317, message: "Usage limit reached.",
                                                                  retryAfterSeconds: 3600), trigger: .next(1)),
        ]
        try await withEmulator(configuration: emulatorConfiguration) { emulator in
            let configuration = RuntimeConfiguration(
                account: .ibmCloud(apiKey: "local-key", instanceCRN: "crn:v1:bluemix:public:quantum-computing:us-east:a/local:instance::",
                                   iamURL: emulator.baseURL, serviceURL: emulator.baseURL + "/api/v1"))
            try await withRuntimeService(configuration: configuration) { service in
                do {
                    _ = try await service.run(program: "hello-world", backend: "fake_tallinn")
                } catch let error as RuntimeError {
                    switch error.serviceCode {
                    case .usageLimitReached:             // 4317
                        print("usage limit reached; retry after \(error.retryAfter ?? .zero)")   // 3600.0 seconds
                    case .tooManyPendingJobs:            // 3458
                        print("wait for some of your jobs to finish")
                    case .dedicatedSessionsNotAllowed:   // 1352
                        print("use a batch on this plan")
                    default:
                        throw error
                    }
                }
            }
        }
        #expect(printed == ["usage limit reached; retry after 3600.0 seconds"])
    }

    @Test("Docs/Configuration.md: a configuration with the common fields")
    func configuration() async throws {
        let emulator = try await Emulator.start(configuration: .init(accessTokens: ["token"]))
        var configuration = RuntimeConfiguration(
            account: .accessToken("token", runtimeURL: emulator.runtimeURL),
            instance: .init(hub: "ibm-q", group: "open", project: "main"))
        configuration.maximumConnectionsPerHost = 16   // of the transport the service makes (and shuts down)
        configuration.defaultBackend = "ibmq_qasm_simulator"
        configuration.requestTimeout = .seconds(30)
        configuration.pollInterval = .milliseconds(200)
        configuration.retryPolicy.maximumAttempts = 3
        configuration.logHandler = { level, line in
            if level >= .warning { print("[\(level)] \(line)") }
        }
        let service = try await RuntimeService(configuration: configuration)
        let job = try await service.run(program: "hello-world", inputs: ["iterations": 1])
        await service.shutdown()
        #expect(job.backend == "ibmq_qasm_simulator")
        #expect(configuration.retryPolicy.maximumAttempts == 3)
        await emulator.shutdown()
    }

    @Test("Docs/LimitsAndHostilePeers.md: raising the SDK's limits")
    func limits() async throws {
        let emulator = try await Emulator.start(configuration: .init(accessTokens: ["token"]))
        let transport = RuntimeHTTPTransport(maxResponseBytes: 512 << 20)   // result bodies up to 512 MiB
        var configuration = RuntimeConfiguration(
            account: .accessToken("token", runtimeURL: emulator.runtimeURL),
            transport: transport)
        configuration.decodeBudget.maximumBytes = 4 << 30            // results with up to 4 GiB of arrays
        configuration.streaming.maximumMessageBytes = 64 << 20       // interim results up to 64 MiB
        configuration.streaming.statusCheckInterval = .seconds(2)    // a websocket that never ends costs 2 s at most
        configuration.requestTimeout = .seconds(30)
        let result = try await withRuntimeService(configuration: configuration) { service in
            let job = try await service.run(program: "hello-world", backend: "ibmq_qasm_simulator", inputs: ["iterations": 1])
            return try await job.result(timeout: .seconds(30))
        }
        // … and once the service is shut down: a transport you pass in is yours to shut down.
        await transport.shutdown()
        await emulator.shutdown()
        #expect(result == "All done!")
        #expect(configuration.decodeBudget.limit(forDocumentBytes: 100 << 20) == 4 << 30)
        #expect(configuration.decodeBudget.limit(forDocumentBytes: 1_000) == 64 << 20)
    }

    // Docs/Accounts.md: the IBM Cloud samples need the real service, so they are compiled here and
    // checked without connecting (the first one is a function that is never called).
    func accountsSample1(apiKey: String, pubs: RuntimeValue) async throws -> RuntimeJob {
        let configuration = RuntimeConfiguration(
            account: .ibmCloud(apiKey: apiKey,
                               instanceCRN: "crn:v1:bluemix:public:quantum-computing:us-east:a/…:…::"))
        let service = try await RuntimeService(configuration: configuration)
        let job = try await service.run(program: "sampler", backend: "ibm_torino", inputs: ["pubs": pubs])
        return job
    }

    @Test("Docs/Accounts.md: the account samples build the configurations they describe")
    func accounts() async throws {
        let apiToken = "secret-accounts-sample-token"
        let account: RuntimeConfiguration.Account =
            .ibmCloud(apiKey: "local-key", instanceCRN: "crn:v1:local:public:quantum-computing:local:a/1:2::",
                      iamURL: "http://127.0.0.1:8080",              // the IAM base; /identity/token is appended
                      serviceURL: "http://127.0.0.1:8080/api/v1")   // used verbatim; the CRN's region is not read
        #expect(!account.supportsStreaming)
        #expect(account.description.contains("http://127.0.0.1:8080/api/v1"))
        let configuration = RuntimeConfiguration(
            account: .legacyToken(apiToken),                       // authURL defaults to the IBM Quantum auth service
            instance: .init(hub: "ibm-q", group: "open", project: "main"))
        #expect(configuration.instance?.description == "ibm-q/open/main")
        #expect(!String(describing: configuration).contains(apiToken))
    }

    @Test("Docs/Accounts.md: an IBM Cloud account against the emulator's v1 mode")
    func accountsV1() async throws {
        let result = try await withEmulator(configuration: EmulatorConfiguration(
            iamAPIKey: "local-key",
            instanceCRN: "crn:v1:local:public:quantum-computing:local:a/1:2::",
            iamTokenLifetime: .seconds(3600))) { emulator in     // make it short (seconds) to watch renewal
            let configuration = RuntimeConfiguration(
                account: .ibmCloud(apiKey: "local-key", instanceCRN: "crn:v1:local:public:quantum-computing:local:a/1:2::",
                                   iamURL: emulator.baseURL, serviceURL: emulator.baseURL + "/api/v1"))
            return try await withRuntimeService(configuration: configuration) { service in
                try await service.run(program: "hello-world", backend: "fake_tallinn",   // a backend of the v1 catalog
                                      inputs: ["iterations": 1, "queued_s": 0, "interval_s": 0.01])
                    .result(timeout: .seconds(30))
            }
        }
        print(result)   // "All done!"
        #expect(result == "All done!")
    }

    @Test("Docs/Primitives.md: from a circuit to counts and expectation values, translation, the ISA check, modes")
    func primitivesFlow() async throws {
        try await withPlatformService { service in
            let backend = try await service.leastBusy(minimumQubits: 2)
            let configuration = try await backend.configuration()           // read once per service

            var bell = QuantumCircuit(qubits: 2, bits: 2)                      // register q, register c
            bell.h(0)
            bell.cx(0, 1)
            bell.measure([0, 1], into: [0, 1])
            let isa = try bell.translated(for: configuration)                  // native gates, coupled qubits

            let sampler = Sampler(mode: backend)
            let job = try await sampler.run([SamplerPub(circuit: isa)], shots: 1000)
            let counts = try await job.result()[0].data["c"]?.counts() ?? [:]
            print(counts.keys.sorted())                                         // ["00", "11"], about 500 each
            #expect(counts.keys.sorted() == ["00", "11"])
            #expect(abs((counts["00"] ?? 0) - 500) < 100)
            #expect(counts.values.reduce(0, +) == 1000)

            var pair = QuantumCircuit(qubits: 2)
            pair.h(0)
            pair.cx(0, 1)
            let layout = try pair.layout(for: configuration)                   // virtual k → physical layout[k]
            let observables: ObservableArray = ["ZZ", "XX", ["YY": 1.0, "ZI": 0.5]]
            let estimator = Estimator(mode: backend)
            let estimate = try await estimator.run([
                EstimatorPub(circuit: try pair.translated(for: configuration, layout: layout),
                             observables: try observables.applyingLayout(layout, qubitCount: configuration.qubitCount)),
            ], precision: 0.01).result()
            print(estimate[0].evs.elements.map { ($0 * 100).rounded() / 100 })   // [1.0, 1.0, -1.0]: ⟨ZZ⟩, ⟨XX⟩, ⟨YY⟩ + ½⟨ZI⟩
            // ±1 values have no shot noise; ½⟨ZI⟩ = 0 carries a standard error of 0.005.
            #expect(estimate[0].evs.elements.map { ($0 * 100).rounded() / 100 }.prefix(2) == [1.0, 1.0])
            #expect(abs(estimate[0].evs[2] + 1) < 0.03)

            var circuit = QuantumCircuit(qubits: 3)
            let flags = try circuit.addClassicalRegister("flags", size: 1)
            let data = try circuit.addClassicalRegister("data", size: 2)
            circuit.ry(.parameter("theta"), 0)                      // an `input float[64] theta;`
            circuit.cx(0, 1)
            circuit.barrier()
            circuit.measure(0, into: flags[0])
            circuit.measure([1, 2], into: data)
            print(circuit.parameterNames)                           // ["theta"]
            print(try QuantumCircuit(qasm: circuit.qasm3) == circuit)   // true
            #expect(circuit.parameterNames == ["theta"])
            #expect(try QuantumCircuit(qasm: circuit.qasm3) == circuit)

            var toffoli = QuantumCircuit(qubits: 3)
            toffoli.ccx(0, 1, 2)
            do {
                _ = try toffoli.translated(for: configuration)
            } catch let error as RuntimeError where error.code == .invalidCircuit {
                print(error.circuitError?.code == .uncoupledQubits)   // true: no three qubits are all coupled
                print(error.circuitError?.qubits.count ?? 0)           // 2: the pair that is not
            }
            #expect { _ = try toffoli.translated(for: configuration) } throws: { error in
                guard let error = error as? RuntimeError else { return false }
                return error.code == .invalidCircuit && error.circuitError?.code == .uncoupledQubits && error.circuitError?.qubits.count == 2
            }

            let textbook = """
                OPENQASM 3.0;
                include "stdgates.inc";
                bit[2] c;
                qubit[2] q;
                h q[0];
                cx q[0], q[1];
                c = measure q;
                """
            do {
                _ = try await sampler.run([SamplerPub(circuit: textbook)])
            } catch let error as RuntimeError where error.code == .isaViolation {
                print(error.message)   // sampler pub 0 on fake_tallinn: the circuit does not fit the backend: 'h' on qubits [0] is not in the backend's basis gates (line 5) (and 1 more violations); …
                print(error.circuitError?.gate ?? "", error.circuitError?.qubits ?? [], error.circuitError?.line ?? 0)   // h [0] 5
            }
            await #expect { _ = try await sampler.run([SamplerPub(circuit: textbook)]) } throws: { error in
                guard let error = error as? RuntimeError, let circuitError = error.circuitError else { return false }
                return error.code == .isaViolation
                    && error.message.hasPrefix("sampler pub 0 on fake_tallinn: the circuit does not fit the backend: 'h' on qubits [0] is not in the backend's basis gates (line 5) (and 1 more violations); ")
                    && circuitError.gate == "h" && circuitError.qubits == [0] && circuitError.line == 5
            }

            let inSession = try await service.withSession(backend: backend.name) { session in
                let sampler = Sampler(mode: session)
                let job = try await sampler.run([SamplerPub(circuit: isa)], shots: 100)
                return (job.sessionID == session.id, try await job.result()[0].data["c"]?.shots ?? 0)
            }
            print(inSession)   // (true, 100)
            #expect(inSession == (true, 100))
            var submitted = 0
            for try await _ in service.jobs(limit: nil) { submitted += 1 }
            #expect(submitted == 3, "the Bell job, the Estimator job and the session's job; nothing for the textbook circuit")
        }
    }

    @Test("Docs/Primitives.md: reading a Sampler result")
    func primitivesSamplerResult() throws {
        let text = #"{"results": [{"data": {"meas": {"samples": ["0x0", "0x3", "0x3"], "num_bits": 2}}, "metadata": {}}]}"#
        let result = try SamplerResult(json: text)
        let bits = result[0].data["meas"]
        print(bits?.counts() ?? [:])            // ["11": 2, "00": 1]
        print(bits?.bitstring(shot: 1) ?? "")   // 11
        #expect(bits?.counts() == ["11": 2, "00": 1])
        #expect(bits?.bitstring(shot: 1) == "11")
    }

    @Test("Docs/Primitives.md: many distinct outcomes, outcomeCounts()")
    func primitivesOutcomeCounts() throws {
        let bits = try BitArray(integers: Array(repeating: 6, count: 12) + Array(repeating: 3, count: 150) + [0, 15, 15], bitCount: 4)
        let counts = bits.outcomeCounts()
        print(counts["0110"] ?? 0)               // 12 (nil: never seen), as counts()["0110"]
        print(counts[integer: 6] ?? 0)           // 12, for registers of up to 64 bits
        print(counts.count, counts.totalShots)   // 4 distinct outcomes, 165 shots
        for outcome in counts.mostFrequent(3) {
            print(outcome.bitstring, outcome.count)   // 0011 150, 0110 12, 1111 2: ties in bitstring order
        }
        let frequent = counts.filter { $0.count > 100 }.map(\.bitstring)   // ["0011"]: a collection of Outcome
        let dictionary = counts.dictionary       // == bits.counts()
        #expect(counts["0110"] == 12 && bits.counts()["0110"] == 12)
        #expect(counts["0111"] == nil)
        #expect(counts[integer: 6] == 12)
        #expect(counts.count == 4 && counts.totalShots == 165)
        #expect(counts.mostFrequent(3).map { "\($0.bitstring) \($0.count)" } == ["0011 150", "0110 12", "1111 2"])
        #expect(frequent == ["0011"])
        #expect(dictionary == bits.counts())
    }

    @Test("Docs/Primitives.md: a sweep's bit array")
    func primitivesSweep() throws {
        let sweep = try BitArray(packedBytes: [0, 3, 1, 1, 2, 2], shape: [3], shots: 2, bitCount: 2)
        print(sweep[1].counts())      // ["01": 2]
        print(sweep.counts().count)   // 4 distinct outcomes over the sweep
        let joined = try BitArray.concatenatedBits([sweep, sweep])   // 4 bits; the last array leftmost
        print(joined.bitstring(shot: 1, at: [0]))                    // 1111
        #expect(sweep[1].counts() == ["01": 2])
        #expect(sweep.counts().count == 4)
        #expect(joined.bitstring(shot: 1, at: [0]) == "1111")
    }

    @Test("Docs/Primitives.md: reading an Estimator result")
    func primitivesEstimatorResult() throws {
        let text = #"{"results": [{"data": {"evs": [[0.5, 0.25], [1.0, 0.0]], "stds": [[0.01, 0.02], [0.0, 0.03]]}, "metadata": {"shots": 4096}}]}"#
        let estimate = try EstimatorResult(json: text)[0]
        print(estimate.shape)                  // [2, 2]
        print(estimate.evs[1, 0])              // 1.0
        print(estimate.evs.scalar as Any)      // nil: not a 0-d array
        print(estimate.metadata["shots"]?.intValue ?? 0)   // 4096
        #expect(estimate.shape == [2, 2])
        #expect(estimate.evs[1, 0] == 1.0)
        #expect(estimate.evs.scalar == nil)
        #expect(estimate.metadata["shots"]?.intValue == 4096)
    }

    @Test("Docs/Primitives.md: pubs, broadcasting and options")
    func primitivesInputs() throws {
        let bell = """
            OPENQASM 3.0;
            include "stdgates.inc";
            bit[2] c;
            qubit[2] q;
            h q[0];
            cx q[0], q[1];
            c = measure q;
            """
        let rotation = PrimitiveCircuit(qasm3: "OPENQASM 3.0; input float[64] theta; qubit[1] q; bit[1] c; rx(theta) q[0]; c = measure q;",
                                        qubitCount: 1, parameterNames: ["theta"])
        let pubs = [
            SamplerPub(circuit: bell, shots: 1000),                                                   // shape ()
            SamplerPub(circuit: rotation, parameterValues: ParameterValues(sweep: [[0.0], [1.57], [3.14]])),   // shape (3,)
        ]
        let request = try PrimitiveRequest.sampler(pubs, shots: 500)
        print(request.programID)                         // sampler
        print(request.params["pubs"]?[1]?[2]?.intValue ?? 0)   // 500: run shots fill pubs without their own
        #expect(request.programID == "sampler")
        #expect(request.params["pubs"]?[1]?[2]?.intValue == 500)
        #expect(request.params["pubs"]?[0]?[2]?.intValue == 1000)

        let ansatz = PrimitiveCircuit(qasm3: "OPENQASM 3.0; input float[64] theta; qubit[2] q; ry(theta) q[0]; cx q[0], q[1];",
                                      qubitCount: 2, parameterNames: ["theta"])
        let grid = EstimatorPub(circuit: ansatz,
                                observables: ObservableArray(rows: [[["ZZ": 1.0]], [["XX": 0.5, "YY": -0.5]]]),   // (2, 1)
                                parameterValues: ParameterValues(sweep: [[0.1], [0.2], [0.3]]))               // (3,)
        print(grid.shape ?? [])    // [2, 3]
        let mismatch = EstimatorPub(circuit: ansatz, observables: ["ZZ", "XX"], parameterValues: ParameterValues(sweep: [[0.1], [0.2], [0.3]]))
        do {
            _ = try PrimitiveRequest.estimator([mismatch])
        } catch let error as RuntimeError where error.code == .invalidArgument {
            print(error.message)   // estimator pub 0: observables of shape (2,) and parameter values of shape (3,) do not broadcast
        }
        #expect(grid.shape == [2, 3])
        #expect(throws: RuntimeError(.invalidArgument, "estimator pub 0: observables of shape (2,) and parameter values of shape (3,) do not broadcast")) {
            try PrimitiveRequest.estimator([mismatch])
        }

        var options = EstimatorOptions()
        options.resilienceLevel = 1
        options.defaultPrecision = 0.01
        options.twirling = TwirlingOptions(enableGates: true, numRandomizations: .count(32))
        options.environment.jobTags = ["vqe"]
        options.raw = ["resilience": ["measure_mitigation": true]]
        let estimatorRequest = try PrimitiveRequest.estimator([grid], options: options)
        print(estimatorRequest.params["resilience_level"]?.intValue ?? 0)   // 1
        print(estimatorRequest.tags ?? [])                                            // ["vqe"]
        #expect(estimatorRequest.params["resilience_level"]?.intValue == 1)
        #expect(estimatorRequest.tags == ["vqe"])
        #expect(estimatorRequest.params["options"]?["resilience"] == ["measure_mitigation": true])
    }

    // Docs/TodaysPlatform.md: today's platform against the emulator's v1 mode.

    /// An emulator serving its v1 API and an IBM Cloud service connected to it.
    func withPlatformService(_ body: (RuntimeService) async throws -> Void) async throws {
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(
            timing: EmulatorTiming(queued: .milliseconds(10), interval: .milliseconds(10), interimCount: 1),
            iamAPIKey: "docs-key", instanceCRN: "crn:v1:local:public:quantum-computing:local:a/1:2::"))
        let configuration = RuntimeConfiguration(
            account: .ibmCloud(apiKey: "docs-key", instanceCRN: "crn:v1:local:public:quantum-computing:local:a/1:2::",
                               iamURL: emulator.baseURL, serviceURL: emulator.baseURL + "/api/v1"))
        do {
            try await withRuntimeService(configuration: configuration) { service in try await body(service) }
        } catch {
            await emulator.shutdown()
            throw error
        }
        await emulator.shutdown()
    }

    // The first sample needs the real service: compiled here, never called.
    func todaysPlatformSample1(apiKey: String, pubs: RuntimeValue) async throws -> RuntimeValue {
        let configuration = RuntimeConfiguration(
            account: .ibmCloud(apiKey: apiKey,
                               instanceCRN: "crn:v1:bluemix:public:quantum-computing:us-east:a/…:…::"))
        let value = try await withRuntimeService(configuration: configuration) { service in
            let backend = try await service.leastBusy(minimumQubits: 5)
            return try await service.withSession(backend: backend.name) { session in
                let job = try await session.run(program: "sampler", inputs: ["pubs": pubs, "version": 2])
                return try await job.result(timeout: .seconds(600))
            }
        }
        return value
    }

    @Test("Docs/TodaysPlatform.md: backends and usage")
    func todaysPlatformBackends() async throws {
        try await withPlatformService { service in
            for backend in try await service.backends() {
                print(backend.name, backend.qubitCount, backend.queueLength, backend.status)
            }
            let lisbon = service.backend("fake_lisbon")
            let configuration = try await lisbon.configuration()      // read once per service, then cached
            print(configuration.basisGates, configuration.couplingMap.count, configuration.maxShots ?? 0)
            if let properties = try await lisbon.properties() {         // nil when the service has none
                print(properties.qubits[0].t1 ?? 0, properties.gate("ecr", on: [0, 1])?.error ?? 0)
            }
            let status = try await lisbon.status()                      // never cached
            let least = try await service.leastBusy(minimumQubits: 100)
            print(status.pendingJobs, least.name)
            #expect(configuration.qubitCount == 127)
            #expect(status.isOperational)
            #expect(least.name == "fake_lisbon")   // the first with 100 qubits of equal (empty) queues

            let usage = try await service.usage()
            print(usage.consumedSeconds, usage.limitSeconds ?? .infinity, usage.isLimitReached)
            if let remaining = usage.remainingSeconds, remaining < 60 { print("less than a minute left") }
            #expect(!usage.isLimitReached)
        }
    }

    @Test("Docs/TodaysPlatform.md: a session, a batch closed and reattached")
    func todaysPlatformSessions() async throws {
        try await withPlatformService { service in
            let results = try await service.withSession(backend: "fake_tallinn", maxTTL: .seconds(3600)) { session in
                var results: [RuntimeValue] = []
                for _ in 1...3 {
                    let job = try await session.run(program: "hello-world", inputs: ["iterations": 1])
                    results.append(try await job.result())     // polled every 100 ms inside a session
                }
                return results
            }
            #expect(results == ["All done!", "All done!", "All done!"])

            let batch = try await service.openBatch(backend: "fake_tallinn")
            let first = try await batch.run(program: "hello-world")
            let second = try await batch.run(program: "hello-world")
            try await batch.close()          // first and second still run to the end
            // or: try await batch.cancel()  // the jobs still queued are cancelled now
            let again = try await service.batch(id: batch.id)      // reattach by id; the mode is checked
            print(first.jobID, second.jobID, try await again.details().state)
            #expect(await !again.acceptsJobs)
            #expect(try await second.result(timeout: .seconds(30)) == "All done!")
        }
    }

    @Test("Docs/TodaysPlatform.md: job fields, reads without params, pages")
    func todaysPlatformJobs() async throws {
        try await withPlatformService { service in
            let job = try await service.run(
                program: "hello-world", backend: "fake_tallinn", inputs: ["iterations": 1],
                options: RunOptions(tags: ["experiment-7"], maxExecutionTime: .seconds(300)))
            for warning in job.submissionWarnings { print(warning) }   // e.g. near the usage limit
            let status = try await job.status()                        // GET /jobs/{id}?exclude_params=true
            let reason = await job.statusReason                        // code, message, solution, if any
            let params = try await job.inputs()                        // the only read with the params
            for try await page in service.jobs(limit: nil, tags: ["experiment-7"], order: .oldestFirst).pages {
                print(page.jobs.map(\.jobID), page.totalCount ?? 0)
            }
            print(status, reason ?? JobStatusReason(), params)
            #expect(params == ["iterations": 1])
            #expect(reason == nil)
        }
    }

    @Test("Docs/TodaysPlatform.md: a job's metrics, usage, estimate and tags")
    func todaysPlatformJobDetails() async throws {
        try await withPlatformService { service in
            let job = try await service.run(
                program: "hello-world", backend: "fake_tallinn", options: RunOptions(tags: ["experiment-7"]))
            let queued = try await job.metrics()                 // GET /jobs/{id}/metrics, typed
            print(queued.positionInQueue ?? 0, queued.estimatedStartTime ?? .distantPast)
            let estimate = try await job.usageEstimation()       // estimated_running_time_seconds, if any
            try await job.waitForFinalState(timeout: .seconds(60))
            let metrics = try await job.metrics()
            print(metrics.running ?? .distantPast, metrics.finished ?? .distantPast, metrics.raw)
            let seconds = try await job.usage()                  // 0 until the service's figure is final
            try await job.updateTags(["experiment-7", "reviewed"])
            print(await job.tags, estimate ?? 0, seconds)
            #expect(queued.created != nil)
            #expect((estimate ?? 0) > 0)
            #expect(metrics.finished != nil && !metrics.isUsagePending)
            #expect(seconds == metrics.quantumSeconds && seconds > 0)
            #expect(await job.tags == ["experiment-7", "reviewed"])
        }
    }

    @Test("JobMetrics DocC: reading the metrics")
    func jobMetricsDocC() async throws {
        try await withPlatformService { service in
            let job = try await service.run(program: "hello-world", backend: "fake_tallinn")
            let metrics = try await job.metrics()
            if let position = metrics.positionInQueue { print("queued at", position) }
            if let running = metrics.running { print("started", running) }
            print("charged", metrics.chargedSeconds, "s", metrics.isUsagePending ? "(so far)" : "")
            #expect(metrics.created != nil)
        }
    }

    @Test("Docs/TodaysPlatform.md: the polling and submission settings")
    func todaysPlatformConfiguration() {
        let account = RuntimeConfiguration.Account.accessToken("t", runtimeURL: "http://127.0.0.1:1")
        var configuration = RuntimeConfiguration(account: account)
        configuration.pollInterval = .seconds(1)               // outside sessions; never under 100 ms
        configuration.sessionPollInterval = .milliseconds(200) // inside sessions
        configuration.submissionTimeout = .seconds(1800)       // POST /jobs with large payloads
        configuration.allowsAPIKeyAuthorization = false        // the default: the API key goes to IAM only
        #expect(configuration.sessionPollInterval == .milliseconds(200))
        #expect(RuntimeConfiguration.minimumPollInterval == .milliseconds(100))
    }

    @Test("Docs/TodaysPlatform.md: offline against the emulator's v1 mode")
    func todaysPlatformOffline() async throws {
        let local = try await withEmulator(configuration: EmulatorConfiguration(
            iamAPIKey: "local-key", instanceCRN: "crn:v1:local:public:quantum-computing:local:a/1:2::")) { emulator in
            let localConfiguration = RuntimeConfiguration(
                account: .ibmCloud(apiKey: "local-key", instanceCRN: "crn:v1:local:public:quantum-computing:local:a/1:2::",
                                   iamURL: emulator.baseURL, serviceURL: emulator.baseURL + "/api/v1"))
            return try await withRuntimeService(configuration: localConfiguration) { service in
                try await service.withSession(backend: "fake_tallinn") { session in
                    try await session.run(program: "hello-world", inputs: ["iterations": 1, "queued_s": 0, "interval_s": 0.01])
                        .result()
                }
            }
        }
        print(local)   // "All done!"
        #expect(local == "All done!")
    }

    @Test("Docs/Emulator.md: today's platform — Open Plan, usage limit, interactive TTL")
    func emulatorPlatform() async throws {
        var configuration = EmulatorConfiguration(iamAPIKey: "local-key",
            instanceCRN: "crn:v1:bluemix:public:quantum-computing:us-east:a/local:instance::")
        configuration.platform.openPlan = true                 // batches only (dedicated → 1352)
        configuration.platform.usageLimit = .seconds(600)      // jobs refused at 10 minutes (4317)
        configuration.platform.sessionInteractiveTTL = .seconds(5)
        try await withEmulator(configuration: configuration) { emulator in
            // IAM at emulator.baseURL, the API at emulator.baseURL + "/api/v1"
        }
        let emulator = try await Emulator.start(configuration: configuration)
        await emulator.shutdown()
        #expect(emulator.service.configuration.platform.openPlan)
        #expect(emulator.service.configuration.platform.backends.names == ["fake_tallinn", "fake_lisbon", "fake_bergen"])
        #expect(emulator.service.configuration.platform.usageLimit == .seconds(600))
        #expect(emulator.service.configuration.platform.sessionInteractiveTTL == .seconds(5))
        #expect(emulator.baseURL.hasPrefix("http://127.0.0.1:"))
    }

    @Test("Docs/Emulator.md: a Sampler job runs its circuit on the simulator")
    func emulatorSampler() async throws {
        var configuration = EmulatorConfiguration(iamAPIKey: "local-key",
            instanceCRN: "crn:v1:bluemix:public:quantum-computing:us-east:a/local:instance::")
        configuration.platform.simulator.noise = false     // the default; true adds noise from the calibrations
        configuration.platform.simulator.maxQubits = 24    // larger circuits fail (code 1002)
        let bell = """
            OPENQASM 3.0;
            bit[2] c;
            rz(pi/2) $0; sx $0; rz(pi/2) $0;
            rz(pi/2) $1; sx $1; rz(pi/2) $1;
            cz $0, $1;
            rz(pi/2) $1; sx $1; rz(pi/2) $1;
            c[0] = measure $0;
            c[1] = measure $1;
            """
        let samples = try await withEmulator(configuration: configuration) { emulator in
            let service = RuntimeConfiguration(
                account: .ibmCloud(apiKey: "local-key", instanceCRN: "crn:v1:bluemix:public:quantum-computing:us-east:a/local:instance::",
                                   iamURL: emulator.baseURL, serviceURL: emulator.baseURL + "/api/v1"))
            return try await withRuntimeService(configuration: service) { service in
                let job = try await service.run(program: "sampler", backend: "fake_tallinn", inputs: [
                    "pubs": [[.string(bell), .null, 1000]],               // [circuit, parameter_values, shots]
                    "options": ["simulator": ["seed_simulator": 7]], "version": 2,
                ])
                let result = try await job.result(timeout: .seconds(60))
                return result["results"]?[0]?["data"]?["c"]?["samples"]  // ["0x3", "0x0", …]: only 00 and 11
            }
        }
        let values = try #require(samples?.arrayValue?.compactMap { $0.stringValue })
        #expect(values.count == 1000)
        #expect(Set(values) == ["0x0", "0x3"])
    }

    @Test("every Swift sample of README.md, Docs/ and the DocC catalog is in this file")
    func samplesAreHere() throws {
        let thisFile = URL(filePath: #filePath)
        let root = thisFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        /// Text with the leading whitespace of every line removed, so indentation does not matter.
        func normalized(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.drop { $0 == " " } }.joined(separator: "\n")
        }
        let tests = normalized(try String(contentsOf: thisFile, encoding: .utf8))
        var pages = ["README.md", "Sources/QiskitRuntime/QiskitRuntime.docc/QiskitRuntime.md",
                     "Sources/QiskitRuntime/QiskitRuntime.docc/RunningAJob.md",
                     "Sources/QiskitRuntime/QiskitRuntime.docc/StoppingAJob.md"]
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appending(path: "Docs").path)
        pages += docs.filter { $0.hasSuffix(".md") }.map { "Docs/" + $0 }
        var samples = 0
        for page in pages {
            let text = try String(contentsOf: root.appending(path: page), encoding: .utf8)
            for part in text.components(separatedBy: "```swift\n").dropFirst() {
                let sample = try #require(part.components(separatedBy: "\n```").first)
                samples += 1
                // Import lines are at the top of this file; the rest must appear here as is.
                let body = sample.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.hasPrefix("import ") }.drop { $0.isEmpty }.joined(separator: "\n")
                let found = tests.contains(normalized(body))
                #expect(found, "a sample of \(page) is not in DocumentationSampleTests.swift:\n\(body)")
            }
        }
        #expect(samples >= 15)
    }
}
