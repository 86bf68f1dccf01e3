/// A complex number with `Double` parts, as Python's `complex` and numpy's `complex128`.
///
/// On the wire it is the tagged value `{"__type__": "complex", "__value__": [real, imag]}`.
/// Equality treats NaN parts as equal to NaN.
public struct Complex: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The real part.
    public var real: Double
    /// The imaginary part.
    public var imaginary: Double

    /// Creates `real + imaginary·i`.
    public init(_ real: Double, _ imaginary: Double = 0) {
        self.real = real
        self.imaginary = imaginary
    }

    /// Creates `real + imaginary·i`.
    public init(real: Double, imaginary: Double) {
        self.init(real, imaginary)
    }

    /// Compares part by part; NaN equals NaN.
    public static func == (lhs: Complex, rhs: Complex) -> Bool {
        func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
        return same(lhs.real, rhs.real) && same(lhs.imaginary, rhs.imaginary)
    }

    /// Hashes both parts (every NaN hashes alike).
    public func hash(into hasher: inout Hasher) {
        for part in [real, imaginary] {
            if part.isNaN { hasher.combine(Double.nan.bitPattern) } else { hasher.combine(part == 0 ? 0 : part) }
        }
    }

    /// Python's notation, such as `(1.0+2.0j)`.
    public var description: String {
        let sign = imaginary.sign == .minus || (imaginary.isNaN && imaginary.sign == .minus) ? "-" : "+"
        return "(\(real)\(sign)\(Swift.abs(imaginary))j)"
    }

    /// Decodes `[real, imaginary]`. (Over a ``RuntimeValue`` the tagged form is used instead.)
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let real = try container.decode(Double.self)
        let imaginary = try container.decode(Double.self)
        self.init(real, imaginary)
    }

    /// Encodes `[real, imaginary]`. (Into a ``RuntimeValue`` the tagged form is used instead.)
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(real)
        try container.encode(imaginary)
    }
}
