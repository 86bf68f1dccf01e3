/// How the statevector engine runs: limits, fusion, cache blocking and threads.
///
/// The defaults are what the emulator uses. Tests switch fusion and blocking off
/// (``reference``) to get the plain one-gate-at-a-time path the fast paths are compared with,
/// and shrink ``blockQubits`` so that small circuits exercise the blocked and threaded paths.
package struct SimulationOptions: Sendable, Hashable {
    /// The most active qubits a program may have; the statevector takes 16 × 2^n bytes
    /// (26 qubits: 1 GiB).
    package var maxQubits: Int = 26

    /// Merges consecutive one-qubit gates, folds diagonal one-qubit gates into phase kernels,
    /// relabels qubits instead of applying SWAPs, and drops gates that cannot change the state
    /// (diagonals and controls on qubits that are still |0⟩).
    package var fusion: Bool = true

    /// Applies each gate with the kernel made for its structure (diagonal, X-like, controlled,
    /// one-qubit). When false every gate goes through the generic dense kernel.
    package var specializedKernels: Bool = true

    /// The qubits of one cache block: a pass over the state applies every gate it can on one
    /// block of 2^blockQubits amplitudes before moving to the next. Nil picks the default
    /// (``defaultBlockQubits``). Larger states are processed block by block; a state of at most
    /// this many qubits is one block.
    package var blockQubits: Int? = nil

    /// States of at least this many qubits use every thread of the pool; smaller ones run on the
    /// calling thread alone.
    package var parallelMinQubits: Int = 15

    /// 1 runs everything on the calling thread; nil or more than 1 spreads large states over all
    /// of the pool's threads.
    package var maxThreads: Int? = nil

    /// The number of lowest qubits every gathered block keeps, so that it is copied in runs of at
    /// least 2^lowBlockQubits amplitudes.
    package var lowBlockQubits: Int = 3

    /// The block size used when ``blockQubits`` is nil: 2^14 amplitudes (256 KiB) stay in a
    /// core's L2 cache while many gates are applied. Measured on this machine class
    /// (random_20_d20, one thread): blocks of 2^14 took 0.30 s, 2^16 0.35 s, 2^18 0.58 s (L3);
    /// the extra passes smaller blocks need at 24 qubits cost far less than that.
    package static let defaultBlockQubits = 14

    package init() {}

    /// The plain path: every gate applied on its own with the generic dense kernel over the whole
    /// state, on one thread, qubits in program order.
    package static var reference: SimulationOptions {
        var options = SimulationOptions()
        options.fusion = false
        options.specializedKernels = false
        options.blockQubits = 62
        options.maxThreads = 1
        return options
    }
}
