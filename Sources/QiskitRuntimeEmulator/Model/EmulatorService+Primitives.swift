#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import QuantumCircuits
import RuntimeIO
import RuntimeWire

/// Sampler and Estimator jobs of the v1 API on the statevector simulator (PLATFORM.md §5).
///
/// A job is accepted at once; its circuits are read, validated against the backend and simulated
/// on ``ComputePool/shared`` (never on the I/O thread or the cooperative pool), one job at a
/// time (`simulationLane`, an `AsyncGate`). The job reads Queued for its queued time, then Running until the
/// simulation ends; then Completed with the result, or Failed with a reason and reason code.
/// Cancelling the job or its session, or its time limit (`cost`), stops the simulation.
extension EmulatorService {
    /// Starts the simulation of a job just inserted into `state` (called under the lock; the
    /// task only takes the lock itself after the caller released it).
    func startPrimitive(
        job: EmulatedJob, request: PrimitiveParams, cancellation: ComputeCancellation, state: inout ServiceState
    ) {
        let jobID = job.id
        let backend = configuration.platform.backends.backend(named: job.backend)
        let settings = configuration.platform.simulator
        let clock = configuration.clock
        let lane = simulationLane
        let seed = job.seed
        state.primitiveTasks[jobID] = Task { [weak self] in
            guard (try? await lane.acquire()) != nil else {
                // Cancelled while waiting its turn: the lane was not taken.
                self?.finishPrimitive(jobID: jobID, outcome: .cancelled, simulatedMicros: 0)
                return
            }
            let result: (outcome: PrimitiveRunOutcome, micros: Int64)
            if cancellation.isCancelled {
                result = (.cancelled, 0)
            } else {
                do {
                    result = try await ComputePool.shared.run { _ in
                        let started = ContinuousClock.now
                        settings.willSimulate?(jobID)
                        let outcome: PrimitiveRunOutcome
                        do {
                            let context = try Self.primitiveContext(
                                backend: backend, settings: settings, seed: seed, cancellation: cancellation, clock: clock)
                            outcome = PrimitiveJobRunner.run(request, context: context)
                        } catch let failure as JobFailure {
                            outcome = .failed(failure)
                        } catch {
                            outcome = .failed(.internal("\(error)"))
                        }
                        return (outcome, EmulatorClock.microseconds(started.duration(to: .now)))
                    }
                } catch {
                    result = (.cancelled, 0)
                }
            }
            lane.release()
            self?.finishPrimitive(jobID: jobID, outcome: result.outcome, simulatedMicros: result.micros)
        }
    }

    /// The simulation context of a job on `backend`.
    static func primitiveContext(
        backend: EmulatedBackend?, settings: SimulatorConfiguration, seed: UInt64, cancellation: ComputeCancellation,
        clock: EmulatorClock
    ) throws(JobFailure) -> PrimitiveContext {
        guard let backend else { throw .internal("the job's backend is no longer in the catalog") }
        var isa: InstructionSetArchitecture?
        if !backend.acceptsAnyGates {
            do {
                isa = try InstructionSetArchitecture(configuration: backend.configuration)
            } catch {
                throw .internal("the configuration of backend \(backend.name) cannot be read: \(error)")
            }
        }
        var options = SimulationOptions()
        options.maxQubits = min(max(settings.maxQubits, 1), 30)
        return PrimitiveContext(
            isa: isa, backendQubits: backend.qubitCount,
            maxShots: backend.configuration["max_shots"]?.integerValue.map { Int($0) },
            noise: settings.noise ? NoiseModel(properties: backend.properties) : nil,
            simulator: StatevectorSimulator(options: options, pool: .shared), seed: seed,
            estimatorTrajectories: settings.estimatorTrajectories, cancellation: cancellation, clock: clock)
    }

    /// Records the end of a job's simulation: the job completes (or fails) now, or when its
    /// requested run time ends, unless it was cancelled or ran past its time limit meanwhile.
    func finishPrimitive(jobID: String, outcome: PrimitiveRunOutcome, simulatedMicros: Int64) {
        let now = self.now
        let finalResult = configuration.finalResultInStream
        let toDrain = state.withLock { state -> [(jobID: String, id: UInt64)] in
            state.primitiveTasks[jobID] = nil
            guard var job = state.jobs[jobID], var execution = job.primitive, execution.isPending else { return [] }
            execution.isPending = false
            execution.simulatedMicros = simulatedMicros
            if case .cancelled = outcome { execution.wasStopped = true }
            job.primitive = execution
            if !job.status(at: now).isFinal {
                let jobOutcome: JobOutcome
                switch outcome {
                case .completed(let text):
                    job.result = text
                    // The result counts against maxRetainedBytes like a submitted one (final
                    // jobs are evicted to make room at the next submission).
                    job.retainedBytes += text.utf8.count
                    state.retainedBytes += text.utf8.count
                    jobOutcome = .completed
                case .failed(let failure):
                    job.failure = failure
                    jobOutcome = .failed
                case .cancelled:
                    job.failure = .internal("the simulation was stopped")
                    jobOutcome = .failed
                }
                let plan = job.plan
                let end = max(now, plan.runningAt + (execution.requestedRunDuration ?? 0))
                job.plan = JobPlan(
                    createdAt: plan.createdAt, queued: plan.runningAt - plan.createdAt, interval: plan.interval,
                    interimCount: 0, maxExecution: 0, outcome: jobOutcome, runDuration: end - plan.runningAt,
                    timeLimit: execution.timeLimit)
            }
            state.jobs[jobID] = job
            return Self.deliver(jobID: jobID, now: now, finalResult: finalResult, state: &state)
        }
        drain(toDrain)
        pump()
    }

    /// Stops the simulation of a job that just became final (cancelled, its session cancelled,
    /// or past its time limit). Setting the flag takes no lock and resumes nothing.
    static func stopSimulation(of jobID: String, state: ServiceState) {
        state.jobs[jobID]?.primitive?.cancellation.cancel()
    }

    /// Waits until the simulation of a primitive job has ended and its outcome is recorded
    /// (returns at once for any other job).
    package func simulationFinished(jobID: String) async {
        let task = state.withLock { $0.primitiveTasks[jobID] }
        await task?.value
    }
}
