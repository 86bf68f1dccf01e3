import Foundation
import QiskitRuntime
import QiskitRuntimeEmulator
import Testing

/// The `hello-runtime` executable, spawned from the build products directory. Skipped with a
/// notice when it was not built (e.g. `swift build --target` of another target only). Serialized:
/// one child process at a time.
@Suite("hello-runtime CLI", .serialized, .timeLimit(.minutes(1)))
struct HelloRuntimeCLITests {
    static let executable = ChildProcess.product("hello-runtime")

    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String, lines: [String])? {
        guard let executable = Self.executable else {
            print("◇ notice: hello-runtime is not built next to the tests (\(ChildProcess.productsDirectory.path)); CLI test skipped")
            return nil
        }
        let (status, output) = try await ChildProcess.run(executable, arguments, environment: environment)
        return (status, output, output.split(separator: "\n").map(String.init))
    }

    @Test("no arguments: runs hello-world on the in-process emulator, prints statuses and the result, exits 0")
    func defaultRun() async throws {
        guard let run = try await run([]) else { return }
        #expect(run.status == 0, "\(run.output)")
        #expect(run.lines.contains("result: \"All done!\""), "\(run.output)")
        #expect(run.lines.contains("status: QUEUED"))
        #expect(run.lines.contains("status: RUNNING"))
        #expect(run.lines.last == "result: \"All done!\"")
        let statuses = run.lines.filter { $0.hasPrefix("status: ") }
        #expect(statuses.last == "status: DONE")
        #expect(Set(statuses).count == statuses.count, "each status change is printed once")
        #expect(!run.output.contains("error:"))
    }

    @Test("interim results are printed in order as they arrive, before the final status and the result")
    func interimResults() async throws {
        guard let run = try await run(["--iterations", "3", "--inputs", #"{"queued_s": 0.05, "interval_s": 0.1}"#])
        else { return }
        #expect(run.status == 0, "\(run.output)")
        let interim = run.lines.filter { $0.hasPrefix("interim: ") }
        #expect(interim.count == 3, "\(run.output)")
        for (index, line) in interim.enumerated() {
            #expect(line.hasPrefix("interim: {\"iteration\": \(index), \"counts\": {"))
        }
        let lastInterim = try #require(run.lines.lastIndex { $0.hasPrefix("interim: ") })
        let result = try #require(run.lines.firstIndex(of: "result: \"All done!\""))
        #expect(lastInterim < result)
    }

    @Test("--iterations, --inputs and --logs")
    func inputsAndLogs() async throws {
        guard let run = try await run(["--iterations", "1", "--inputs", #"{"queued_s": 0.05, "interval_s": 0.05}"#, "--logs"])
        else { return }
        #expect(run.status == 0, "\(run.output)")
        #expect(run.lines.contains { $0.hasPrefix("log: ") && $0.contains("Published interim result 1.") })
        #expect(!run.lines.contains { $0.contains("Published interim result 2.") })
        #expect(run.lines.last == "result: \"All done!\"")
    }

    @Test("--program failing-program: exit 1 and one 'error: Job … has failed:' line")
    func failingProgram() async throws {
        guard let run = try await run(["--program", "failing-program", "--inputs", #"{"interval_s": 0.05}"#])
        else { return }
        #expect(run.status == 1)
        let errors = run.lines.filter { $0.hasPrefix("error: ") }
        #expect(errors.count == 1)
        let line = try #require(errors.first)
        #expect(line.hasPrefix("error: Job "))
        #expect(line.contains(" has failed: "))
        #expect(line.contains("ValueError"))
        #expect(run.lines.contains("status: ERROR"))
        #expect(!run.lines.contains { $0.hasPrefix("result:") })
    }

    @Test("--timeout on a long-running job: exit 1 and 'timed out'")
    func timeout() async throws {
        guard let run = try await run(["--timeout", "0.2", "--program", "long-running"]) else { return }
        #expect(run.status == 1)
        #expect(run.lines.contains { $0.hasPrefix("error: ") && $0.contains("timed out") }, "\(run.output)")
    }

    @Test("--cancel-after: the remote job is cancelled, exit 1 and 'cancelled'")
    func cancelAfter() async throws {
        guard let run = try await run(["--cancel-after", "0.3", "--iterations", "20"]) else { return }
        #expect(run.status == 1)
        #expect(run.lines.contains("status: CANCELLED"), "\(run.output)")
        #expect(run.lines.contains { $0.hasPrefix("error: ") && $0.contains("cancelled") })
    }

    @Test("--url with a bad --token: the login failure, and the token never appears")
    func badToken() async throws {
        guard Self.executable != nil else { _ = try await run([]); return }
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(apiToken: "the-right-token"))
        let canary = "CANARY-TOKEN-" + String(UInt64.random(in: 1 ... .max), radix: 36)
        let flags = try await run(["--url", emulator.authURL, "--token", canary])
        let env = try await run([], environment: ["QISKIT_IBM_URL": emulator.authURL, "QISKIT_IBM_TOKEN": canary])
        await emulator.shutdown()
        for run in [flags, env].compactMap({ $0 }) {
            // Computed first so that a failure message never shows the canary.
            let leaked = run.output.contains("CANARY-TOKEN-")
            #expect(!leaked, "the token appeared in the output")
            #expect(run.status == 1)
            let errors = run.lines.filter { $0.hasPrefix("error: ") }
            #expect(errors.count == 1)
            #expect(errors.first?.contains("login failed") == true)
            #expect(!run.lines.contains { $0.hasPrefix("emulator:") }, "another deployment: no emulator is started")
        }
    }

    @Test("--list-backends and --usage: the built-in emulator's v1 API, one line per backend, a usage line, no job")
    func platformListing() async throws {
        guard let run = try await run(["--list-backends", "--usage"]) else { return }
        #expect(run.status == 0, "\(run.output)")
        let backends = run.lines.filter { $0.hasPrefix("backend: ") }
        #expect(backends.count == 3, "\(run.output)")
        #expect(backends.contains { $0.hasPrefix("backend: fake_lisbon qubits=127 queue=0 status=online") })
        for line in backends {
            #expect(line.split(separator: " ").count == 5, "\(line)")
        }
        let usage = try #require(run.lines.first { $0.hasPrefix("usage: ") })
        let json = try RuntimeValue(json: String(usage.dropFirst("usage: ".count)))
        #expect(json["usage_consumed_seconds"] != nil)
        #expect(!run.lines.contains { $0.hasPrefix("job: ") || $0.hasPrefix("status: ") })
    }

    /// Runs `body` with an emulator in this process that `hello-runtime` reaches the IBM Cloud
    /// way, the flags for it, and an SDK service on it to inspect what the command left behind.
    func withPlatformTarget(_ body: ([String], RuntimeService) async throws -> Void) async throws {
        guard Self.executable != nil else { _ = try await run([]); return }
        let key = "hello-platform-key"
        let crn = "crn:v1:bluemix:public:quantum-computing:us-east:a/hello:instance::"
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(iamAPIKey: key, instanceCRN: crn))
        let flags = ["--api-key", key, "--crn", crn, "--iam-url", emulator.baseURL, "--service-url", emulator.baseURL + "/api/v1"]
        do {
            try await withRuntimeService(configuration: RuntimeConfiguration(
                account: .ibmCloud(apiKey: key, instanceCRN: crn, iamURL: emulator.baseURL, serviceURL: emulator.baseURL + "/api/v1"),
                transport: RuntimeHTTPTransport())) { service in try await body(flags, service) }
        } catch {
            await emulator.shutdown()
            throw error
        }
        await emulator.shutdown()
    }

    @Test("--session: 'session: <id>' before the first status, the job runs in it, and the session is closed at the end")
    func session() async throws {
        try await withPlatformTarget { flags, service in
            guard let run = try await run(flags + ["--session", "--iterations", "1", "--inputs", #"{"queued_s": 0, "interval_s": 0.05}"#])
            else { return }
            #expect(run.status == 0, "\(run.output)")
            let sessionLine = try #require(run.lines.firstIndex { $0.hasPrefix("session: ") }, "\(run.output)")
            let firstStatus = try #require(run.lines.firstIndex { $0.hasPrefix("status: ") })
            #expect(sessionLine < firstStatus)
            #expect(run.lines.last == "result: \"All done!\"")
            let id = String(run.lines[sessionLine].dropFirst("session: ".count))
            let details = try await service.session(id: id).details()
            #expect(!details.acceptsJobs)
            var jobs = 0
            for try await _ in service.jobs(limit: nil, sessionID: id) { jobs += 1 }
            #expect(jobs == 1)
        }
    }

    @Test("--batch with a timeout: exit 1, and the batch is closed all the same")
    func batchTimeout() async throws {
        try await withPlatformTarget { flags, service in
            guard let run = try await run(flags + ["--batch", "--backend", "fake_tallinn", "--timeout", "0.3", "--inputs", #"{"queued_s": 100}"#])
            else { return }
            #expect(run.status == 1, "\(run.output)")
            #expect(run.lines.contains { $0.hasPrefix("error: ") && $0.contains("timed out") }, "\(run.output)")
            let line = try #require(run.lines.first { $0.hasPrefix("session: ") })
            let batch = try await service.batch(id: String(line.dropFirst("session: ".count)))
            #expect(try await batch.details().acceptsJobs == false)
            #expect(batch.backend == "fake_tallinn")
        }
    }

    // MARK: Primitives (--circuit)

    static let bellText = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nbit[2] c;\nqubit[2] q;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n"
    static let registersText = """
        OPENQASM 3.0;
        include "stdgates.inc";
        bit[1] a;
        bit[2] b;
        qubit[3] q;
        x q[0];
        h q[1];
        x q[2];
        a[0] = measure q[0];
        b[0] = measure q[1];
        b[1] = measure q[2];
        """

    /// Writes `text` to a fresh temporary file and returns its path.
    func circuitFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appending(path: "hello-runtime-\(UInt64.random(in: 1 ... .max)).qasm")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The JSON after `prefix` on the line that starts with it.
    func json(_ run: (status: Int32, output: String, lines: [String]), _ prefix: String) throws -> RuntimeValue {
        let line = try #require(run.lines.first { $0.hasPrefix(prefix) }, "no \(prefix) line in \(run.output)")
        return try RuntimeValue(validatingJSON: String(line.dropFirst(prefix.count)))
    }

    @Test("--circuit --shots --translate on the built-in emulator: a Sampler job, the layout, one counts line with the Bell outcomes")
    func samplerOnEmbeddedEmulator() async throws {
        let path = try circuitFile(Self.bellText)
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let run = try await run(["--circuit", path, "--shots", "200", "--translate", "--backend", "fake_tallinn"]) else { return }
        #expect(run.status == 0, "\(run.output)")
        #expect(run.lines.contains { $0.hasPrefix("layout: [") })
        #expect(run.lines.contains("status: DONE"))
        let counts = try #require(try json(run, "counts: ").objectValue)
        #expect(Set(counts.map(\.key)).isSubset(of: ["00", "11"]), "\(run.output)")
        #expect(counts.map { $0.value.intValue ?? 0 }.reduce(0, +) == 200)
        #expect(counts.map(\.key) == counts.map(\.key).sorted(), "keys sorted")
        #expect(run.lines.filter { $0.hasPrefix("counts") }.count == 1)
        #expect(!run.lines.contains { $0.hasPrefix("result:") || $0.hasPrefix("error:") })
    }

    @Test("an ISA violation (no --translate): 'error: …' naming the gate and qubits, exit 1, and no job on the service")
    func isaViolation() async throws {
        let path = try circuitFile(Self.bellText)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withPlatformTarget { flags, service in
            guard let run = try await run(flags + ["--circuit", path, "--backend", "fake_lisbon"]) else { return }
            #expect(run.status == 1, "\(run.output)")
            let errors = run.lines.filter { $0.hasPrefix("error: ") }
            #expect(errors.count == 1)
            let line = try #require(errors.first)
            #expect(line.contains("'h' on qubits [0]") && line.contains("line 5") && line.contains("fake_lisbon"), "\(line)")
            #expect(!run.lines.contains { $0.hasPrefix("job: ") || $0.hasPrefix("status: ") })
            var jobs = 0
            for try await _ in service.jobs(limit: nil) { jobs += 1 }
            #expect(jobs == 0, "nothing was submitted")
        }
    }

    @Test("--circuit with several registers in a --session: one counts[<name>] line per register, in the circuit's order")
    func registersInSession() async throws {
        let path = try circuitFile(Self.registersText)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withPlatformTarget { flags, service in
            guard let run = try await run(flags + ["--circuit", path, "--shots", "64", "--translate", "--session", "--backend", "fake_tallinn"])
            else { return }
            #expect(run.status == 0, "\(run.output)")
            let countLines = run.lines.filter { $0.hasPrefix("counts") }
            #expect(countLines.count == 2)
            #expect(countLines.first?.hasPrefix("counts[a]: ") == true)
            #expect(try json(run, "counts[a]: ") == ["1": 64])
            let b = try #require(try json(run, "counts[b]: ").objectValue)
            #expect(Set(b.map(\.key)).isSubset(of: ["10", "11"]), "b[1] is qubit 2, always 1: \(run.output)")
            #expect(b.map { $0.value.intValue ?? 0 }.reduce(0, +) == 64)
            let line = try #require(run.lines.first { $0.hasPrefix("session: ") })
            var jobs = 0
            for try await job in service.jobs(limit: nil, sessionID: String(line.dropFirst("session: ".count))) {
                #expect(job.programID == "sampler")
                jobs += 1
            }
            #expect(jobs == 1)
        }
    }

    @Test("--observable: an Estimator job; a label gives numbers, an array of observables gives arrays (in a --batch)")
    func estimator() async throws {
        let path = try circuitFile(Self.bellText.replacingOccurrences(of: "c = measure q;\n", with: ""))
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let single = try await run(["--circuit", path, "--translate", "--observable", "XX", "--precision", "0.01"]) else { return }
        #expect(single.status == 0, "\(single.output)")
        let ev = try #require(try json(single, "evs: ").doubleValue)
        #expect(abs(ev - 1) < 1e-6, "⟨XX⟩ of a Bell state is 1 exactly (no shot noise at ±1)")
        #expect(try json(single, "stds: ").doubleValue != nil)

        try await withPlatformTarget { flags, _ in
            guard let run = try await run(flags + ["--circuit", path, "--translate", "--batch", "--precision", "0.01",
                                                   "--observable", #"["ZZ", {"YY": 1, "ZI": 0.5}, "IZ"]"#]) else { return }
            #expect(run.status == 0, "\(run.output)")
            let evs = try #require(try json(run, "evs: ").arrayValue).compactMap(\.doubleValue)
            #expect(evs.count == 3)
            #expect(abs(evs[0] - 1) < 1e-6 && abs(evs[1] + 1) < 0.06 && abs(evs[2]) < 0.06, "\(evs)")
            #expect(try json(run, "stds: ").arrayValue?.count == 3)
            #expect(run.lines.contains { $0.hasPrefix("session: ") })
        }
    }

    @Test("primitive flags: usage errors exit 2; an unreadable file exits 1")
    func primitiveUsage() async throws {
        for (arguments, message) in [
            (["--shots", "5"], "error: --shots needs --circuit"),
            (["--circuit", "x.qasm", "--observable", "ZZ", "--shots", "3"], "error: --shots is for a Sampler job; with --observable use --precision"),
            (["--circuit", "x.qasm", "--precision", "0.1"], "error: --precision needs --observable (an Estimator job)"),
            (["--circuit", "x.qasm", "--program", "sampler"], "error: --program does not go with --circuit (the job is a Sampler or Estimator job)"),
            (["--circuit", "x.qasm", "--shots", "0"], "error: --shots needs a whole number ≥ 1"),
            (["--circuit", "x.qasm", "--observable", "{\"ZZ\": \"one\"}"], "error: --observable: a coefficient is not a number"),
            (["--circuit", "x.qasm", "--translate=yes"], "error: --translate takes no value"),
        ] {
            guard let run = try await run(arguments) else { return }
            #expect(run.status == 2, "\(arguments)")
            #expect(run.lines == [message], "\(arguments)")
        }
        guard let missing = try await run(["--circuit", "/nonexistent/bell.qasm"]) else { return }
        #expect(missing.status == 1)
        #expect(missing.lines.contains { $0.hasPrefix("error: cannot read the circuit file /nonexistent/bell.qasm") }, "\(missing.output)")
    }

    @Test("--help names every flag and exits 0; a usage error exits 2")
    func help() async throws {
        guard let run = try await run(["--help"]) else { return }
        #expect(run.status == 0)
        for flag in ["--url", "--token", "--api-key", "--crn", "--iam-url", "--service-url", "--program", "--backend",
                     "--iterations", "--inputs", "--timeout", "--cancel-after", "--logs", "--list-backends", "--usage",
                     "--session", "--batch", "--circuit", "--shots", "--observable", "--precision", "--translate", "QISKIT_IBM_URL",
                     "QISKIT_IBM_TOKEN", "QISKIT_IBM_API_KEY", "QISKIT_IBM_CRN"] {
            #expect(run.output.contains(flag), "help lacks \(flag)")
        }
        guard let bad = try await self.run(["--inputs", "[1, 2]"]) else { return }
        #expect(bad.status == 2)
        #expect(bad.lines == ["error: --inputs must be a JSON object"])
        guard let noToken = try await self.run([], environment: ["QISKIT_IBM_URL": "http://127.0.0.1:9/api"]) else { return }
        #expect(noToken.status == 2)
        #expect(noToken.lines == ["error: --url needs a token (--token or QISKIT_IBM_TOKEN)"])
        guard let unknown = try await self.run(["--frobnicate"]) else { return }
        #expect(unknown.status == 2)
        #expect(unknown.lines.first?.hasPrefix("error: unknown argument --frobnicate") == true)
    }

    @Test("a misspelt --token: the usage error names the flag and never prints the value")
    func misspeltToken() async throws {
        let canary = "CANARY-TOKEN-" + String(UInt64.random(in: 1 ... .max), radix: 36)
        for arguments in [["--tokn=\(canary)"], ["--tokn", canary], [canary]] {
            guard let run = try await run(arguments) else { return }
            let leaked = run.output.contains("CANARY-TOKEN-")
            #expect(!leaked, "the value appeared in the output")
            // Computed first so that a failure message never shows the output.
            let oneErrorLine = run.lines.count == 1 && run.lines.first?.hasPrefix("error: ") == true
            #expect(run.status == 2)
            #expect(oneErrorLine)
        }
    }

    @Test("--no-interim waits in result() alone, even when every stream is acknowledged and dropped with 1011")
    func noInterim() async throws {
        guard Self.executable != nil else { _ = try await run([]); return }
        var configuration = EmulatorConfiguration(apiToken: "no-interim-token")
        configuration.faults.stream = StreamFaults(dropAfter: 0, dropMode: .close1011)
        let emulator = try await Emulator.start(configuration: configuration)
        let run = try await run([
            "--url", emulator.authURL, "--token", "no-interim-token", "--no-interim", "--timeout", "50",
            "--inputs", #"{"queued_s": 0.05, "interval_s": 0.05}"#,
        ])
        await emulator.shutdown()
        guard let run else { return }
        #expect(run.status == 0, "\(run.output)")
        #expect(run.lines.last == "result: \"All done!\"", "\(run.output)")
        #expect(run.lines.contains("status: DONE"))
        #expect(!run.lines.contains { $0.hasPrefix("interim: ") })
    }

    @Test("text from the service reaches the terminal with its control characters escaped")
    func controlCharactersEscaped() async throws {
        // The emulator echoes the unknown program id in its 404 message, ESC sequences included.
        guard let run = try await run(["--program", "evil\u{1B}[2J\u{1B}]0;owned\u{7}\u{9B}1m", "--no-interim"]) else { return }
        #expect(run.status == 1)
        #expect(!run.output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
        #expect(run.lines.contains { $0.hasPrefix("error: ") && $0.contains("evil\\u{1B}[2J") }, "\(run.output)")
    }
}
