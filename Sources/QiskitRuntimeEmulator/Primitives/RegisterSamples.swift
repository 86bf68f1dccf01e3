/// The samples of one classical register over a Sampler pub: for every element of the pub's
/// shape, `shots` rows of `ceil(bitCount / 8)` bytes, packed as qiskit's `BitArray` (big-endian:
/// the register's bit 0 is the lowest bit of the last byte).
struct RegisterSamples: Sendable, Hashable {
    var name: String
    var bitCount: Int
    var bytes: [UInt8]

    /// Bytes per shot.
    var width: Int { (bitCount + 7) / 8 }
}
