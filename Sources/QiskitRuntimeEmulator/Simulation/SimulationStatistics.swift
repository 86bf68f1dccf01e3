/// What the engine will do for a program, from compiling and planning it without running it:
/// how many kernels, how many passes over the state, how many bytes those passes move.
package struct SimulationStatistics: Sendable, Hashable {
    /// The positions of the statevector (qubits actually simulated).
    package var simulatedQubits: Int
    /// The program's operations (gates, measurements, resets, barriers).
    package var operations: Int
    /// The kernels left after classification and fusion.
    package var kernels: Int
    /// The passes over the state (stages): each applies its kernels block by block.
    package var passes: Int
    /// The passes weighted by the part of the state they cover (a pass over the active prefix of
    /// 2^k amplitudes counts 2^k / 2^n): the equivalent number of full passes.
    package var fullPassEquivalents: Double
    /// Bytes read and written by the passes (each reads and writes 16 bytes per amplitude it
    /// covers), plus one read of the state for sampling when `sampling` was asked for.
    package var bytesMoved: Double
    /// One line per pass: the amplitudes it covers (2^extent), its block size, how blocks are
    /// formed (one block, contiguous slices in place, or gathered), and its kernels.
    package var passDescriptions: [String]
    /// False when every shot runs its own trajectory (mid-circuit measurement or reset); the
    /// figures then describe one trajectory.
    package var measurementsAreTerminal: Bool
}

extension StatevectorSimulator {
    /// The statistics of running `program` (and sampling it once, when `sampling`).
    package func statistics(of program: SimulationProgram, sampling: Bool) throws(SimulationError) -> SimulationStatistics {
        let compiled = try CircuitCompiler.compile(program, options: options, forSampling: sampling)
        let executor = StageExecutor(pool: pool, options: options)
        let kernels = compiled.kernelSteps
        let stages = planner(positionCount: compiled.positionCount, executor: executor)
            .plan(kernels)
        let full = Double(1 << compiled.positionCount)
        var equivalents = 0.0
        for stage in stages { equivalents += Double(1 << stage.extent) / full }
        var bytes = equivalents * full * 32
        if sampling { bytes += full * 16 }
        let descriptions = stages.map { stage -> String in
            let layout = stage.extent <= stage.blockQubits ? "one block" : stage.isInPlace ? "in place" : "gathered"
            return "2^\(stage.extent) in blocks of 2^\(stage.blockQubits) (\(layout)): \(stage.operations.count) kernels"
        }
        return SimulationStatistics(
            simulatedQubits: compiled.positionCount, operations: program.operations.count, kernels: kernels.count,
            passes: stages.count, fullPassEquivalents: equivalents, bytesMoved: bytes, passDescriptions: descriptions,
            measurementsAreTerminal: compiled.measurementsAreTerminal)
    }
}
