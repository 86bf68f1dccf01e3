#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The statevector's memory: 2^qubits complex128 amplitudes in split layout (all real parts,
/// then all imaginary parts), allocated once, 64-byte aligned, starting as |0…0⟩.
///
/// Large states are mapped anonymously: the pages arrive zeroed when first touched, so the
/// initial state costs no pass, and amplitudes beyond the active prefix cost no memory until a
/// gate reaches them.
final class StateVector {
    /// The number of positions (simulated qubits).
    let qubits: Int
    /// The whole state.
    let block: AmplitudeBlock
    private let base: UnsafeMutableRawPointer
    private let byteCount: Int
    private let isMapped: Bool

    /// States at least this large are mapped rather than allocated.
    private static let mappingThreshold = 1 << 20

    /// Allocates |0…0⟩ on `qubits` positions.
    init(qubits: Int) throws(SimulationError) {
        let count = 1 << qubits
        let half = Swift.max(count &* 8, 64)
        let bytes = 2 &* half
        if bytes >= Self.mappingThreshold {
            #if canImport(Darwin)
            let flags = MAP_PRIVATE | MAP_ANON
            #else
            let flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE
            #endif
            let pointer = mmap(nil, bytes, PROT_READ | PROT_WRITE, flags, -1, 0)
            guard let pointer, pointer != MAP_FAILED else {
                throw SimulationError(
                    .outOfMemory, "could not allocate the \(qubits)-qubit statevector (\(bytes) bytes)")
            }
            #if os(Linux)
            _ = madvise(pointer, bytes, MADV_HUGEPAGE)
            #endif
            base = pointer
            isMapped = true
        } else {
            base = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            base.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
            isMapped = false
        }
        byteCount = bytes
        self.qubits = qubits
        let re = base.bindMemory(to: Double.self, capacity: bytes / 8)
        block = AmplitudeBlock(re: re, im: re + half / 8, qubits: qubits)
        re[0] = 1
    }

    deinit {
        if isMapped {
            munmap(base, byteCount)
        } else {
            base.deallocate()
        }
    }

    /// Sets the first 2^extent amplitudes back to |0…0⟩ (the rest must already be 0).
    func reset(extent: Int) {
        let count = 1 << Swift.min(extent, qubits)
        block.re.update(repeating: 0, count: count)
        block.im.update(repeating: 0, count: count)
        block.re[0] = 1
    }

    /// Copies the first 2^extent amplitudes from `other` (of the same size).
    func copy(from other: StateVector, extent: Int) {
        let count = 1 << Swift.min(extent, qubits)
        block.re.update(from: other.block.re, count: count)
        block.im.update(from: other.block.im, count: count)
    }

    /// The bytes a state of `qubits` positions takes.
    static func bytes(qubits: Int) -> Int {
        2 * Swift.max((1 << qubits) * 8, 64)
    }
}
