import QiskitRuntime
import RuntimeIO

/// The emulator's statevector engine: runs a ``SimulationProgram`` (complex128 amplitudes,
/// specialised kernels, gate fusion, cache-blocked passes, several threads for large states) and
/// samples its measurements or measures observables exactly.
///
/// **Threads.** The synchronous methods run on the calling thread and spread large states over
/// ``pool`` with `parallelFor`: call them from work already running on the pool (inside
/// `ComputePool.run`) or a thread of your own, never on the cooperative pool or the event loop.
/// The `async` methods do exactly that for you.
///
/// ```swift
/// let simulator = StatevectorSimulator()
/// let program = try SimulationProgram(circuit: circuit.bindingParameters(values))
/// let shots = try await simulator.sample(program, shots: 1024, seed: 7)
/// let bits = shots.bitArray(clbits: register.bits)      // qiskit BitArray bytes
/// let values = try await simulator.expectationValues(program, observables: [observable])
/// ```
///
/// **Errors.** ``SimulationError`` (too many qubits, a malformed program); cancellation of the
/// waiting task stops a long simulation between passes with `CancellationError`.
package struct StatevectorSimulator: Sendable {
    /// Limits and tuning.
    package var options: SimulationOptions
    /// The threads large states are spread over.
    package let pool: ComputePool

    package init(options: SimulationOptions = SimulationOptions(), pool: ComputePool = .shared) {
        self.options = options
        self.pool = pool
    }

    // MARK: - On the pool

    /// Samples `shots` shots of `program` on the pool (see ``sample(_:shots:seed:cancellation:)``).
    package func sample(_ program: SimulationProgram, shots: Int, seed: UInt64) async throws -> ShotBits {
        try await pool.run { cancellation in
            try self.sample(program, shots: shots, seed: seed, cancellation: cancellation)
        }
    }

    /// The exact expectation values of `observables` in the final state of `program`, on the pool.
    package func expectationValues(_ program: SimulationProgram, observables: [PauliSum]) async throws -> [Double] {
        try await pool.run { cancellation in
            try self.expectationValues(program, observables: observables, cancellation: cancellation)
        }
    }

    // MARK: - On the calling thread

    /// The final state of `program` (terminal measurements are left to ``SimulatedState/sample(shots:seed:)``).
    /// - Throws: ``SimulationError`` (``SimulationError/Kind/unsupported`` for a mid-circuit
    ///   measurement or a reset that matters: such programs have no single final state), or
    ///   `CancellationError`.
    package func simulate(_ program: SimulationProgram, cancellation: ComputeCancellation? = nil) throws -> SimulatedState {
        try simulate(program, forSampling: false, cancellation: cancellation)
    }

    /// `shots` shots of `program`, reproducible from `seed`. When every measurement is terminal
    /// the final state is computed once and sampled in one pass; otherwise every shot runs its own
    /// trajectory (measurements collapse the state, resets flip it back to |0⟩).
    /// - Throws: ``SimulationError`` or `CancellationError`.
    package func sample(
        _ program: SimulationProgram, shots: Int, seed: UInt64, cancellation: ComputeCancellation? = nil
    ) throws -> ShotBits {
        guard shots >= 0 else { throw SimulationError(.invalidProgram, "negative shot count \(shots)") }
        let compiled = try CircuitCompiler.compile(program, options: options, forSampling: true)
        let executor = StageExecutor(pool: pool, options: options)
        if compiled.measurementsAreTerminal {
            return try run(compiled, program: program, executor: executor, cancellation: cancellation)
                .sample(shots: shots, seed: seed)
        }
        var generator = Xoshiro256StarStar(seed: seed)
        let planner = planner(positionCount: compiled.positionCount, executor: executor)
        return try TrajectoryRunner(compiled: compiled, planner: planner)
            .run(shots: shots, generator: &generator, executor: executor, cancellation: cancellation)
    }

    /// The exact expectation values of `observables` (over circuit qubits) in the final state.
    /// - Throws: ``SimulationError`` or `CancellationError`.
    package func expectationValues(
        _ program: SimulationProgram, observables: [PauliSum], cancellation: ComputeCancellation? = nil
    ) throws -> [Double] {
        let state = try simulate(program, cancellation: cancellation)
        return try observables.map { try state.expectationValue($0) }
    }

    /// The final state; `forSampling` lets the compiler drop what no measurement can see (the
    /// state is then only good for ``SimulatedState/sample(shots:seed:)``).
    func simulate(_ program: SimulationProgram, forSampling: Bool, cancellation: ComputeCancellation?) throws
        -> SimulatedState
    {
        let compiled = try CircuitCompiler.compile(program, options: options, forSampling: forSampling)
        guard compiled.measurementsAreTerminal else {
            throw SimulationError(
                .unsupported, "the circuit measures or resets a qubit and then uses it again; it has no single final state")
        }
        return try run(compiled, program: program, executor: StageExecutor(pool: pool, options: options), cancellation: cancellation)
    }

    /// Applies the kernels of a compiled program whose measurements are terminal.
    private func run(
        _ compiled: CompiledCircuit, program: SimulationProgram, executor: StageExecutor, cancellation: ComputeCancellation?
    ) throws -> SimulatedState {
        let state = try StateVector(qubits: compiled.positionCount)
        let stages = planner(positionCount: compiled.positionCount, executor: executor)
            .plan(compiled.kernelSteps)
        try executor.run(stages, on: state, cancellation: cancellation)
        return SimulatedState(state: state, compiled: compiled, program: program, executor: executor, pool: pool)
    }

    /// The stage planner for a state of `positionCount` positions: blocks of
    /// ``SimulationOptions/blockQubits``, made smaller for a state that should use several
    /// threads but would otherwise be one block.
    func planner(positionCount: Int, executor: StageExecutor) -> StagePlanner {
        var block = options.blockQubits ?? SimulationOptions.defaultBlockQubits
        let threads = executor.threads(forQubits: positionCount)
        if threads > 1 {
            // At least four blocks, so every thread has work.
            block = min(block, positionCount - 2)
        }
        block = max(block, min(positionCount, options.lowBlockQubits + 1))
        var planner = StagePlanner(blockQubits: max(1, block), lowQubits: max(0, min(options.lowBlockQubits, block - 1)))
        planner.groupsDiagonals = options.fusion && options.specializedKernels
        return planner
    }
}
