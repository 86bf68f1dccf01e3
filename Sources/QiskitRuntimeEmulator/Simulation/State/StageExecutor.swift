import RuntimeIO
import Synchronization

/// Runs stages over a state, block by block, on one thread or spread over a ``ComputePool``.
///
/// A stage whose local positions are the lowest ones works on contiguous slices of the state in
/// place; any other stage copies each block into a scratch buffer (runs of 2^lowQubits
/// amplitudes), applies its kernels there and copies it back. The blocks are split into up to 64
/// parts handed to `parallelFor` one at a time, so that a thread the machine delays leaves its
/// share to the others; a part borrows one of the scratch buffers (one per thread) for its run.
final class StageExecutor {
    private let pool: ComputePool
    /// The threads to use for states of at least `parallelMinQubits` positions.
    let threads: Int
    private let parallelMinQubits: Int
    private var scratch: [UnsafeMutablePointer<Double>] = []
    private var scratchQubits = 0

    init(pool: ComputePool, options: SimulationOptions) {
        self.pool = pool
        threads = max(1, min(pool.threadCount, options.maxThreads ?? Int.max))
        parallelMinQubits = options.parallelMinQubits
    }

    deinit {
        for buffer in scratch { buffer.deallocate() }
    }

    /// The threads worth using on a state of `qubits` positions.
    func threads(forQubits qubits: Int) -> Int {
        qubits >= parallelMinQubits ? threads : 1
    }

    /// Runs `stages` in order; checks `cancellation` between stages and between blocks (a
    /// cancelled stage leaves the state half done: the caller throws it away).
    func run(_ stages: [Stage], on state: StateVector, cancellation: ComputeCancellation?) throws {
        for stage in stages {
            if let cancellation { try cancellation.check() }
            run(stage, on: state, cancellation: cancellation)
        }
        if let cancellation { try cancellation.check() }
    }

    /// Runs one stage, skipping the blocks not started yet once `cancellation` is set.
    private func run(_ stage: Stage, on state: StateVector, cancellation: ComputeCancellation?) {
        let c = stage.blockQubits
        let extent = stage.extent
        if extent <= c {
            Self.apply(stage.operations, to: state.block.slice(at: 0, qubits: extent), base: 0)
            return
        }
        let chunkCount = 1 << (extent - c)
        let threadCount = threads(forQubits: extent)
        let parts = threadCount > 1 ? min(chunkCount, Self.maximumParts) : 1
        if stage.isInPlace {
            let whole = state.block
            pool.parallelFor(parts) { part in
                let first = part * chunkCount / parts
                let end = (part + 1) * chunkCount / parts
                for chunk in first..<end {
                    if cancellation?.isCancelled == true { return }
                    let base = chunk << c
                    Self.apply(stage.operations, to: whole.slice(at: base, qubits: c), base: base)
                }
            }
            return
        }
        // parallelFor runs at most the pool's thread count of parts at once.
        let bufferCount = min(pool.threadCount, parts)
        ensureScratch(qubits: c, count: bufferCount)
        let claims = BufferClaims(count: bufferCount)
        let low = stage.contiguousLowQubits
        let runLength = 1 << low
        let highLocal = Array(stage.localPositions[low...])
        let runOffsets = (0..<(1 << (c - low))).map { Self.deposit($0, into: highLocal) }
        var nonLocal: [Int] = []
        for p in 0..<extent where !stage.localPositions.contains(p) { nonLocal.append(p) }
        let whole = state.block
        let buffers = scratch
        let size = 1 << c
        pool.parallelFor(parts) { part in
            // At most `bufferCount` parts run at once (the caller and its helpers): one is free.
            let claimed = claims.claim()
            defer { claims.release(claimed) }
            let buffer = buffers[claimed]
            let block = AmplitudeBlock(re: buffer, im: buffer + size, qubits: c)
            let first = part * chunkCount / parts
            let end = (part + 1) * chunkCount / parts
            runOffsets.withUnsafeBufferPointer { offsets in
                for chunk in first..<end {
                    if cancellation?.isCancelled == true { return }
                    let base = Self.deposit(chunk, into: nonLocal)
                    // A block no kernel acts on (all still 0, or every control off) is not copied.
                    guard stage.operations.contains(where: { base & $0.conditionMask == $0.conditionValue }) else {
                        continue
                    }
                    let sourceRe = whole.re + base
                    let sourceIm = whole.im + base
                    for (run, offset) in offsets.enumerated() {
                        (block.re + (run << low)).update(from: sourceRe + offset, count: runLength)
                        (block.im + (run << low)).update(from: sourceIm + offset, count: runLength)
                    }
                    Self.apply(stage.operations, to: block, base: base)
                    for (run, offset) in offsets.enumerated() {
                        (sourceRe + offset).update(from: block.re + (run << low), count: runLength)
                        (sourceIm + offset).update(from: block.im + (run << low), count: runLength)
                    }
                }
            }
        }
    }

    /// The most parts a pass is split into.
    static let maximumParts = 64

    @inline(__always)
    private static func apply(_ operations: [LocalOperation], to block: AmplitudeBlock, base: Int) {
        for operation in operations where base & operation.conditionMask == operation.conditionValue {
            block.slice(at: 0, qubits: operation.activeQubits).apply(operation.kernel)
        }
    }

    /// Spreads the bits of `value` over `positions` (ascending): bit `j` goes to `positions[j]`.
    @inline(__always)
    static func deposit(_ value: Int, into positions: [Int]) -> Int {
        var result = 0
        var rest = value
        var j = 0
        while rest != 0 {
            if rest & 1 != 0 { result |= 1 << positions[j] }
            rest >>= 1
            j += 1
        }
        return result
    }

    private func ensureScratch(qubits: Int, count: Int) {
        if qubits > scratchQubits {
            for buffer in scratch { buffer.deallocate() }
            scratch = []
            scratchQubits = qubits
        }
        while scratch.count < count {
            scratch.append(.allocate(capacity: 2 << scratchQubits))
        }
    }
}

/// Which scratch buffers of a pass are in use: a part claims a free one and releases it when done.
private final class BufferClaims: Sendable {
    private let free: Atomic<Int>

    init(count: Int) {
        free = Atomic((1 << count) - 1)
    }

    /// Claims a free buffer (one is always free: no more parts run at once than there are buffers).
    func claim() -> Int {
        while true {
            let bits = free.load(ordering: .acquiring)
            guard bits != 0 else { continue }
            let index = bits.trailingZeroBitCount
            if free.compareExchange(expected: bits, desired: bits & ~(1 << index), ordering: .acquiringAndReleasing).exchanged {
                return index
            }
        }
    }

    func release(_ index: Int) {
        free.bitwiseOr(1 << index, ordering: .releasing)
    }
}
