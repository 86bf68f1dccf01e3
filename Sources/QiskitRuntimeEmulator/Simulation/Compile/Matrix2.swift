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

    /// The factors of `U = e^{iα} · P(φ) · Ry(θ) · P(λ)` (qiskit's `u(θ, φ, λ)` times a global
    /// phase; `P(x) = diag(1, e^{ix})`), as unit complex numbers and cos/sin of θ/2: what the
    /// rotation kernel needs (P(λ), then the real Ry) and what stays pending (P(φ), α). Nil for a
    /// diagonal matrix, or when the factors do not rebuild the matrix within 1e-13 (not unitary).
    func eulerFactors() -> (globalPhase: ComplexNumber, phi: ComplexNumber, cosine: Double, sine: Double, lambda: ComplexNumber)? {
        let c = a00.magnitudeSquared.squareRoot()
        let s = a10.magnitudeSquared.squareRoot()
        let norm = (c * c + s * s).squareRoot()
        guard s > Self.tolerance, norm > 0.5 else { return nil }
        let alpha: ComplexNumber
        let phi: ComplexNumber
        if c > Self.tolerance {
            alpha = (1 / c) * a00
            phi = (1 / s) * (a10 * alpha.conjugate)
        } else {
            alpha = (1 / s) * a10
            phi = .one
        }
        let b = a01.magnitudeSquared.squareRoot()
        guard b > Self.tolerance else { return nil }
        let lambda = (-1 / b) * (a01 * alpha.conjugate)
        let cosine = c / norm, sine = s / norm
        let rebuilt = Matrix2(
            a00: cosine * alpha, a01: -sine * (alpha * lambda),
            a10: sine * (alpha * phi), a11: cosine * (alpha * phi * lambda))
        for (x, y) in [(rebuilt.a00, a00), (rebuilt.a01, a01), (rebuilt.a10, a10), (rebuilt.a11, a11)] {
            if (x - y).magnitudeSquared > 1e-26 { return nil }
        }
        return (alpha, phi, cosine, sine, lambda)
    }
}
