import QuantumCircuits

/// A 2×2 complex matrix `[[a00, a01], [a10, a11]]`: a one-qubit gate, or the target block of a
/// controlled one.
struct Matrix2: Sendable, Hashable {
    var a00: ComplexNumber
    var a01: ComplexNumber
    var a10: ComplexNumber
    var a11: ComplexNumber

    static let identity = Matrix2(a00: .one, a01: .zero, a10: .zero, a11: .one)
    static let pauliX = Matrix2(a00: .zero, a01: .one, a10: .one, a11: .zero)

    /// Entries smaller than this (in modulus) count as zero, and entries this close as equal, when
    /// the engine looks for structure. Gate matrices are exact where it matters (qiskit's zeros
    /// are exact); the tolerance only catches products such as H·H.
    static let tolerance = 1e-14

    /// `self · other`: apply `other` first, then `self`.
    func multiplied(by other: Matrix2) -> Matrix2 {
        Matrix2(
            a00: a00 * other.a00 + a01 * other.a10, a01: a00 * other.a01 + a01 * other.a11,
            a10: a10 * other.a00 + a11 * other.a10, a11: a10 * other.a01 + a11 * other.a11)
    }

    var isDiagonal: Bool {
        Self.isZero(a01) && Self.isZero(a10)
    }

    var isAntiDiagonal: Bool {
        Self.isZero(a00) && Self.isZero(a11)
    }

    /// Whether this is exactly X.
    var isPauliX: Bool {
        a00 == .zero && a11 == .zero && a01 == .one && a10 == .one
    }

    static func isZero(_ value: ComplexNumber) -> Bool {
        value.magnitudeSquared <= tolerance * tolerance
    }

    static func isOne(_ value: ComplexNumber) -> Bool {
        isZero(value - .one)
    }
}
