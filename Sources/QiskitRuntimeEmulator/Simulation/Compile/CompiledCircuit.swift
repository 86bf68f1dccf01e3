/// A ``SimulationProgram`` compiled for the engine: kernels on state positions, and what to do
/// with measurements.
///
/// **Positions.** With fusion on, program qubits are relabelled: a qubit gets a position (a bit of
/// the state index) when a gate first entangles or mixes it, in that order, so the amplitudes that
/// can be non-zero at any step are a prefix of the state (``extents``); SWAPs exchange labels
/// instead of moving amplitudes; qubits that never need a position (only |0⟩, or only diagonal
/// gates and measurements on |0⟩) are not simulated at all. ``qubitPositions`` maps each
/// program qubit to its final position.
struct CompiledCircuit: Sendable {
    /// The positions of the state (the simulated qubits): 2^positionCount amplitudes.
    var positionCount: Int
    /// The global phase in radians.
    var globalPhase: Double
    /// The steps in order.
    var steps: [CompiledStep]
    /// For each step, the number of positions that may be non-zero after it (amplitudes at
    /// indices ≥ 2^extent are 0).
    var extents: [Int]
    /// The position of every program qubit after the last step, nil for a qubit that is |0⟩.
    var qubitPositions: [Int?]
    /// True when every measurement is terminal and no reset matters: the final state is computed
    /// once and sampled; false when shots need their own trajectories.
    var measurementsAreTerminal: Bool
    /// The number of clbits a shot records.
    var clbitCount: Int

    /// The measurements in program order (terminal mode reads them all from one sample).
    var measurements: [(position: Int?, clbit: Int)] {
        steps.compactMap { step in
            if case .measure(let position, let clbit) = step { return (position, clbit) }
            return nil
        }
    }

    /// The kernels in order (terminal mode applies them all, then samples).
    var kernelSteps: [(kernel: KernelOperation, extent: Int)] {
        var result: [(KernelOperation, Int)] = []
        for (index, step) in steps.enumerated() {
            if case .kernel(let kernel) = step { result.append((kernel, extents[index])) }
        }
        return result
    }
}
