import QuantumCircuits

/// One application of a specialised kernel, on bit positions of the state index.
///
/// Masks are sets of positions (bit `p` set: position `p`). Controls are positions that must all
/// be 1 for the kernel to act; they are never also the target.
enum KernelOperation: Sendable, Hashable {
    /// `matrix` on `target`, on the amplitudes whose `controls` bits are all 1.
    case unitary1(controls: Int, target: Int, Matrix2)
    /// `Ry(θ) · P(λ)` on `target`: the amplitudes with the target bit 1 are multiplied by
    /// `inputPhase` (e^{iλ}), then the pair is rotated by the real matrix
    /// `[[cosine, −sine], [sine, cosine]]`. Any one-qubit gate is this up to diagonal factors,
    /// which the compiler keeps pending (they commute with diagonal gates and merge into the next
    /// gate on the qubit); it costs 18 floating-point operations per amplitude pair instead of 28.
    case rotation(target: Int, inputPhase: ComplexNumber, cosine: Double, sine: Double)
    /// X on `target` where all `controls` bits are 1 (X, CX, CCX, … and the parts of a SWAP).
    case flip(controls: Int, target: Int)
    /// Multiplies every amplitude whose bits under `mask` equal `value` by `phase` (a mask of 0
    /// multiplies them all). Diagonal gates become one such operation per non-trivial entry.
    case phase(mask: Int, value: Int, ComplexNumber)
    /// A diagonal over `positions` (ascending, at most ``DiagonalTable/maximumQubits``) given by
    /// its table: the amplitude whose bits at `positions` spell `v` (bit `j` of `v` = position
    /// `positions[j]`) is multiplied by entry `v`. Made from many phase kernels at once (see
    /// ``DiagonalGrouping``): one sweep instead of one per gate.
    case diagonal(DiagonalTable)
    /// A dense unitary on `positions` (operand `j` = bit `j` of the row-major matrix's index).
    case dense(positions: [Int], matrix: [ComplexNumber])

    /// Every position the kernel reads or writes.
    var touchMask: Int {
        switch self {
        case .unitary1(let controls, let target, _), .flip(let controls, let target): return controls | (1 << target)
        case .rotation(let target, _, _, _): return 1 << target
        case .phase(let mask, _, _): return mask
        case .diagonal(let table): return table.positions.reduce(0) { $0 | (1 << $1) }
        case .dense(let positions, _): return positions.reduce(0) { $0 | (1 << $1) }
        }
    }

    /// The positions whose two values the kernel mixes: they must lie inside a cache block.
    /// Controls and diagonal positions only select amplitudes, so they may lie outside it.
    var mixingMask: Int {
        switch self {
        case .unitary1(_, let target, _), .flip(_, let target), .rotation(let target, _, _, _): return 1 << target
        case .phase, .diagonal: return 0
        case .dense(let positions, _): return positions.reduce(0) { $0 | (1 << $1) }
        }
    }
}
