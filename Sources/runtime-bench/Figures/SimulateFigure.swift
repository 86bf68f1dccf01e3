import RuntimeWire

/// `simulate_<circuit>_s`: the statevector engine on one benchmark circuit, wall seconds from the
/// parsed circuit to the sampled shots (lowering, compiling, simulating, sampling) or to the exact
/// expectation values, measured in a child process (`runtime-bench simulate …`) so that its peak
/// RSS is the simulation's own.
///
/// Two threads (the pool's default on this machine) give the headline, compared with qiskit-aer's
/// statevector method with both cores on the same circuit file; one thread is measured too. The
/// memory-bandwidth bound is the bytes the engine's passes read and write (2 × 16 bytes per
/// amplitude per pass, plus one read for sampling) divided by the copy bandwidth the bench
/// measures (`CopyBandwidth`).
struct SimulateFigure: BenchFigure {
    /// The Python stack's figures on this machine class (`shared/bench/README.md`), in seconds.
    struct Reference: Sendable {
        var aerTwoThreads: Double
        var aerOneThread: Double
        var numpyStatevector: Double?
    }

    let key: String
    let shortName: String
    let circuit: String
    let shots: Int
    let estimator: Bool
    let reference: Reference

    var target: String { "<= \(reference.aerTwoThreads) (qiskit-aer statevector, 2 threads)" }

    static let all: [SimulateFigure] = [
        SimulateFigure(
            key: "simulate_ghz_20_native_s", shortName: "ghz20", circuit: "ghz_20_native.qasm", shots: 10_000,
            estimator: false, reference: Reference(aerTwoThreads: 0.23, aerOneThread: 0.155, numpyStatevector: 15.3)),
        SimulateFigure(
            key: "simulate_random_20_d20_s", shortName: "random20", circuit: "random_20_d20.qasm", shots: 1_000,
            estimator: false, reference: Reference(aerTwoThreads: 0.76, aerOneThread: 1.41, numpyStatevector: 24.9)),
        SimulateFigure(
            key: "simulate_qft_20_std_s", shortName: "qft20", circuit: "qft_20_std.qasm", shots: 1_000,
            estimator: false, reference: Reference(aerTwoThreads: 0.235, aerOneThread: 0.458, numpyStatevector: 17.2)),
        SimulateFigure(
            key: "simulate_ghz_24_native_s", shortName: "ghz24", circuit: "ghz_24_native.qasm", shots: 10_000,
            estimator: false, reference: Reference(aerTwoThreads: 1.49, aerOneThread: 2.64, numpyStatevector: nil)),
        SimulateFigure(
            key: "simulate_random_24_d20_s", shortName: "random24", circuit: "random_24_d20.qasm", shots: 1_000,
            estimator: false, reference: Reference(aerTwoThreads: 15.0, aerOneThread: 27.4, numpyStatevector: nil)),
        SimulateFigure(
            key: "simulate_estimator_16_s", shortName: "estimator16", circuit: "random_16_d20_nomeas.qasm", shots: 0,
            estimator: true, reference: Reference(aerTwoThreads: 0.068, aerOneThread: 0.100, numpyStatevector: 0.95)),
    ]

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let loadBefore = LoadAverage.oneMinute()
        let bandwidth = CopyBandwidth.measured()
        BenchLog.info("\(shortName): copy bandwidth \(Int(bandwidth.oneThread / 1e9)) / \(Int(bandwidth.twoThreads / 1e9)) GB/s")
        let two = try runChild(threads: 2, runs: options.runs(full: 5, quick: 3))
        let one = try runChild(threads: 1, runs: options.runs(full: 3, quick: 1))
        let median = two.samples.median
        let qubits = two.integer("simulated_qubits")
        let rssLimit = Double(1 << qubits) * 16 + 64e6
        let peak = Double(two.integer("peak_rss_bytes"))
        let bytes = two.double("bytes_moved")
        let bound = bytes / bandwidth.twoThreads
        var details: [JSONMember] = [
            JSONMember("circuit", .string(circuit)),
            JSONMember("shots", .integer(Int64(shots))),
        ]
        if shots > 0 { details.append(JSONMember("shots_per_s", FigureReport.number(Double(shots) / median))) }
        details += [
            JSONMember("cpu_median", FigureReport.number(two.cpuSamples.median)),
            JSONMember("cpu_runs", .array(two.cpuSamples.values.map(FigureReport.number))),
            JSONMember("one_thread_median", FigureReport.number(one.samples.median)),
            JSONMember("one_thread_runs", .array(one.samples.values.map(FigureReport.number))),
            JSONMember("one_thread_cpu_median", FigureReport.number(one.cpuSamples.median)),
            JSONMember("load_average", .array([loadBefore, LoadAverage.oneMinute()].map(FigureReport.number))),
            JSONMember("peak_rss_mb", FigureReport.number(peak / 1e6)),
            JSONMember("rss_limit_mb", FigureReport.number(rssLimit / 1e6)),
            JSONMember("rss_met", .bool(peak <= rssLimit)),
            JSONMember("simulated_qubits", .integer(Int64(qubits))),
            JSONMember("operations", .integer(Int64(two.integer("operations")))),
            JSONMember("kernels", .integer(Int64(two.integer("kernels")))),
            JSONMember("passes", .integer(Int64(two.integer("passes")))),
            JSONMember("full_pass_equivalents", FigureReport.number(two.double("full_pass_equivalents"))),
            JSONMember("pass_descriptions", two.fields["pass_descriptions"] ?? .array([])),
            JSONMember("bytes_moved_mb", FigureReport.number(bytes / 1e6)),
            JSONMember("bandwidth_bound_s", FigureReport.number(bound)),
            JSONMember("bound_fraction", FigureReport.number(bound / median)),
            JSONMember("one_thread_bound_fraction", FigureReport.number(bytes / bandwidth.oneThread / one.samples.median)),
            JSONMember("copy_gb_per_s", .array([
                FigureReport.number(bandwidth.oneThread / 1e9), FigureReport.number(bandwidth.twoThreads / 1e9),
            ])),
            JSONMember("parse_s", FigureReport.number(two.double("parse_s"))),
            JSONMember("aer_2_threads_s", .double(reference.aerTwoThreads)),
            JSONMember("aer_1_thread_s", .double(reference.aerOneThread)),
            JSONMember("speedup_vs_aer", FigureReport.number(reference.aerTwoThreads / median)),
        ]
        if let numpy = reference.numpyStatevector {
            details.append(JSONMember("numpy_statevector_s", .double(numpy)))
            details.append(JSONMember("speedup_vs_numpy", FigureReport.number(numpy / median)))
        }
        return FigureReport.median(two.samples, target: target, satisfied: { $0 <= reference.aerTwoThreads }, details: details)
    }

    /// The child's report: its runs and fields.
    private struct ChildReport {
        var samples: Samples
        /// CPU seconds (every thread) per run.
        var cpuSamples: Samples
        var fields: JSONValue

        func integer(_ key: String) -> Int { Int(fields[key]?.integerValue ?? 0) }
        func double(_ key: String) -> Double { fields[key]?.doubleValue ?? 0 }
    }

    private func runChild(threads: Int, runs: Int) throws -> ChildReport {
        var arguments = ["simulate", "--circuit", circuit, "--shots", String(shots), "--runs", String(runs),
                         "--threads", String(threads)]
        if estimator { arguments.append("--estimator") }
        let child = try ChildProcess.spawnSelf(arguments: arguments)
        let line = child.readLine() ?? ""
        child.terminate()
        let fields: JSONValue
        do {
            fields = try JSONParser.parse(Array(line.utf8))
        } catch {
            throw BenchFailure("\(shortName): the simulate child printed \(line.prefix(200).debugDescription)")
        }
        guard let values = fields["runs_s"]?.arrayValue?.compactMap(\.doubleValue), values.count == runs else {
            throw BenchFailure("\(shortName): the simulate child reported no runs")
        }
        BenchLog.info("\(shortName): \(threads) thread(s): \(values.map { "\(format3($0))" }.joined(separator: ", ")) s")
        let cpu = fields["cpu_runs_s"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        return ChildReport(samples: Samples(values), cpuSamples: Samples(cpu), fields: fields)
    }

    private func format3(_ value: Double) -> Double {
        (value * 1000).rounded() / 1000
    }
}
