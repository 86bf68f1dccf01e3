import QiskitRuntime
import QuantumCircuits

/// The options of `hello-runtime`, parsed by hand from the arguments and the environment.
struct CommandLineOptions: Sendable, Equatable {
    /// Which service the command talks to.
    enum Target: Sendable, Equatable {
        /// An emulator started in this process.
        case emulator
        /// Another deployment through the legacy login flow.
        case legacy(authURL: String, token: String)
        /// The IBM Cloud API (API key and instance CRN).
        case ibmCloud(apiKey: String, crn: String, iamURL: String?, serviceURL: String?)
    }

    /// What the arguments ask for.
    enum Command: Sendable, Equatable {
        case help
        case run(CommandLineOptions)
    }

    /// The kind of session `--session` or `--batch` runs the job in.
    enum SessionKind: Sendable, Equatable {
        case session
        case batch
    }

    static let defaultAuthURL = "https://auth.quantum-computing.ibm.com/api"

    var target: Target = .emulator
    var program = "hello-world"
    var backend = "ibmq_qasm_simulator"
    /// Whether `--backend` was given; on today's platform the least busy backend is used otherwise.
    var backendGiven = false
    var iterations: Int?
    var inputs: RuntimeValue = [:]
    var timeout: Duration?
    var cancelAfter: Duration?
    var showLogs = false
    /// Whether interim results are read and printed (`--no-interim` turns it off: the command
    /// then only waits for the result, as a service that needs nothing else does).
    var readInterim = true
    /// `--list-backends`: print one line per backend.
    var listBackends = false
    /// `--usage`: print the instance's usage.
    var showUsage = false
    /// `--session` or `--batch`: run the job in one, closed at the end.
    var sessionKind: SessionKind?
    /// `--circuit`: the OpenQASM 3 file of a Sampler job (or an Estimator job with `--observable`).
    var circuitPath: String?
    /// `--shots`: the Sampler's shots.
    var shots: Int?
    /// `--observable`: the Estimator's observables (one Pauli sum, or a 1-D array of them).
    var observables: ObservableArray?
    /// `--precision`: the Estimator's target precision.
    var precision: Double?
    /// `--translate`: translate the circuit into the backend's native gates before submitting.
    var translate = false

    /// Whether the options need today's platform API (backends, usage, sessions, primitives): the
    /// built-in emulator then serves its v1 API.
    var usesPlatformAPI: Bool { listBackends || showUsage || sessionKind != nil || circuitPath != nil }

    /// Whether a job is run: always, except when only `--list-backends` or `--usage` is asked for.
    var runsJob: Bool { sessionKind != nil || circuitPath != nil || !(listBackends || showUsage) }

    /// The inputs sent with the job: `--inputs`, then `--iterations` (3 by default for
    /// `hello-world` when neither names it).
    var jobInputs: RuntimeValue {
        guard case .object(var object) = inputs else { return inputs }
        if let iterations {
            object["iterations"] = .integer(Int64(iterations))
        } else if program == "hello-world", object["iterations"] == nil {
            object["iterations"] = 3
        }
        return .object(object)
    }

    /// The secrets the output must never show.
    var secrets: [String] {
        switch target {
        case .emulator: return []
        case .legacy(_, let token): return [token]
        case .ibmCloud(let apiKey, _, _, _): return [apiKey]
        }
    }

    /// Parses `arguments` (without the program name); the environment supplies
    /// `QISKIT_IBM_URL`, `QISKIT_IBM_TOKEN`, `QISKIT_IBM_API_KEY` and `QISKIT_IBM_CRN`, which the
    /// flags override. Throws ``RuntimeError/Code/invalidConfiguration`` on a usage error.
    static func parse(_ arguments: [String], environment: [String: String]) throws -> Command {
        var options = CommandLineOptions()
        var url = environment["QISKIT_IBM_URL"].flatMap(nonEmpty)
        var token = environment["QISKIT_IBM_TOKEN"].flatMap(nonEmpty)
        var apiKey = environment["QISKIT_IBM_API_KEY"].flatMap(nonEmpty)
        var crn = environment["QISKIT_IBM_CRN"].flatMap(nonEmpty)
        var iamURL: String?
        var serviceURL: String?

        var index = 0
        // Usage errors name the flag, never a value: a value may be a credential typed into the
        // wrong flag (`--tokn=SECRET`).
        func value(_ flag: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw usage("\(flag) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            // `--flag=value` is accepted as well as `--flag value`.
            var flag = argument
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                flag = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            func next() throws -> String {
                if let inline { return inline }
                return try value(flag)
            }
            switch flag {
            case "-h", "--help": return .help
            case "--url": url = try next()
            case "--token": token = try next()
            case "--api-key": apiKey = try next()
            case "--crn": crn = try next()
            case "--iam-url": iamURL = try next()
            case "--service-url": serviceURL = try next()
            case "--program": options.program = try next()
            case "--backend":
                options.backend = try next()
                options.backendGiven = true
            case "--iterations":
                let text = try next()
                guard let count = Int(text), count >= 0 else {
                    throw usage("--iterations needs a whole number ≥ 0")
                }
                options.iterations = count
            case "--inputs":
                let text = try next()
                let value: RuntimeValue
                do {
                    value = try RuntimeValue(validatingJSON: text)
                } catch let error as RuntimeError {
                    throw usage("--inputs is not valid JSON" + (error.offset.map { " (at byte \($0))" } ?? ""))
                } catch {
                    throw usage("--inputs is not valid JSON")
                }
                guard case .object = value else { throw usage("--inputs must be a JSON object") }
                options.inputs = value
            case "--circuit": options.circuitPath = try next()
            case "--shots":
                let text = try next()
                guard let count = Int(text), count > 0 else { throw usage("--shots needs a whole number ≥ 1") }
                options.shots = count
            case "--observable": options.observables = try observables(try next())
            case "--precision":
                let text = try next()
                guard let value = Double(text), value.isFinite, value > 0 else { throw usage("--precision needs a number > 0") }
                options.precision = value
            case "--timeout": options.timeout = try seconds(try next(), flag: flag)
            case "--cancel-after": options.cancelAfter = try seconds(try next(), flag: flag)
            case "--logs", "--list-backends", "--usage", "--session", "--batch", "--translate", "--no-interim":
                guard inline == nil else { throw usage("\(flag) takes no value") }
                switch flag {
                case "--logs": options.showLogs = true
                case "--translate": options.translate = true
                case "--list-backends": options.listBackends = true
                case "--usage": options.showUsage = true
                case "--no-interim": options.readInterim = false
                default:
                    let kind: SessionKind = flag == "--session" ? .session : .batch
                    if let other = options.sessionKind, other != kind { throw usage("--session and --batch exclude each other") }
                    options.sessionKind = kind
                }
            default:
                throw usage(unknown(argument, position: index + 1))
            }
            index += 1
        }

        if apiKey != nil || crn != nil {
            guard let apiKey, let crn else { throw usage("--api-key and --crn go together") }
            options.target = .ibmCloud(apiKey: apiKey, crn: crn, iamURL: iamURL, serviceURL: serviceURL)
        } else if let token {
            options.target = .legacy(authURL: url ?? defaultAuthURL, token: token)
        } else if url != nil {
            throw usage("--url needs a token (--token or QISKIT_IBM_TOKEN)")
        } else if iamURL != nil || serviceURL != nil {
            throw usage("--iam-url and --service-url need --api-key and --crn")
        }
        try options.checkPrimitiveFlags(arguments)
        if case .legacy = options.target, options.usesPlatformAPI {
            throw usage(
                "--list-backends, --usage, --session, --batch and --circuit need today's platform (--api-key and --crn, or the built-in emulator)")
        }
        return .run(options)
    }

    /// The primitive flags go with `--circuit`, `--shots` with a Sampler job only, `--precision`
    /// with an Estimator job only; a primitive job has no program, inputs or iterations.
    private func checkPrimitiveFlags(_ arguments: [String]) throws {
        func given(_ flag: String) -> Bool { arguments.contains { $0 == flag || $0.hasPrefix(flag + "=") } }
        guard circuitPath != nil else {
            if let flag = ["--shots", "--observable", "--precision", "--translate"].first(where: given) {
                throw Self.usage("\(flag) needs --circuit")
            }
            return
        }
        if observables != nil, shots != nil { throw Self.usage("--shots is for a Sampler job; with --observable use --precision") }
        if observables == nil, precision != nil { throw Self.usage("--precision needs --observable (an Estimator job)") }
        if let flag = ["--program", "--inputs", "--iterations"].first(where: given) {
            throw Self.usage("\(flag) does not go with --circuit (the job is a Sampler or Estimator job)")
        }
    }

    /// `--observable`: a Pauli label (`ZZ`), a JSON Pauli sum (`{"ZZ": 1, "XI": -0.5}`), or a JSON
    /// array of labels and sums (evs and stds are then arrays).
    static func observables(_ text: String) throws -> ObservableArray {
        let trimmed = text.drop { $0 == " " }
        guard trimmed.first == "{" || trimmed.first == "[" else {
            guard !trimmed.isEmpty else { throw usage("--observable needs a Pauli label or a JSON Pauli sum") }
            return ObservableArray(PauliSum(stringLiteral: String(trimmed)))
        }
        let value: RuntimeValue
        do {
            value = try RuntimeValue(validatingJSON: String(trimmed))
        } catch let error as RuntimeError {
            throw usage("--observable is not valid JSON" + (error.offset.map { " (at byte \($0))" } ?? ""))
        } catch {
            throw usage("--observable is not valid JSON")
        }
        func sum(_ value: RuntimeValue) throws -> PauliSum {
            if let label = value.stringValue { return PauliSum(stringLiteral: label) }
            guard let object = value.objectValue else {
                throw usage("--observable: each observable is a Pauli label or an object of label → coefficient")
            }
            var terms: [(String, Double)] = []
            for (label, coefficient) in object {
                guard let number = coefficient.doubleValue else { throw usage("--observable: a coefficient is not a number") }
                terms.append((label, number))
            }
            return PauliSum(terms)
        }
        if let items = value.arrayValue {
            guard !items.isEmpty else { throw usage("--observable: the array is empty") }
            return ObservableArray(try items.map(sum))
        }
        return ObservableArray(try sum(value))
    }

    private static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

    /// The usage error for an argument that is not an option: the flag's name when it looks like
    /// one (`--name`, the part before any `=`, or a two-character `-x`), its position otherwise.
    /// Never the text after a `=`, nor an argument that is no flag: either may be a secret.
    static func unknown(_ argument: String, position: Int) -> String {
        if argument.hasPrefix("--") {
            let name = argument.prefix { $0 != "=" }
            if name.count > 2, name.count <= 40, name.dropFirst(2).allSatisfy(Self.isFlagCharacter) {
                return "unknown argument \(name) (see --help)"
            }
        } else if argument.count == 2, argument.hasPrefix("-"), argument.last.map(Self.isFlagCharacter) == true {
            return "unknown argument \(argument) (see --help)"
        }
        return "unexpected argument number \(position) (see --help)"
    }

    private static func isFlagCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "-")
    }

    private static func seconds(_ text: String, flag: String) throws -> Duration {
        guard let value = Double(text), value.isFinite, value >= 0, value <= 1_000_000_000 else {
            throw usage("\(flag) needs a number of seconds ≥ 0")
        }
        return .milliseconds(Int64((value * 1000).rounded()))
    }

    static func usage(_ message: String) -> RuntimeError {
        RuntimeError(.invalidConfiguration, message)
    }

    /// The text of `--help`.
    static let helpText = """
        hello-runtime: run a Qiskit Runtime program and print its status changes and result.

        Usage: hello-runtime [options]

        With no options it starts the local emulator in this process (127.0.0.1, ephemeral port),
        logs in to it with the legacy token flow, runs `hello-world` with 3 iterations on
        `ibmq_qasm_simulator`, and prints:
          status: <STATUS>        one line per status change (QUEUED, RUNNING, DONE, ...)
          interim: <JSON>         each interim result, when the SDK streams them
          log: <line>             the job's log lines (with --logs)
          result: <JSON>          the final result, e.g. result: "All done!"
        On a terminal the status is one line redrawn in place; otherwise every change is a line.

        With --list-backends, --usage, --session, --batch or --circuit, the in-process emulator serves
        today's IBM Quantum Platform API (/api/v1, IBM Cloud IAM): it has backends, usage, sessions
        and the Sampler and Estimator programs, and no interim-result stream.

        Service (default: the in-process emulator):
          --url <auth API base>   legacy login flow against another deployment
                                  (default https://auth.quantum-computing.ibm.com/api when only a
                                  token is given); env QISKIT_IBM_URL
          --token <API token>     the API token of that deployment; env QISKIT_IBM_TOKEN
          --api-key <key>         IBM Cloud API key (with --crn: today's IBM Quantum Platform);
                                  env QISKIT_IBM_API_KEY
          --crn <instance CRN>    IBM Cloud service instance CRN; env QISKIT_IBM_CRN
          --iam-url <URL>         IBM Cloud IAM base (default https://iam.cloud.ibm.com)
          --service-url <URL>     runtime API base (default: from the CRN's region)
        Flags override the environment. Credentials are never printed.

        Job:
          --program <id>          program id (default hello-world; the emulator also has
                                  sampler, failing-program, long-running)
          --backend <name>        backend (default ibmq_qasm_simulator; on today's platform the
                                  least busy one)
          --iterations <N>        sent as input `iterations` (default 3 for hello-world)
          --inputs <JSON>         program inputs, a JSON object (RuntimeEncoder tags allowed);
                                  --iterations is added to it
          --timeout <seconds>     give up waiting after this long (the remote job goes on)
          --cancel-after <sec>    cancel the remote job after this long
          --logs                  print the job's logs once it has finished
          --no-interim            do not read interim results: only wait for the result (as a
                                  service that needs nothing else does; no status lines before
                                  the final one)
          --session               run the job in a session (printed as session: <id> before the
                                  first status); the session is closed at the end, whatever happens
          --batch                 the same in a batch

        Primitives (today's API; the built-in emulator simulates the circuit):
          --circuit <file>        an OpenQASM 3 file: run a Sampler job and print one line per
                                  classical register, in the circuit's order:
                                    counts: {"00": 507, "11": 493}
                                  bitstring → count, keys sorted, each bitstring in the register's
                                  bit order (most significant first, as qiskit's get_counts). With
                                  several registers each line names its register: counts[c]: {...}
          --shots <N>             the Sampler's shots (default: the service's, 4096)
          --observable <obs>      run an Estimator job instead: a Pauli label (ZZ, rightmost
                                  character on qubit 0), a JSON Pauli sum {"ZZ": 1, "XI": -0.5},
                                  or a JSON array of those; prints
                                    evs: <number, or array for an array of observables>
                                    stds: <the same shape>
          --precision <p>         the Estimator's target precision (default: the service's)
          --translate             translate the circuit into the backend's native gates first,
                                  on a chain of coupled qubits (printed as layout: [...], virtual
                                  qubit k on physical qubit layout[k]); observables are moved
                                  onto the same qubits. Without it the circuit must already fit
                                  the backend: a gate outside its basis, a qubit off the device or
                                  a two-qubit gate on uncoupled qubits is `error: …` naming the
                                  gate and its qubits, exit 1, and no job is submitted.
        The backend is --backend or the least busy one; --session and --batch work as for any job.

        Platform (today's API):
          --list-backends         print one line per backend, then exit (unless --session/--batch):
                                  backend: <name> qubits=<N> queue=<N> status=<status>
          --usage                 print the instance's usage as usage: <JSON>, then exit (unless
                                  --session/--batch)

          -h, --help              this text

        Exit status and errors:
          0  the job completed and its result (or counts, or evs and stds) was printed
          1  the job failed, was cancelled, timed out, or the service refused or failed; the
             circuit does not fit the backend or cannot be read or translated (nothing submitted)
          2  the arguments are wrong
        On failure one line `error: <message>` is printed on standard output (like every other
        line, so the whole story is in one stream): `error: Job <id> has failed: <traceback>` for a
        failed job, a message containing `timed out` for a timeout, `cancelled` for a cancelled
        job, and the login failure for a refused token. A usage error names the flag, never its
        value. Control characters in text from the service (other than tab) are printed as
        `\u{1B}`-style escapes, so a server cannot drive the terminal.
        """
}
