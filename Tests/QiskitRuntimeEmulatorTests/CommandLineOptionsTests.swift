import QiskitRuntime
import Testing
@testable import hello_runtime

/// `hello-runtime`'s argument parsing, without spawning the executable.
@Suite("hello-runtime options")
struct CommandLineOptionsTests {
    func options(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandLineOptions {
        guard case .run(let options) = try CommandLineOptions.parse(arguments, environment: environment) else {
            throw RuntimeError(.invalidConfiguration, "expected options, got help")
        }
        return options
    }

    func usageError(_ arguments: [String], environment: [String: String] = [:]) -> String? {
        do {
            _ = try CommandLineOptions.parse(arguments, environment: environment)
            return nil
        } catch let error as RuntimeError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test("no arguments: the emulator, hello-world with 3 iterations on ibmq_qasm_simulator")
    func defaults() throws {
        let options = try options([])
        #expect(options.target == .emulator)
        #expect(options.program == "hello-world")
        #expect(options.backend == "ibmq_qasm_simulator")
        #expect(options.jobInputs == ["iterations": 3])
        #expect(options.timeout == nil)
        #expect(options.cancelAfter == nil)
        #expect(!options.showLogs)
        #expect(options.secrets.isEmpty)
    }

    @Test("job flags, in both --flag value and --flag=value forms")
    func jobFlags() throws {
        let options = try options([
            "--program", "sampler", "--backend=fake_backend", "--iterations", "7", "--inputs", #"{"shots": 10}"#,
            "--timeout", "1.5", "--cancel-after=0.25", "--logs",
        ])
        #expect(options.program == "sampler")
        #expect(options.backend == "fake_backend")
        #expect(options.jobInputs == ["shots": 10, "iterations": 7])
        #expect(options.timeout == .milliseconds(1500))
        #expect(options.cancelAfter == .milliseconds(250))
        #expect(options.showLogs)
        // No default iterations for another program, and --inputs keeps its own.
        #expect(try self.options(["--program", "sampler"]).jobInputs == [:])
        #expect(try self.options(["--inputs", #"{"iterations": 5}"#]).jobInputs == ["iterations": 5])
    }

    @Test("legacy login from flags or the environment; flags win; the token is a secret")
    func legacy() throws {
        let flags = try options(["--url", "http://h/api", "--token", "t1"])
        #expect(flags.target == .legacy(authURL: "http://h/api", token: "t1"))
        #expect(flags.secrets == ["t1"])
        let env = try options([], environment: ["QISKIT_IBM_URL": "http://e/api", "QISKIT_IBM_TOKEN": "t2"])
        #expect(env.target == .legacy(authURL: "http://e/api", token: "t2"))
        let mixed = try options(["--token", "t3"], environment: ["QISKIT_IBM_URL": "http://e/api", "QISKIT_IBM_TOKEN": "t2"])
        #expect(mixed.target == .legacy(authURL: "http://e/api", token: "t3"))
        let tokenOnly = try options(["--token", "t4"])
        #expect(tokenOnly.target == .legacy(authURL: CommandLineOptions.defaultAuthURL, token: "t4"))
    }

    @Test("IBM Cloud from --api-key and --crn (or the environment) with optional URLs")
    func ibmCloud() throws {
        let flags = try options(["--api-key", "k", "--crn", "crn:v1:x", "--iam-url", "http://iam", "--service-url", "http://svc"])
        #expect(flags.target == .ibmCloud(apiKey: "k", crn: "crn:v1:x", iamURL: "http://iam", serviceURL: "http://svc"))
        #expect(flags.secrets == ["k"])
        let env = try options([], environment: ["QISKIT_IBM_API_KEY": "k2", "QISKIT_IBM_CRN": "crn:v1:y"])
        #expect(env.target == .ibmCloud(apiKey: "k2", crn: "crn:v1:y", iamURL: nil, serviceURL: nil))
    }

    @Test("platform flags: --list-backends, --usage, --session and --batch")
    func platformFlags() throws {
        let defaults = try options([])
        #expect(!defaults.usesPlatformAPI && defaults.runsJob && defaults.sessionKind == nil && !defaults.backendGiven)
        let listing = try options(["--list-backends", "--usage"])
        #expect(listing.listBackends && listing.showUsage)
        #expect(listing.usesPlatformAPI)
        #expect(!listing.runsJob)
        let session = try options(["--session", "--usage", "--backend", "fake_lisbon"])
        #expect(session.sessionKind == .session)
        #expect(session.runsJob)
        #expect(session.backendGiven)
        #expect(try options(["--batch", "--batch"]).sessionKind == .batch)
        let cloud = try options(["--api-key", "k", "--crn", "c", "--list-backends"])
        #expect(cloud.listBackends)
        #expect(usageError(["--session", "--batch"]) == "--session and --batch exclude each other")
        #expect(usageError(["--usage=yes"]) == "--usage takes no value")
        #expect(usageError(["--token", "t", "--session"])?.hasPrefix("--list-backends, --usage, --session, --batch and --circuit need today's platform") == true)
    }

    @Test("primitive flags: --circuit with --shots, or --observable (label, Pauli sum, array) with --precision, and --translate")
    func primitiveFlags() throws {
        let sampler = try options(["--circuit", "bell.qasm", "--shots=500", "--translate"])
        #expect(sampler.circuitPath == "bell.qasm")
        #expect(sampler.shots == 500)
        #expect(sampler.translate)
        #expect(sampler.observables == nil)
        #expect(sampler.usesPlatformAPI && sampler.runsJob)
        #expect(try options(["--circuit", "c", "--observable", "ZZ"]).observables == "ZZ")
        let sum = try options(["--circuit", "c", "--observable", #"{"ZZ": 1, "XI": -0.5}"#, "--precision", "0.01"])
        #expect(sum.observables == ["ZZ": 1.0, "XI": -0.5])
        #expect(sum.precision == 0.01)
        let array = try #require(try options(["--circuit", "c", "--observable", #"["ZZ", {"XX": 2}]"#]).observables)
        #expect(array.shape == [2])
        #expect(array.observables == ["ZZ", ["XX": 2.0]])
        #expect(try options(["--circuit", "c", "--list-backends"]).runsJob)
        #expect(usageError(["--translate"]) == "--translate needs --circuit")
        #expect(usageError(["--observable", "ZZ"]) == "--observable needs --circuit")
        #expect(usageError(["--circuit", "c", "--observable", "[]"]) == "--observable: the array is empty")
        #expect(usageError(["--circuit", "c", "--observable", "[1]"])?.hasPrefix("--observable: each observable is") == true)
        #expect(usageError(["--circuit", "c", "--observable", "{"])?.hasPrefix("--observable is not valid JSON") == true)
        #expect(usageError(["--circuit", "c", "--precision", "-1", "--observable", "Z"]) == "--precision needs a number > 0")
        #expect(usageError(["--circuit", "c", "--inputs", "{}"]) == "--inputs does not go with --circuit (the job is a Sampler or Estimator job)")
        #expect(usageError(["--token", "t", "--circuit", "c"])?.hasSuffix("need today's platform (--api-key and --crn, or the built-in emulator)") == true)
    }

    @Test("usage errors")
    func usageErrors() {
        #expect(usageError(["--inputs", "[1]"]) == "--inputs must be a JSON object")
        #expect(usageError(["--inputs", "{"])?.hasPrefix("--inputs is not valid JSON") == true)
        #expect(usageError(["--iterations", "-1"])?.hasPrefix("--iterations needs a whole number") == true)
        #expect(usageError(["--timeout", "soon"])?.hasPrefix("--timeout needs a number of seconds") == true)
        #expect(usageError(["--timeout", "nan"])?.hasPrefix("--timeout needs a number of seconds") == true)
        #expect(usageError(["--program"]) == "--program needs a value")
        #expect(usageError(["--logs=yes"]) == "--logs takes no value")
        #expect(usageError(["--url", "http://h/api"]) == "--url needs a token (--token or QISKIT_IBM_TOKEN)")
        #expect(usageError(["--api-key", "k"]) == "--api-key and --crn go together")
        #expect(usageError(["--service-url", "http://svc"]) == "--iam-url and --service-url need --api-key and --crn")
        #expect(usageError(["extra"]) == "unexpected argument number 1 (see --help)")
        #expect(usageError(["--help", "--bogus"]) == nil, "--help wins when it comes first")
        #expect(usageError(["--no-interim=yes"]) == "--no-interim takes no value")
    }

    @Test("usage errors name the flag, never a value (a misspelt --token must not print the token)")
    func usageErrorsHideValues() {
        let secret = "S3CRET-value"
        let cases: [([String], String)] = [
            (["--tokn=\(secret)"], "unknown argument --tokn (see --help)"),
            (["--tokn", secret], "unknown argument --tokn (see --help)"),
            (["--program", "p", secret], "unexpected argument number 3 (see --help)"),
            (["-t\(secret)"], "unexpected argument number 1 (see --help)"),
            (["-x"], "unknown argument -x (see --help)"),
            (["--iterations", secret], "--iterations needs a whole number ≥ 0"),
            (["--timeout", secret], "--timeout needs a number of seconds ≥ 0"),
            (["--cancel-after=\(secret)"], "--cancel-after needs a number of seconds ≥ 0"),
            (["--inputs", secret], "--inputs is not valid JSON (at byte 0)"),
        ]
        for (arguments, expected) in cases {
            let message = usageError(arguments)
            #expect(message == expected)
            #expect(message?.contains("S3CRET") == false)
        }
    }

    @Test("--no-interim")
    func noInterim() throws {
        #expect(try options([]).readInterim)
        #expect(try options(["--no-interim"]).readInterim == false)
    }

    @Test("control characters from the service are printed as escapes, tab excepted")
    func controlCharacters() {
        #expect(ConsoleOutput.escapingControls("plain\ttext é") == "plain\ttext é")
        #expect(ConsoleOutput.escapingControls("a\u{1B}[2Jb\u{9B}31mc\u{7F}\r\nd\u{0}") == "a\\u{1B}[2Jb\\u{9B}31mc\\u{7F}\\u{D}\\u{A}d\\u{0}")
    }

    @Test("error messages are flattened to one line")
    func oneLine() {
        #expect(ConsoleOutput.oneLine("Job x has failed:\nTraceback\n  line\n") == "Job x has failed: Traceback   line")
    }
}
