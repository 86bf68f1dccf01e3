/// A named quantum or classical register: its name and the flat indices of its bits.
///
/// Registers declared in OpenQASM (`qubit[3] q;`, `bit[2] c;`) or with the builder are contiguous
/// ranges of the circuit's flat qubit or clbit indices, in declaration order. Registers read from QPY
/// may list any bits. Bit `k` of the register (`c[k]`) is ``bits``[k]; as a classical value, bit 0
/// is the least significant.
public struct CircuitRegister: Sendable, Hashable, CustomStringConvertible {
    /// The register's name (`q`, `c`, `meas`).
    public var name: String
    /// The circuit's flat qubit (or clbit) index of each of the register's bits, in register order.
    public var bits: [Int]

    /// Creates a register.
    public init(name: String, bits: [Int]) {
        self.name = name
        self.bits = bits
    }

    /// The number of bits.
    public var size: Int { bits.count }

    /// `name[size]`.
    public var description: String { "\(name)[\(bits.count)]" }
}
