/// The measured bits of one classical register for every shot of a sampler pub: qiskit's
/// `BitArray`.
///
/// The outcomes stay packed as the service sends them: for each position of the pub's
/// ``shape`` and each shot, ``bytesPerShot`` bytes holding the register's value big-endian (the
/// last byte holds bits 0–7; "11" on 2 bits is `0x03`). Counting works on those bytes and formats a
/// bitstring once per distinct outcome, so counting 100,000 shots of 127 bits never builds 100,000
/// strings first.
///
/// ```swift
/// let bits = try #require(result[0].data["meas"])
/// let counts = bits.counts()                 // ["00": 503, "11": 521]
/// let first = bits.bitstring(shot: 0)        // "11"
/// ```
///
/// Bitstrings are in the register's bit order, most significant first, as qiskit's
/// `get_counts` writes them: character `i` from the right is `meas[i]`. Bits above ``bitCount`` in
/// the first byte of a shot are ignored (cleared when the array is created), as qiskit ignores them.
public struct BitArray: Sendable, Hashable, CustomStringConvertible {
    /// The pub's shape: one set of shots per position (`[]` for a pub without a sweep).
    public let shape: [Int]
    /// The number of shots at each position.
    public let shots: Int
    /// The number of bits of the register (qiskit's `num_bits`).
    public let bitCount: Int
    /// The packed outcomes in C order: ``shape``, then shots, then ``bytesPerShot`` bytes per shot,
    /// big-endian (qiskit's `BitArray.array`, flattened).
    public let packedBytes: [UInt8]

    /// Creates a bit array from packed outcomes.
    ///
    /// - Parameters:
    ///   - packedBytes: `count × shots × bytesPerShot` bytes in C order, each shot's value big-endian.
    ///   - shape: the pub's shape.
    ///   - shots: shots per position.
    ///   - bitCount: bits per outcome.
    /// - Throws: `RuntimeError(.invalidArgument)` when the byte count does not match.
    public init(packedBytes: [UInt8], shape: [Int] = [], shots: Int, bitCount: Int) throws {
        guard bitCount >= 0, shots >= 0, shape.allSatisfy({ $0 >= 0 }) else {
            throw RuntimeError(.invalidArgument, "negative shots, bit count or dimension in a bit array")
        }
        let width = (bitCount + 7) / 8
        guard let positions = ShapeMath.count(shape),
              case let (rows, o1) = positions.multipliedReportingOverflow(by: shots), !o1,
              case let (total, o2) = rows.multipliedReportingOverflow(by: width), !o2, total == packedBytes.count
        else {
            throw RuntimeError(.invalidArgument, "\(packedBytes.count) bytes do not hold shape \(ShapeMath.describe(shape)) × \(shots) shots × \(width) bytes per shot")
        }
        self.shape = shape
        self.shots = shots
        self.bitCount = bitCount
        self.packedBytes = BitArray.clearingStragglers(packedBytes, width: width, bitCount: bitCount)
    }

    /// Creates a bit array from a `uint8` ndarray of shape `pub shape + (shots, ceil(bitCount/8))`,
    /// as in a `BitArray`'s `array` on the wire.
    /// - Throws: `RuntimeError(.invalidArgument)` for another dtype, fewer than two dimensions or
    ///   a last dimension that is not `ceil(bitCount / 8)`.
    public init(ndarray: NDArray, bitCount: Int) throws {
        guard ndarray.dtype.kind == .unsignedInteger, ndarray.dtype.itemSize == 1 else {
            throw RuntimeError(.invalidArgument, "a bit array needs a uint8 ndarray, not \(ndarray.dtype)")
        }
        guard ndarray.shape.count >= 2 else {
            throw RuntimeError(.invalidArgument, "a bit array needs at least two dimensions (shots, bytes), not \(ShapeMath.describe(ndarray.shape))")
        }
        let width = (bitCount + 7) / 8
        guard bitCount >= 0, ndarray.shape[ndarray.shape.count - 1] == width else {
            throw RuntimeError(.invalidArgument, "\(bitCount) bits need \(width) bytes per shot, the array has \(ndarray.shape.last ?? 0)")
        }
        let bytes = ndarray.isFortranOrder ? ShapeMath.fortranToC(ndarray.bytes, shape: ndarray.shape) : ndarray.bytes
        try self.init(packedBytes: bytes, shape: Array(ndarray.shape.dropLast(2)),
                      shots: ndarray.shape[ndarray.shape.count - 2], bitCount: bitCount)
    }

    /// Creates a bit array of shape `[]` from bitstrings, one per shot (`["01", "11"]`), as qiskit's
    /// `BitArray.from_samples`; all must have `bitCount` characters (default: the longest).
    /// - Throws: `RuntimeError(.invalidArgument)` for a character other than `0`/`1` or a string
    ///   longer than `bitCount`.
    public init(bitstrings: [String], bitCount: Int? = nil) throws {
        let bits = bitCount ?? bitstrings.map(\.utf8.count).max() ?? 0
        let width = (bits + 7) / 8
        var bytes = [UInt8](repeating: 0, count: bitstrings.count * width)
        for (shot, text) in bitstrings.enumerated() {
            let utf8 = Array(text.utf8)
            guard utf8.count <= bits else {
                throw RuntimeError(.invalidArgument, "bitstring \(text.prefix(80)) is longer than \(bits) bits")
            }
            for (offset, character) in utf8.reversed().enumerated() {
                switch character {
                case UInt8(ascii: "0"): break
                case UInt8(ascii: "1"): bytes[shot * width + width - 1 - offset / 8] |= 1 << UInt8(offset % 8)
                default: throw RuntimeError(.invalidArgument, "bitstring \(text.prefix(80)) has a character other than 0 and 1")
                }
            }
        }
        try self.init(packedBytes: bytes, shape: [], shots: bitstrings.count, bitCount: bits)
    }

    /// Creates a bit array of shape `[]` from integer outcomes, one per shot.
    /// - Throws: `RuntimeError(.invalidArgument)` when a value needs more than `bitCount` bits.
    public init(integers: [UInt64], bitCount: Int) throws {
        let width = (bitCount + 7) / 8
        var bytes = [UInt8](repeating: 0, count: integers.count * width)
        for (shot, value) in integers.enumerated() {
            guard bitCount >= 64 || value >> UInt64(bitCount) == 0 else {
                throw RuntimeError(.invalidArgument, "outcome \(value) does not fit in \(bitCount) bits")
            }
            for byte in 0..<min(width, 8) { bytes[shot * width + width - 1 - byte] = UInt8(truncatingIfNeeded: value >> UInt64(8 * byte)) }
        }
        try self.init(packedBytes: bytes, shape: [], shots: integers.count, bitCount: bitCount)
    }

    /// Bytes per shot: `ceil(bitCount / 8)`.
    public var bytesPerShot: Int { (bitCount + 7) / 8 }

    /// The number of positions of the pub's shape (1 for shape `[]`).
    public var positionCount: Int { ShapeMath.count(shape) ?? 0 }

    /// The number of shots over all positions.
    public var totalShots: Int { positionCount * shots }

    /// `BitArray(<shape=(2, 3), shots=1024, bits=2>)`.
    public var description: String {
        "BitArray(<shape=\(ShapeMath.describe(shape)), shots=\(shots), bits=\(bitCount)>)"
    }

    // MARK: Per shot

    /// The C-order row (position × shots + shot) of a shot, checking bounds.
    func row(shot: Int, at position: [Int]) -> Int {
        precondition(shot >= 0 && shot < shots, "shot \(shot) is out of bounds for \(shots) shots")
        precondition(position.count == shape.count, "position \(position) does not have one index per dimension of \(ShapeMath.describe(shape))")
        var offset = 0
        for axis in 0..<shape.count {
            precondition(position[axis] >= 0 && position[axis] < shape[axis], "position \(position) is out of bounds for shape \(ShapeMath.describe(shape))")
            offset = offset * shape[axis] + position[axis]
        }
        return offset * shots + shot
    }

    /// The packed bytes of one shot (big-endian).
    ///
    /// - Parameters:
    ///   - shot: the shot, `0..<shots`.
    ///   - position: the position in ``shape`` (omit for shape `[]`).
    /// - Precondition: the shot and position are in bounds (like `Array`'s subscript).
    public func shotBytes(shot: Int, at position: [Int] = []) -> ArraySlice<UInt8> {
        let start = row(shot: shot, at: position) * bytesPerShot
        return packedBytes[start..<start + bytesPerShot]
    }

    /// One shot as a bitstring, most significant bit first (`"0110"`).
    /// - Precondition: the shot and position are in bounds.
    public func bitstring(shot: Int, at position: [Int] = []) -> String {
        let row = row(shot: shot, at: position)
        return packedBytes.withUnsafeBytes { BitstringFormatter(bitCount: bitCount).string(UnsafeRawBufferPointer(rebasing: $0[row * bytesPerShot..<(row + 1) * bytesPerShot])) }
    }

    /// One shot as an integer, or nil when the register has more than 64 bits.
    /// - Precondition: the shot and position are in bounds.
    public func integer(shot: Int, at position: [Int] = []) -> UInt64? {
        guard bitCount <= 64 else { return nil }
        return BitArray.integer(shotBytes(shot: shot, at: position))
    }

    /// Bit `bit` (0 is the least significant, `meas[0]`) of one shot.
    /// - Precondition: the bit, shot and position are in bounds.
    public func bit(_ bit: Int, shot: Int, at position: [Int] = []) -> Bool {
        precondition(bit >= 0 && bit < bitCount, "bit \(bit) is out of bounds for \(bitCount) bits")
        let bytes = shotBytes(shot: shot, at: position)
        return bytes[bytes.endIndex - 1 - bit / 8] >> UInt8(bit % 8) & 1 == 1
    }

    /// Every shot as a bitstring, positions in C order and shots in order within each (qiskit's
    /// `get_bitstrings()`).
    public func bitstrings() -> [String] {
        let formatter = BitstringFormatter(bitCount: bitCount)
        let width = bytesPerShot
        return packedBytes.withUnsafeBytes { raw in
            (0..<totalShots).map { formatter.string(UnsafeRawBufferPointer(rebasing: raw[$0 * width..<($0 + 1) * width])) }
        }
    }

    // MARK: Helpers

    /// A big-endian value of at most 8 bytes.
    static func integer(_ bytes: some Collection<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for byte in bytes { value = value << 8 | UInt64(byte) }
        return value
    }

    /// The mask of the meaningful bits of a shot's first byte.
    static func leadMask(bitCount: Int) -> UInt8 {
        let lead = bitCount % 8
        return lead == 0 ? 0xFF : UInt8((1 << lead) - 1)
    }

    /// `bytes` with the bits above `bitCount` cleared in every shot's first byte (copied only when
    /// one is set).
    private static func clearingStragglers(_ bytes: [UInt8], width: Int, bitCount: Int) -> [UInt8] {
        let mask = leadMask(bitCount: bitCount)
        guard mask != 0xFF, width > 0 else { return bytes }
        var dirty = false
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                if buffer[index] & ~mask != 0 { dirty = true; break }
                index += width
            }
        }
        guard dirty else { return bytes }
        var copy = bytes
        var index = 0
        while index < copy.count {
            copy[index] &= mask
            index += width
        }
        return copy
    }
}
