#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QiskitRuntime
import QiskitRuntimeEmulator
import QuantumCircuits
import RuntimeIO
import RuntimeWire

/// `runtime-bench simulate --circuit NAME --shots N --runs R --threads T [--estimator]`: the process
/// of one `simulate_*` figure. It parses `Circuits/NAME`, then `R` times lowers it and samples `N`
/// shots (or, with `--estimator`, computes the exact values of the two observables of
/// `estimator_observables.json`) on the shared ComputePool limited to `T` threads, checks every
/// result, and prints one JSON object: the wall and CPU time (every thread) of each run, the parse time, the engine's
/// statistics and its peak RSS (`VmHWM`: the process did nothing else).
enum SimulateCommand {
    struct Request: Sendable, Equatable {
        var circuit: String
        var shots: Int
        var runs: Int
        var threads: Int
        var estimator: Bool
        /// The engine's cache-block qubits (nil: its default), for tuning.
        var blockQubits: Int? = nil
    }

    /// Returns the process exit status.
    static func run(_ request: Request) async -> Int32 {
        do {
            let output = try await measure(request)
            var line = JSONWriter.write(output) + "\n"
            line.withUTF8 { buffer in _ = write(1, buffer.baseAddress, buffer.count) }
            return 0
        } catch {
            BenchLog.info("simulate \(request.circuit): \(error)")
            return 1
        }
    }

    private static func measure(_ request: Request) async throws -> JSONValue {
        let text = try BenchResources.text("Circuits/" + request.circuit)
        let (parseSeconds, circuit) = try Stopwatch.time { try QuantumCircuit(qasm: text) }
        var options = SimulationOptions()
        options.maxThreads = request.threads
        options.blockQubits = request.blockQubits
        let simulator = StatevectorSimulator(options: options)
        let observables = request.estimator ? try estimatorObservables() : []
        let expected = request.estimator ? try estimatorValues() : []
        var runs: [Double] = []
        var cpuRuns: [Double] = []
        for run in 0..<request.runs {
            let clock = ContinuousClock()
            let start = clock.now
            let cpuStart = ProcessCPU.seconds()
            let program = try SimulationProgram(circuit: circuit)
            if request.estimator {
                let values = try await simulator.expectationValues(program, observables: observables)
                runs.append(Stopwatch.seconds(of: clock.now - start))
                cpuRuns.append(ProcessCPU.seconds() - cpuStart)
                for (value, wanted) in zip(values, expected) where abs(value - wanted) > 1e-12 {
                    throw BenchFailure("\(request.circuit): expectation value \(value), expected \(wanted)")
                }
            } else {
                let shots = try await simulator.sample(program, shots: request.shots, seed: UInt64(run + 1))
                runs.append(Stopwatch.seconds(of: clock.now - start))
                cpuRuns.append(ProcessCPU.seconds() - cpuStart)
                try check(shots, request: request, qubits: program.qubitCount)
            }
        }
        let statistics = try simulator.statistics(of: SimulationProgram(circuit: circuit), sampling: !request.estimator)
        let status = ProcessStatus.current()
        return .object([
            JSONMember("runs_s", .array(runs.map { .double($0) })),
            JSONMember("cpu_runs_s", .array(cpuRuns.map { .double($0) })),
            JSONMember("parse_s", .double(parseSeconds)),
            JSONMember("peak_rss_bytes", .integer(Int64(status?.peakResidentBytes ?? 0))),
            JSONMember("simulated_qubits", .integer(Int64(statistics.simulatedQubits))),
            JSONMember("operations", .integer(Int64(statistics.operations))),
            JSONMember("kernels", .integer(Int64(statistics.kernels))),
            JSONMember("passes", .integer(Int64(statistics.passes))),
            JSONMember("full_pass_equivalents", .double(statistics.fullPassEquivalents)),
            JSONMember("bytes_moved", .double(statistics.bytesMoved)),
            JSONMember("pass_descriptions", .array(statistics.passDescriptions.map { .string($0) })),
            JSONMember("threads", .integer(Int64(min(request.threads, ComputePool.shared.threadCount)))),
        ])
    }

    /// GHZ circuits must give only all-0 and all-1; every circuit must give `shots` shots.
    private static func check(_ shots: ShotBits, request: Request, qubits: Int) throws {
        guard shots.shots == request.shots else {
            throw BenchFailure("\(request.circuit): \(shots.shots) shots, expected \(request.shots)")
        }
        if request.circuit.hasPrefix("ghz") {
            let counts = shots.counts()
            let allowed: Set<String> = [String(repeating: "0", count: qubits), String(repeating: "1", count: qubits)]
            guard Set(counts.keys) == allowed else {
                throw BenchFailure("\(request.circuit): outcomes \(counts.keys.sorted().prefix(4)) are not the GHZ pair")
            }
        }
    }

    static func estimatorObservables() throws -> [PauliSum] {
        let json = try JSONParser.parse(Array(try BenchResources.text("Circuits/estimator_observables.json").utf8))
        var result: [PauliSum] = []
        for name in ["Z0Z1", "pauli_sum_20"] {
            guard let entry = json["observables"]?[name], let labels = entry["labels"]?.arrayValue,
                  let coefficients = entry["coeffs"]?.arrayValue
            else { throw BenchFailure("estimator_observables.json has no \(name)") }
            result.append(PauliSum(zip(labels.compactMap(\.stringValue), coefficients.compactMap(\.doubleValue))))
        }
        return result
    }

    static func estimatorValues() throws -> [Double] {
        let json = try JSONParser.parse(Array(try BenchResources.text("Circuits/estimator_values.json").utf8))
        return try ["Z0Z1", "pauli_sum_20"].map { name in
            guard let value = json["values"]?["est_sv"]?[name]?.doubleValue else {
                throw BenchFailure("estimator_values.json has no est_sv.\(name)")
            }
            return value
        }
    }
}
