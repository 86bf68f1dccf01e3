import RuntimeIO

/// Runs a program whose measurements are not all terminal (a measurement followed by gates on
/// its qubit, a reset that matters): every shot is its own trajectory. A measurement draws its
/// outcome from the current state, projects onto it and renormalises; a reset does the same and
/// flips the qubit back to 0 when it was 1.
///
/// The gates before the first measurement or reset are the same for every shot: they are applied
/// once, and when the state is small a copy of it starts every shot (a larger state applies them
/// again per shot rather than hold a second statevector).
struct TrajectoryRunner {
    private enum Segment {
        case stages([Stage])
        case measure(position: Int?, clbit: Int)
        case reset(position: Int)
    }

    /// States up to this many bytes keep a copy of the common prefix.
    static let snapshotLimit = 16 << 20

    let compiled: CompiledCircuit
    let planner: StagePlanner

    func run(
        shots: Int, generator: inout Xoshiro256StarStar, executor: StageExecutor, cancellation: ComputeCancellation?
    ) throws -> ShotBits {
        let segments = makeSegments()
        let state = try StateVector(qubits: compiled.positionCount)
        var prefix: [Stage] = []
        var rest = segments[...]
        if case .stages(let stages)? = rest.first {
            prefix = stages
            rest = rest.dropFirst()
        }
        try executor.run(prefix, on: state, cancellation: cancellation)
        var snapshot: StateVector?
        if !prefix.isEmpty && StateVector.bytes(qubits: compiled.positionCount) <= Self.snapshotLimit {
            let copy = try StateVector(qubits: compiled.positionCount)
            copy.copy(from: state, extent: compiled.positionCount)
            snapshot = copy
        }
        let width = (compiled.clbitCount + 7) / 8
        var bytes = [UInt8](repeating: 0, count: shots * width)
        for shot in 0..<shots {
            if let cancellation { try cancellation.check() }
            if shot > 0 {
                if let snapshot {
                    state.copy(from: snapshot, extent: compiled.positionCount)
                } else {
                    state.reset(extent: compiled.positionCount)
                    try executor.run(prefix, on: state, cancellation: cancellation)
                }
            }
            for segment in rest {
                switch segment {
                case .stages(let stages):
                    try executor.run(stages, on: state, cancellation: cancellation)
                case .measure(let position, let clbit):
                    var outcome = false
                    if let position { outcome = measure(state, position: position, generator: &generator) }
                    let index = shot * width + (clbit >> 3)
                    let bit = UInt8(1) << UInt8(clbit & 7)
                    if outcome { bytes[index] |= bit } else { bytes[index] &= ~bit }
                case .reset(let position):
                    if measure(state, position: position, generator: &generator) {
                        state.block.apply(.flip(controls: 0, target: position))
                    }
                }
            }
        }
        return ShotBits(shots: shots, clbitCount: compiled.clbitCount, bytes: bytes)
    }

    /// Draws the outcome of measuring `position`, projects the state onto it and renormalises.
    private func measure(_ state: StateVector, position: Int, generator: inout Xoshiro256StarStar) -> Bool {
        let one = state.block.probabilityOfOne(position: position)
        let outcome = generator.unit() < one
        let kept = outcome ? one : 1 - one
        state.block.collapse(position: position, outcome: outcome, scale: kept > 0 ? 1 / kept.squareRoot() : 0)
        return outcome
    }

    private func makeSegments() -> [Segment] {
        var segments: [Segment] = []
        var kernels: [(kernel: KernelOperation, extent: Int)] = []
        var reached = 0
        func flush() {
            guard !kernels.isEmpty else { return }
            segments.append(.stages(planner.plan(kernels, initialExtent: reached)))
            reached = max(reached, kernels.last?.extent ?? 0)
            kernels = []
        }
        for (index, step) in compiled.steps.enumerated() {
            switch step {
            case .kernel(let kernel):
                kernels.append((kernel, compiled.extents[index]))
            case .measure(let position, let clbit):
                flush()
                segments.append(.measure(position: position, clbit: clbit))
            case .reset(let position):
                flush()
                segments.append(.reset(position: position))
            }
        }
        flush()
        return segments
    }
}
