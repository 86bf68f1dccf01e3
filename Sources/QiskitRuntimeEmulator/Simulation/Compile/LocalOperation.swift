/// A kernel of a ``Stage`` in the block's local positions, applied to a block only when the
/// block's fixed (non-local) index bits under `conditionMask` equal `conditionValue`: controls and
/// diagonal positions outside the block decide per block whether the kernel acts.
///
/// `activeQubits` is the number of low local positions that may be non-zero when the kernel runs
/// (the positions that no gate has reached yet at that point of the program are 0): the kernel
/// acts on the block's first 2^activeQubits amplitudes only, and blocks whose fixed bits reach
/// such positions are skipped by the condition.
struct LocalOperation: Sendable, Hashable {
    var conditionMask: Int
    var conditionValue: Int
    var activeQubits: Int
    var kernel: KernelOperation
}
