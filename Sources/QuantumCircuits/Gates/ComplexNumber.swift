#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A complex number for the package's own matrix arithmetic.
///
/// QuantumCircuits sits below the SDK, so it cannot use the SDK's public `Complex`; and to keep the
/// two public types from clashing in code that imports both modules, this one is `package`. Public
/// API exposes complex matrices as interleaved `[Double]` (see ``GateMatrix``).
package struct ComplexNumber: Sendable, Hashable {
    package var re: Double
    package var im: Double

    package init(_ re: Double, _ im: Double = 0) {
        self.re = re
        self.im = im
    }

    package static let zero = ComplexNumber(0, 0)
    package static let one = ComplexNumber(1, 0)
    package static let i = ComplexNumber(0, 1)

    /// e^{iθ}.
    package static func phase(_ theta: Double) -> ComplexNumber {
        ComplexNumber(cos(theta), sin(theta))
    }

    package static func + (a: ComplexNumber, b: ComplexNumber) -> ComplexNumber {
        ComplexNumber(a.re + b.re, a.im + b.im)
    }

    package static func - (a: ComplexNumber, b: ComplexNumber) -> ComplexNumber {
        ComplexNumber(a.re - b.re, a.im - b.im)
    }

    package static func * (a: ComplexNumber, b: ComplexNumber) -> ComplexNumber {
        ComplexNumber(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
    }

    package static func * (a: Double, b: ComplexNumber) -> ComplexNumber {
        ComplexNumber(a * b.re, a * b.im)
    }

    package static prefix func - (a: ComplexNumber) -> ComplexNumber {
        ComplexNumber(-a.re, -a.im)
    }

    package var conjugate: ComplexNumber { ComplexNumber(re, -im) }

    package var magnitudeSquared: Double { re * re + im * im }
}
