#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import QiskitRuntime
import QiskitRuntimeEmulator
import QuantumCircuits

/// Runs one job as `hello-runtime`'s options say and prints its story; returns the exit status.
struct JobRunner: Sendable {
    let options: CommandLineOptions
    let output: ConsoleOutput

    /// Connects (starting the in-process emulator if no other service is named), runs the job,
    /// and returns 0 when its result was printed, 1 otherwise (after one `error:` line).
    func run() async -> Int32 {
        var emulator: RunningEmulator?
        let configuration: RuntimeConfiguration
        let pollInterval: Duration
        switch options.target {
        case .emulator:
            let token = "hello-runtime-\(UInt64.random(in: .min ... .max))"
            do {
                let emulatorConfiguration = EmulatorConfiguration(
                    apiToken: token, seed: UInt64.random(in: .min ... .max), iamAPIKey: token)
                let running = try await Emulator.start(configuration: emulatorConfiguration)
                emulator = running
                output.line("emulator: \(running.baseURL)")
                if options.usesPlatformAPI {
                    // Today's platform: IAM and /api/v1 of the same emulator.
                    configuration = Self.configuration(.ibmCloud(
                        apiKey: token, instanceCRN: emulatorConfiguration.instanceCRN, iamURL: running.baseURL,
                        serviceURL: running.baseURL + "/api/v1"))
                } else {
                    configuration = Self.configuration(.legacyToken(token, authURL: running.authURL))
                }
            } catch {
                output.error("cannot start the emulator: \(Self.message(error))")
                return 1
            }
            pollInterval = .milliseconds(100)
        case .legacy(let authURL, let token):
            configuration = Self.configuration(.legacyToken(token, authURL: authURL))
            pollInterval = .seconds(1)
        case .ibmCloud(let apiKey, let crn, let iamURL, let serviceURL):
            configuration = Self.configuration(.ibmCloud(
                apiKey: apiKey, instanceCRN: crn, iamURL: iamURL ?? "https://iam.cloud.ibm.com", serviceURL: serviceURL))
            pollInterval = .seconds(1)
        }

        let service: RuntimeService
        do {
            service = try await RuntimeService(configuration: configuration)
        } catch {
            if let error = error as? RuntimeError, error.code == .unauthorized {
                output.error("login failed: \(error.message)")
            } else {
                output.error("cannot connect to the service: \(Self.message(error))")
            }
            await emulator?.shutdown()
            emulator = nil
            return 1
        }
        let code: Int32
        do {
            var platform = false
            if case .ibmCloud = configuration.account { platform = true }
            code = try await runCommands(service: service, pollInterval: pollInterval, platform: platform)
        } catch {
            output.error(Self.message(error))
            code = 1
        }
        await service.shutdown()
        await emulator?.shutdown()
        emulator = nil
        return code
    }

    private static func configuration(_ account: RuntimeConfiguration.Account) -> RuntimeConfiguration {
        RuntimeConfiguration(account: account)
    }

    /// Prints the backends and the usage when asked, then runs the job (in a session or batch
    /// when asked, closed at the end whatever happens).
    /// - Parameter platform: whether the service is today's platform (`/api/v1`), where the least
    ///   busy backend is used unless `--backend` names one.
    private func runCommands(service: RuntimeService, pollInterval: Duration, platform: Bool) async throws -> Int32 {
        if options.listBackends {
            for backend in try await service.backends() {
                output.line("backend: \(backend.name) qubits=\(backend.qubitCount) queue=\(backend.queueLength) status=\(backend.status)")
            }
        }
        if options.showUsage {
            output.line("usage: \(try await service.usage().document.json)")
        }
        guard options.runsJob else { return 0 }
        let backend = options.backendGiven || !platform ? options.backend : try await service.leastBusy().name
        let circuit = try options.circuitPath.map(Self.readCircuit)
        guard let kind = options.sessionKind else {
            if let circuit {
                return try await runPrimitive(circuit, mode: .backend(service.backend(backend)), pollInterval: pollInterval)
            }
            return try await runJob(pollInterval: pollInterval) {
                try await service.run(program: options.program, backend: backend, inputs: options.jobInputs)
            }
        }
        // A job in a session is polled every 100 ms (the rate IBM asks for inside sessions).
        let body: (RuntimeSession) async throws -> Int32 = { session in
            output.line("session: \(session.id)")
            if let circuit {
                return try await runPrimitive(circuit, mode: .session(session), pollInterval: .milliseconds(100))
            }
            return try await runJob(pollInterval: .milliseconds(100)) {
                try await session.run(program: options.program, inputs: options.jobInputs)
            }
        }
        switch kind {
        case .session: return try await service.withSession(backend: backend, body)
        case .batch: return try await service.withBatch(backend: backend, body)
        }
    }

    /// The text of `--circuit`'s file.
    private static func readCircuit(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RuntimeError(.invalidArgument, "cannot read the circuit file \(path): \(error)")
        }
    }

    /// Runs `--circuit` as a Sampler job, or an Estimator job with `--observable` (translated
    /// first with `--translate`), follows it like any job, and prints its counts or its evs and
    /// stds. A circuit that does not fit the backend is thrown by the primitive before anything
    /// is submitted.
    private func runPrimitive(_ text: String, mode: PrimitiveMode, pollInterval: Duration) async throws -> Int32 {
        var circuit = PrimitiveCircuit(parsing: text)
        var observables = options.observables
        if options.translate {
            let parsed: QuantumCircuit
            do {
                parsed = try QuantumCircuit(qasm: text)
            } catch {
                throw RuntimeError(.invalidCircuit, "the circuit could not be read: \(error)", underlyingError: error)
            }
            let configuration = try await mode.backend.configuration()
            let layout = try parsed.layout(for: configuration)
            output.line("layout: \(layout)")
            circuit = PrimitiveCircuit(try parsed.translated(for: configuration, layout: layout))
            observables = try observables?.applyingLayout(layout, qubitCount: configuration.qubitCount)
        }
        if let observables {
            let job = try await Estimator(mode: mode).run([EstimatorPub(circuit: circuit, observables: observables)], precision: options.precision)
            return try await runJob(pollInterval: pollInterval, submit: { job.runtimeJob }) { job in
                let pub = try await EstimatorJob(job).result(timeout: .seconds(60))[0]
                output.line("evs: \(Self.json(pub.evs).json)")
                output.line("stds: \(Self.json(pub.stds).json)")
            }
        }
        let job = try await Sampler(mode: mode).run([SamplerPub(circuit: circuit)], shots: options.shots)
        return try await runJob(pollInterval: pollInterval, submit: { job.runtimeJob }) { job in
            let data = try await SamplerJob(job).result(timeout: .seconds(60))[0].data
            for name in data.names {
                guard let bits = data[name] else { continue }
                let counts = bits.counts().sorted { $0.key < $1.key }.map { ($0.key, RuntimeValue.integer(Int64($0.value))) }
                output.line("\(data.names.count == 1 ? "counts" : "counts[\(name)]"): \(RuntimeValue.object(RuntimeObject(counts)).json)")
            }
        }
    }

    /// A shaped array as JSON: a number for shape `()`, else lists nested to the shape.
    static func json(_ array: ShapedArray<Double>) -> RuntimeValue {
        func build(_ axis: Int, _ offset: Int) -> RuntimeValue {
            if axis == array.shape.count { return .double(array.elements[offset]) }
            let stride = array.shape[(axis + 1)...].reduce(1, *)
            return .array((0..<array.shape[axis]).map { build(axis + 1, offset + $0 * stride) })
        }
        return build(0, 0)
    }

    /// Submits the job, follows it to a final status (printing each change), then prints the
    /// result (`report`, or `result: <JSON>`) or the one error line.
    private func runJob(
        pollInterval: Duration, submit: () async throws -> RuntimeJob,
        report: ((RuntimeJob) async throws -> Void)? = nil
    ) async throws -> Int32 {
        let job = try await submit()
        output.line("job: \(job.jobID)")
        guard options.readInterim else { return try await waitForResult(job) }
        let deadline = options.timeout.map { ContinuousClock.now + $0 }
        let final = try await withThrowingTaskGroup(of: Event.self) { group in
            if let delay = options.cancelAfter {
                group.addTask {
                    try await Task.sleep(for: delay)
                    do {
                        _ = try await job.cancel()
                    } catch let error as RuntimeError where error.code == .invalidState {
                        // The job finished first: nothing to cancel.
                    }
                    return .cancelSent
                }
            }
            group.addTask { [output] in
                .final(try await Self.follow(
                    job, deadline: deadline, timeout: options.timeout, pollInterval: pollInterval, output: output))
            }
            // Interim results are printed as they arrive, concurrently with following the status.
            group.addTask { [output] in
                do {
                    for try await value in job.interimResults() {
                        output.line("interim: \(value.json)")
                    }
                } catch is CancellationError {
                } catch {
                    output.line("note: interim results stopped: \(Self.message(error))")
                }
                return .interimEnded
            }
            var final: JobStatus?
            var interimOpen = true
            while let event = try await group.next() {
                switch event {
                case .final(let status):
                    final = status
                    if !interimOpen { break }
                    // The stream ends when the job does; give it a moment to deliver the last ones.
                    group.addTask {
                        try await Task.sleep(for: .seconds(2))
                        return .graceOver
                    }
                    continue
                case .interimEnded:
                    interimOpen = false
                    if final == nil { continue }
                case .graceOver:
                    break
                case .cancelSent:
                    continue
                }
                if let final {
                    group.cancelAll()
                    return final
                }
            }
            throw RuntimeError(.invalidState, "the job was not followed to its end")
        }
        if options.showLogs { try await printLogs(job) }
        switch final {
        case .done:
            if let report {
                try await report(job)
            } else {
                output.line("result: \(try await job.result(timeout: .seconds(60)).json)")
            }
            return 0
        case .cancelled:
            output.error("job \(job.jobID) was cancelled")
            return 1
        default:
            output.error(try await job.errorMessage() ?? "Job \(job.jobID) has failed.")
            return 1
        }
    }

    /// `--no-interim`: waits in `result()` alone (no status polling of its own, no interim
    /// results), as a service that only needs the result does, then prints the final status and
    /// the result or the one error line.
    private func waitForResult(_ job: RuntimeJob) async throws -> Int32 {
        let canceller = options.cancelAfter.map { delay in
            Task {
                try await Task.sleep(for: delay)
                _ = try? await job.cancel()
            }
        }
        defer { canceller?.cancel() }
        let outcome: RuntimeValue
        do {
            outcome = try await job.result(timeout: options.timeout)
        } catch let error as RuntimeError where error.code == .timedOut {
            throw RuntimeError(.timedOut, "timed out waiting for job \(job.jobID) (the remote job goes on)")
        } catch let error as RuntimeError where error.code == .jobFailed || error.code == .invalidState {
            output.status(try await job.status().rawValue)
            if options.showLogs { try await printLogs(job) }
            if error.code == .invalidState {
                output.error("job \(job.jobID) was cancelled")
            } else {
                output.error(try await job.errorMessage() ?? error.message)
            }
            return 1
        }
        output.status(try await job.status().rawValue)
        if options.showLogs { try await printLogs(job) }
        output.line("result: \(outcome.json)")
        return 0
    }

    private func printLogs(_ job: RuntimeJob) async throws {
        for line in try await job.logs().split(separator: "\n", omittingEmptySubsequences: true) {
            output.line("log: \(line)")
        }
    }

    /// Reads the status until it is final, printing every change; throws `.timedOut` at `deadline`.
    private static func follow(
        _ job: RuntimeJob, deadline: ContinuousClock.Instant?, timeout: Duration?, pollInterval: Duration,
        output: ConsoleOutput
    ) async throws -> JobStatus {
        var last: JobStatus?
        while true {
            let status = try await job.status()
            if status != last {
                output.status(status.rawValue)
                last = status
            }
            if status.isFinal { return status }
            var wakeUp = ContinuousClock.now + pollInterval
            if let deadline {
                if ContinuousClock.now >= deadline {
                    let seconds = timeout.map { "\(Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18) s" } ?? "the deadline"
                    throw RuntimeError(
                        .timedOut, "timed out after \(seconds) waiting for job \(job.jobID) (the remote job goes on)")
                }
                wakeUp = min(wakeUp, deadline)
            }
            try await Task.sleep(until: wakeUp)
        }
    }

    /// The message of an error, without credentials (the SDK redacts them from its errors).
    static func message(_ error: any Error) -> String {
        if let error = error as? RuntimeError { return error.message }
        if error is CancellationError { return "cancelled" }
        return "\(error)"
    }
}
