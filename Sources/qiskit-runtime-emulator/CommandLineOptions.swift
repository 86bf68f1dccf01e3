import QiskitRuntimeEmulator

/// The emulator's command line, parsed by hand (no argument-parser package).
struct CommandLineOptions {
    var host = "127.0.0.1"
    var port = 0
    var showHelp = false
    /// `--print-backends`: write the backend catalog (JSON) to stdout and exit.
    var printBackends = false
    var configuration = EmulatorConfiguration()
    /// Whether `--token` was given (otherwise the token is a fresh random secret).
    var tokenGiven = false
    /// Whether `--api-key` was given (otherwise the v1 API key is a fresh random secret).
    var apiKeyGiven = false

    static let usage = """
    Usage: qiskit-runtime-emulator [options]

    Serves an emulated Qiskit Runtime service: the legacy API (/api login and discovery, /runtime
    REST API, websocket result streams on /runtime/stream/jobs/{id}) and today's IBM Quantum
    Platform (IAM on /identity/token, the v1 API on /api/v1: backends, sessions, usage, jobs).
    The first line written to stdout is the bound base URL, such as http://127.0.0.1:50123; then
    one "name: value" line each for the credentials:
      token: <the API token POST /api/users/loginWithToken accepts>
      api-key: <the key POST /identity/token accepts>
      crn: <the instance CRN the v1 API expects in Service-CRN>
    The token and API key are fresh random secrets unless --token / --api-key are given.
    Point a legacy client at BASE/api, a v1 client at BASE/api/v1 with IAM at BASE.
    SIGINT or SIGTERM shuts it down cleanly (exit status 0).

    Options (also accepted as --name=value):
      --help                       show this text and exit
      --host ADDRESS               address to listen on (default 127.0.0.1); an address that is
                                   not loopback needs --token
      --port N                     port; 0 picks a free ephemeral port (default 0)
      --token TOKEN                API token POST /api/users/loginWithToken accepts
                                   (default: a random one, printed after the URL)
      --access-token TOKEN         an access token accepted without logging in (repeatable)
      --public-url URL             base URL announced by GET /api/users/me (default: from Host)
      --queued-s SECONDS           default time a job stays QUEUED (default 0.5)
      --interval-s SECONDS         default time between interim results (default 0.5)
      --interim-count N            default number of interim results (default 5)
      --max-execution-s SECONDS    long-running's cut-off (default 3)
      --seed N                     seed of ids, issued tokens and samples, for reproducible
                                   runs (default: random; issued tokens from the system CSPRNG)
      --stream-buffer N            events buffered per stream before it is closed with 1011
                                   (default 1024)
      --final-result-in-stream     also send a completed job's result as the last stream frame
      --max-connections N          connections served at once, streams included (default 16384,
                                   lowered to the open-file limit minus a reserve)

    Limits (see "Limits and hostile peers" in Docs/Emulator.md):
      --max-interim-results N      interim results one job may ask for (default 100000)
      --max-interim-padding N      interim_padding characters one job may ask for (default 1000000)
      --max-interim-bytes N        bytes of interim results one job may publish (default 268435456)
      --max-final-jobs N           final jobs kept; older ones are evicted (default 10000)
      --max-retained-bytes N       bytes all kept jobs may hold (default 1073741824)
      --header-timeout-s SECONDS   time for a request head to arrive (default 30)
      --idle-timeout-s SECONDS     keep-alive idle time between requests (default 60)
      --request-timeout-s SECONDS  time for a whole request to arrive (default 120)
      --write-timeout-s SECONDS    time for a peer to take one write of a response (default 60)

    Today's platform (v1 API):
      --api-key KEY                API key POST /identity/token accepts (default: random)
      --crn CRN                    instance CRN of Service-CRN (default crn:v1:bluemix:public:
                                   quantum-computing:us-east:a/emulator:emulator-instance::)
      --token-lifetime-s SECONDS   lifetime of IAM access tokens (default 3600)
      --backends FILE              load the backend catalog from FILE (JSON: {"backends": [{
                                   "configuration": {...}, "properties": {...}, "status": {...},
                                   "class": "mock", "accept_any_gates": false}]}); default: the
                                   built-in fake_tallinn, fake_lisbon and fake_bergen
      --print-backends             print the backend catalog as such a file and exit
      --open-plan                  an Open Plan instance: dedicated sessions refused (code 1352)
      --usage-limit-s SECONDS      the instance's usage limit (run time of its jobs); at the
                                   limit jobs are refused (code 4317); default none
      --session-max-ttl-s SECONDS  longest session or batch after it became active (default 28800)
      --session-interactive-ttl-s SECONDS
                                   how long a session stays active after a job (default 60)

    Sampler and Estimator jobs (v1 programs sampler and estimator, run on a statevector simulator):
      --noise                      add noise from each backend's calibration: readout errors flip
                                   measured bits, gate errors insert random Paulis (default: none)
      --max-qubits N               most qubits a circuit may act on (1...30, default 26; a
                                   statevector takes 16 x 2^N bytes)
      --accept-any-gates           every backend of the catalog accepts any gate (no ISA check,
                                   code 1517), for circuits written with stdgates

    Fault injection (TRIGGER: next=N | every=N | rate=P[,seed=S]; default every=1, i.e. always;
    ENDPOINT: an endpoint name such as getJob, jobResults, submitJob, stream, or * for all):
      --fault-http ENDPOINT:STATUS[:TRIGGER]       answer STATUS (5xx) with an error body
      --fault-429 ENDPOINT:RETRY_AFTER[:TRIGGER]   answer 429 with Retry-After: RETRY_AFTER
      --fault-service-error ENDPOINT:STATUS,CODE[,RETRY_AFTER][:TRIGGER]
                                   answer STATUS with service error CODE (such as 429,4317)
      --fault-delay-ms ENDPOINT:MS[:TRIGGER]       answer after MS milliseconds
      --fault-malformed-body ENDPOINT[:TRIGGER]    answer with a cut (invalid JSON) body
      --fault-ws-drop-after N      drop every stream after N interim-result frames
      --fault-ws-drop-mode MODE    1011 (close frame, default) or abrupt (no close frame)
      --fault-malformed-frames[=KIND]
                                   send interim results as malformed frames; KIND is
                                   invalid_utf8 (default), reserved_opcode or truncated_json
    Endpoints: \(EmulatorEndpoint.allCases.map(\.rawValue).joined(separator: ", "))
    """

    /// Parses the arguments (without the program name).
    static func parse(_ arguments: [String]) throws(UsageError) -> CommandLineOptions {
        var options = CommandLineOptions()
        var timing = EmulatorTiming()
        var index = 0
        var acceptAnyGates = false
        while index < arguments.count {
            var name = arguments[index]
            var inlineValue: String?
            index += 1
            guard name.hasPrefix("--") else { throw UsageError("unexpected argument '\(name)'") }
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            func value() throws(UsageError) -> String {
                if let inlineValue { return inlineValue }
                guard index < arguments.count else { throw UsageError("\(name) needs a value") }
                defer { index += 1 }
                return arguments[index]
            }
            switch name {
            case "--help", "-h":
                options.showHelp = true
            case "--host":
                options.host = try value()
            case "--port":
                options.port = try integer(try value(), name, 0...65535)
            case "--token":
                options.configuration.apiToken = try nonEmpty(try value(), name)
                options.tokenGiven = true
            case "--access-token":
                options.configuration.accessTokens.insert(try nonEmpty(try value(), name))
            case "--public-url":
                options.configuration.publicBaseURL = try nonEmpty(try value(), name)
            case "--queued-s":
                timing.queued = try seconds(try value(), name)
            case "--interval-s":
                timing.interval = try seconds(try value(), name)
            case "--interim-count":
                timing.interimCount = try integer(try value(), name, 0...100_000)
            case "--max-execution-s":
                timing.maxExecutionTime = try seconds(try value(), name)
            case "--seed":
                guard let seed = UInt64(try value()) else { throw UsageError("\(name) needs an unsigned integer") }
                options.configuration.seed = seed
            case "--stream-buffer":
                options.configuration.streamBufferLimit = try integer(try value(), name, 1...1_000_000)
            case "--final-result-in-stream":
                options.configuration.finalResultInStream = true
            case "--max-connections":
                options.configuration.maxConnections = try integer(try value(), name, 1...1_000_000)
            case "--api-key":
                options.configuration.iamAPIKey = try nonEmpty(try value(), name)
                options.apiKeyGiven = true
            case "--crn":
                let crn = try nonEmpty(try value(), name)
                guard crn.hasPrefix("crn:") else { throw UsageError("\(name) must be a CRN (crn:v1:…), not '\(crn)'") }
                options.configuration.instanceCRN = crn
            case "--token-lifetime-s":
                options.configuration.iamTokenLifetime = try seconds(try value(), name)
            case "--backends":
                let path = try nonEmpty(try value(), name)
                do {
                    options.configuration.platform.backends = try BackendCatalog(contentsOfFile: path)
                } catch {
                    throw UsageError("\(name) \(path): \(error)")
                }
            case "--print-backends":
                options.printBackends = true
            case "--open-plan":
                options.configuration.platform.openPlan = true
            case "--usage-limit-s":
                options.configuration.platform.usageLimit = try seconds(try value(), name)
            case "--session-max-ttl-s":
                options.configuration.platform.sessionMaxTTL = try seconds(try value(), name)
            case "--session-interactive-ttl-s":
                options.configuration.platform.sessionInteractiveTTL = try seconds(try value(), name)
            case "--noise":
                options.configuration.platform.simulator.noise = true
            case "--max-qubits":
                options.configuration.platform.simulator.maxQubits = try integer(try value(), name, 1...30)
            case "--accept-any-gates":
                acceptAnyGates = true
            case "--max-interim-results":
                options.configuration.limits.maxInterimResultsPerJob = try integer(try value(), name, 0...100_000_000)
            case "--max-interim-padding":
                options.configuration.limits.maxInterimPadding = try integer(try value(), name, 0...1_000_000_000)
            case "--max-interim-bytes":
                options.configuration.limits.maxInterimBytesPerJob = try integer(try value(), name, 0...(1 << 40))
            case "--max-final-jobs":
                options.configuration.limits.maxRetainedFinalJobs = try integer(try value(), name, 0...100_000_000)
            case "--max-retained-bytes":
                options.configuration.limits.maxRetainedBytes = try integer(try value(), name, 0...(1 << 40))
            case "--header-timeout-s":
                options.configuration.limits.requestHeadTimeout = try timeout(try value(), name)
            case "--idle-timeout-s":
                options.configuration.limits.keepAliveTimeout = try timeout(try value(), name)
            case "--request-timeout-s":
                options.configuration.limits.requestTimeout = try timeout(try value(), name)
            case "--write-timeout-s":
                options.configuration.limits.writeTimeout = try timeout(try value(), name)
            case "--fault-ws-drop-after":
                options.configuration.faults.stream.dropAfter = try integer(try value(), name, 0...1_000_000)
            case "--fault-ws-drop-mode":
                let text = try value()
                guard let mode = WebSocketDropMode(rawValue: text) else {
                    throw UsageError("\(name) must be 1011 or abrupt, not '\(text)'")
                }
                options.configuration.faults.stream.dropMode = mode
            case "--fault-malformed-frames":
                options.configuration.faults.stream.malformedFrames = true
                if let inlineValue {
                    guard let kind = MalformedFrameKind(rawValue: inlineValue) else {
                        throw UsageError("\(name) kind must be invalid_utf8, reserved_opcode or truncated_json")
                    }
                    options.configuration.faults.stream.malformedFrameKind = kind
                }
            case "--fault-http":
                options.configuration.faults.http.append(try httpFault(try value(), name) { text throws(UsageError) in
                    .status(try integer(text, name, 400...599))
                })
            case "--fault-429":
                options.configuration.faults.http.append(try httpFault(try value(), name) { text throws(UsageError) in
                    .rateLimited(retryAfterSeconds: try integer(text, name, 0...86_400))
                })
            case "--fault-service-error":
                options.configuration.faults.http.append(try httpFault(try value(), name) { text throws(UsageError) in
                    let fields = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    guard fields.count == 2 || fields.count == 3 else {
                        throw UsageError("\(name) needs ENDPOINT:STATUS,CODE[,RETRY_AFTER][:TRIGGER]")
                    }
                    let code = try integer(fields[1], name + " code", 0...999_999_999)
                    return .serviceError(
                        status: try integer(fields[0], name + " status", 400...599), code: code,
                        message: "Injected fault: service error \(code).",
                        retryAfterSeconds: try fields.count == 3 ? integer(fields[2], name + " Retry-After", 0...86_400) : nil)
                })
            case "--fault-delay-ms":
                options.configuration.faults.http.append(try httpFault(try value(), name) { text throws(UsageError) in
                    .delay(.milliseconds(try integer(text, name, 0...600_000)))
                })
            case "--fault-malformed-body":
                options.configuration.faults.http.append(try httpFault(try value(), name, effect: nil))
            default:
                throw UsageError("unknown option \(name)")
            }
            if inlineValue != nil, ["--help", "-h", "--final-result-in-stream", "--print-backends", "--open-plan", "--noise",
                                    "--accept-any-gates"].contains(name) {
                throw UsageError("\(name) takes no value")
            }
        }
        options.configuration.timing = timing
        if acceptAnyGates {
            let backends = options.configuration.platform.backends.backends.map { backend in
                var backend = backend
                backend.acceptsAnyGates = true
                return backend
            }
            do {
                options.configuration.platform.backends = try BackendCatalog(backends)
            } catch {
                throw UsageError("--accept-any-gates: \(error)")
            }
        }
        if !options.tokenGiven {
            // Anyone who can reach the port could use a known token: without --token the
            // emulator serves loopback only, with a random token it prints.
            guard Emulator.isLoopback(host: options.host) else {
                throw UsageError(
                    "--host \(options.host) is not a loopback address, so other machines could reach the emulator: "
                        + "give it a secret API token with --token")
            }
            options.configuration.apiToken = EmulatorConfiguration.makeSecret()
        }
        if !options.apiKeyGiven {
            options.configuration.iamAPIKey = EmulatorConfiguration.makeSecret()
        }
        return options
    }

    /// A timeout in seconds: more than 0.
    private static func timeout(_ text: String, _ name: String) throws(UsageError) -> Duration {
        let duration = try seconds(text, name)
        guard duration > .zero else { throw UsageError("\(name) needs a number of seconds above 0, not '\(text)'") }
        return duration
    }

    private static func nonEmpty(_ text: String, _ name: String) throws(UsageError) -> String {
        guard !text.isEmpty else { throw UsageError("\(name) must not be empty") }
        return text
    }

    private static func integer(_ text: String, _ name: String, _ range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("\(name) needs an integer in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
        }
        return value
    }

    private static func seconds(_ text: String, _ name: String) throws(UsageError) -> Duration {
        guard let value = Double(text), value.isFinite, value >= 0, value <= 10_000_000 else {
            throw UsageError("\(name) needs a number of seconds (0...10000000), not '\(text)'")
        }
        return .microseconds(Int64((value * 1_000_000).rounded()))
    }

    /// `ENDPOINT[:VALUE][:TRIGGER]`; `effect` turns VALUE into an effect (nil: malformed body, no VALUE).
    private static func httpFault(
        _ text: String, _ name: String, effect: ((String) throws(UsageError) -> HTTPFault.Effect)?
    ) throws(UsageError) -> HTTPFault {
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty else { throw UsageError("\(name) needs ENDPOINT…") }
        let endpointName = parts.removeFirst()
        let endpoint: EmulatorEndpoint?
        if endpointName == "*" || endpointName == "any" {
            endpoint = nil
        } else if let found = EmulatorEndpoint(rawValue: endpointName) {
            endpoint = found
        } else {
            throw UsageError("\(name): unknown endpoint '\(endpointName)'")
        }
        let resolved: HTTPFault.Effect
        if let effect {
            guard !parts.isEmpty else { throw UsageError("\(name) needs ENDPOINT:VALUE[:TRIGGER]") }
            resolved = try effect(parts.removeFirst())
        } else {
            resolved = .malformedBody
        }
        guard parts.count <= 1 else { throw UsageError("\(name): too many ':' parts in '\(text)'") }
        let trigger = try parts.first.map { text throws(UsageError) in try self.trigger(text, name) } ?? .everyNth(1)
        return HTTPFault(endpoint: endpoint, effect: resolved, trigger: trigger)
    }

    private static func trigger(_ text: String, _ name: String) throws(UsageError) -> HTTPFault.Trigger {
        if text.hasPrefix("next=") {
            return .next(try integer(String(text.dropFirst(5)), name + " next", 1...Int.max))
        }
        if text.hasPrefix("every=") {
            return .everyNth(try integer(String(text.dropFirst(6)), name + " every", 1...Int.max))
        }
        if text.hasPrefix("rate=") {
            let fields = text.dropFirst(5).split(separator: ",", omittingEmptySubsequences: false)
            guard let rate = fields.first.flatMap({ Double($0) }), rate.isFinite, (0...1).contains(rate) else {
                throw UsageError("\(name): rate must be a probability in 0...1")
            }
            var seed: UInt64 = 0
            if fields.count == 2, fields[1].hasPrefix("seed="), let parsed = UInt64(fields[1].dropFirst(5)) {
                seed = parsed
            } else if fields.count != 1 {
                throw UsageError("\(name): expected rate=P or rate=P,seed=S")
            }
            return .random(probability: rate, seed: seed)
        }
        throw UsageError("\(name): trigger must be next=N, every=N or rate=P[,seed=S], not '\(text)'")
    }
}
