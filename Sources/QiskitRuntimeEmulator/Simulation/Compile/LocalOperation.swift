/// A kernel of a ``Stage`` in the block's local positions, applied to a block only when the
/// block's fixed (non-local) index bits under `conditionMask` equal `conditionValue`: controls and
/// diagonal positions outside the block decide per block whether the kernel acts.
struct LocalOperation: Sendable, Hashable {
    var conditionMask: Int
    var conditionValue: Int
    var kernel: KernelOperation
}
