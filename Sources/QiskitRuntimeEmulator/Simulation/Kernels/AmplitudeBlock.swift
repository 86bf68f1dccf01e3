/// A view of 2^qubits amplitudes in split layout: real parts at `re[0..<count]`, imaginary parts
/// at `im[0..<count]`. The whole state is one block; a cache block of it (gathered into a
/// scratch buffer or a contiguous slice in place) is another. Kernels address local positions
/// `0..<qubits` of the block.
///
/// The split layout lets the kernels work on two amplitudes per SIMD register without shuffles
/// (`SIMD2<Double>`, the width every x86-64 and arm64 CPU has).
struct AmplitudeBlock {
    let re: UnsafeMutablePointer<Double>
    let im: UnsafeMutablePointer<Double>
    let qubits: Int

    var count: Int { 1 &<< qubits }

    /// The sub-block of 2^qubits amplitudes starting at `offset` (a multiple of its size).
    func slice(at offset: Int, qubits: Int) -> AmplitudeBlock {
        AmplitudeBlock(re: re + offset, im: im + offset, qubits: qubits)
    }

    typealias Vector = SIMD2<Double>

    /// Applies a kernel whose positions are all inside the block.
    func apply(_ operation: KernelOperation) {
        switch operation {
        case .unitary1(let controls, let target, let matrix):
            transformPairs(controls: controls, target: target, MatrixTransform(matrix))
        case .rotation(let target, let inputPhase, let cosine, let sine):
            if inputPhase == .one {
                transformPairs(controls: 0, target: target, RotationTransform(cosine: cosine, sine: sine))
            } else {
                transformPairs(
                    controls: 0, target: target, PhasedRotationTransform(inputPhase: inputPhase, cosine: cosine, sine: sine))
            }
        case .flip(let controls, let target):
            transformPairs(controls: controls, target: target, SwapTransform())
        case .phase(let mask, let value, let factor):
            applyPhase(mask: mask, value: value, factor)
        case .diagonal(let table):
            applyDiagonal(table)
        case .dense(let positions, let matrix):
            applyDense(positions: positions, matrix: matrix)
        }
    }
}
