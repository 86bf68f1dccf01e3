import RuntimeIO

/// The run of a Sampler or Estimator job (v1 `sampler`/`estimator` with pubs) on the simulator.
///
/// While the simulation is ``isPending`` the job's plan ends only at its time limit (as
/// ran-too-long) or never, so the job reads Queued, then Running until the simulation ends; the
/// service then rewrites the plan with the real outcome (see
/// `EmulatorService.finishPrimitive(jobID:outcome:)`). Cancelling the job, its session, or
/// reaching the time limit sets ``cancellation``, which the engine checks between passes.
struct PrimitiveExecution: Sendable {
    /// Set to stop the simulation; the engine and the runner check it.
    let cancellation: ComputeCancellation
    /// Whether the simulation has not ended yet.
    var isPending = true
    /// The wall time of the simulation in microseconds, once it ended: the job's usage.
    var simulatedMicros: Int64 = 0
    /// Whether the simulation was stopped by ``cancellation`` before it finished.
    var wasStopped = false
    /// The run duration the tags ask for (`emulator:running_s=S`): the job stays Running at
    /// least this long.
    var requestedRunDuration: Int64?
    /// The job's time limit (v1 `cost`) in microseconds.
    var timeLimit: Int64?
}
