/// The command line of `runtime-bench`, parsed by hand.
///
/// ```
/// runtime-bench [--quick] [--only KEY,KEY…] [--runs N] [--url URL]
///               [--decode-mb N] [--json-mb N] [--streams N,N…]
/// runtime-bench serve [--port N] [--commands] [--chaos SEED]
/// runtime-bench one-job --url URL
/// runtime-bench fetch-probe --url URL
/// runtime-bench simulate --circuit NAME [--shots N] [--runs N] [--threads N] [--estimator] [--block N]
/// runtime-bench --help
/// ```
struct BenchOptions: Sendable {
    enum Mode: Sendable, Equatable {
        case measure
        case serve(port: Int, commands: Bool, chaosSeed: UInt64?)
        case oneJob(url: String)
        case fetchProbe(url: String)
        case simulate(SimulateCommand.Request)
        case help
    }

    var mode: Mode = .measure
    /// Smaller sizes and fewer runs; the whole run takes under a minute.
    var quick = false
    /// The figure keys to measure (short names without the unit suffix are accepted); nil for all.
    var only: Set<String>? = nil
    /// Repetitions per figure; nil for the figure's default (fewer under `--quick`).
    var runs: Int? = nil
    /// An emulator already running; nil to start one as a child process.
    var url: String? = nil
    /// Size of the `decode_mb_per_s` payload in MB (10^6 bytes) of JSON text.
    var decodeMB: Double? = nil
    /// Size of the `json_parse_mb_per_s` document in MB of JSON text.
    var jsonMB: Double? = nil
    /// Stream counts of `concurrent_streams`.
    var streamCounts: [Int]? = nil

    static let usage = """
        usage: runtime-bench [--quick] [--only KEY,KEY...] [--runs N] [--url URL]
                             [--decode-mb N] [--json-mb N] [--streams N,N...]
               runtime-bench serve [--port N] [--commands] [--chaos SEED]
               runtime-bench one-job --url URL
               runtime-bench fetch-probe --url URL
               runtime-bench simulate --circuit NAME [--shots N] [--runs N] [--threads N] [--estimator] [--block N]
        Prints one JSON object of benchmark figures on stdout; progress goes to stderr.
        Keys: \(FigureRegistry.all.map(\.key).joined(separator: ", "))
        (--only simulate selects every simulate_* key)
        """

    /// Parses the arguments after the executable name.
    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var rest = arguments[...]
        if rest.first == "serve" {
            rest = rest.dropFirst()
            var port = 0
            var commands = false
            var chaosSeed: UInt64?
            while let argument = rest.popFirst() {
                switch argument {
                case "--port": port = try integer(after: argument, &rest, minimum: 0)
                case "--commands": commands = true
                case "--chaos": chaosSeed = UInt64(try integer(after: argument, &rest, minimum: 0))
                case "-h", "--help": return BenchOptions(mode: .help)
                default: throw BenchFailure("serve: unknown argument \(argument)")
                }
            }
            guard port <= 65_535 else { throw BenchFailure("--port must be at most 65535") }
            options.mode = .serve(port: port, commands: commands, chaosSeed: chaosSeed)
            return options
        }
        if rest.first == "fetch-probe" {
            rest = rest.dropFirst()
            guard rest.popFirst() == "--url", let url = rest.popFirst(), rest.isEmpty else {
                throw BenchFailure("usage: runtime-bench fetch-probe --url URL")
            }
            options.mode = .fetchProbe(url: url)
            return options
        }
        if rest.first == "one-job" {
            rest = rest.dropFirst()
            guard rest.popFirst() == "--url", let url = rest.popFirst(), rest.isEmpty else {
                throw BenchFailure("usage: runtime-bench one-job --url URL")
            }
            options.mode = .oneJob(url: url)
            return options
        }
        if rest.first == "simulate" {
            rest = rest.dropFirst()
            var request = SimulateCommand.Request(circuit: "", shots: 1000, runs: 1, threads: 2, estimator: false)
            while let argument = rest.popFirst() {
                switch argument {
                case "--circuit": request.circuit = try value(after: argument, &rest)
                case "--shots": request.shots = try integer(after: argument, &rest, minimum: 0)
                case "--runs": request.runs = try integer(after: argument, &rest, minimum: 1)
                case "--threads": request.threads = try integer(after: argument, &rest, minimum: 1)
                case "--estimator": request.estimator = true
                case "--block": request.blockQubits = try integer(after: argument, &rest, minimum: 2)
                default: throw BenchFailure("simulate: unknown argument \(argument)")
                }
            }
            guard !request.circuit.isEmpty, !request.circuit.contains("/") else {
                throw BenchFailure("simulate needs --circuit NAME (a file of the bench's Circuits)")
            }
            options.mode = .simulate(request)
            return options
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "-h", "--help": options.mode = .help
            case "--quick": options.quick = true
            case "--only":
                let keys = try value(after: argument, &rest).split(separator: ",").map { String($0) }
                var selected = Set<String>()
                for key in keys {
                    let figures = FigureRegistry.figures(named: key)
                    guard !figures.isEmpty else { throw BenchFailure("--only: unknown figure \(key)") }
                    for figure in figures { selected.insert(figure.key) }
                }
                options.only = selected
            case "--runs": options.runs = try integer(after: argument, &rest, minimum: 1)
            case "--url": options.url = try value(after: argument, &rest)
            case "--decode-mb": options.decodeMB = try megabytes(after: argument, &rest)
            case "--json-mb": options.jsonMB = try megabytes(after: argument, &rest)
            case "--streams":
                options.streamCounts = try value(after: argument, &rest).split(separator: ",").map {
                    guard let count = Int($0), count > 0 else { throw BenchFailure("--streams: bad count \($0)") }
                    return count
                }
            default: throw BenchFailure("unknown argument \(argument)")
            }
        }
        return options
    }

    /// Whether the figure with this key is selected.
    func selects(_ key: String) -> Bool {
        only?.contains(key) ?? true
    }

    /// The number of runs for a figure whose defaults are `full` and `quick`.
    func runs(full: Int, quick quickRuns: Int) -> Int {
        runs ?? (quick ? quickRuns : full)
    }

    private static func value(after flag: String, _ rest: inout ArraySlice<String>) throws -> String {
        guard let value = rest.popFirst() else { throw BenchFailure("\(flag) needs a value") }
        return value
    }

    private static func integer(after flag: String, _ rest: inout ArraySlice<String>, minimum: Int) throws -> Int {
        let text = try value(after: flag, &rest)
        guard let number = Int(text), number >= minimum else {
            throw BenchFailure("\(flag) needs an integer >= \(minimum), got \(text)")
        }
        return number
    }

    private static func megabytes(after flag: String, _ rest: inout ArraySlice<String>) throws -> Double {
        let text = try value(after: flag, &rest)
        guard let number = Double(text), number > 0, number <= 2_000 else {
            throw BenchFailure("\(flag) needs a size in MB between 0 and 2000, got \(text)")
        }
        return number
    }
}
