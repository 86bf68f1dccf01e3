import QuantumCircuits

/// What a one-qubit kernel does to each amplitude pair `(a0, a1)` (target bit 0 and 1), two
/// pairs at a time (one per SIMD lane), in split layout. ``AmplitudeBlock/transformPairs(controls:target:_:)``
/// runs it over a block; the kernels differ only in their transform, which the compiler inlines.
protocol PairTransform {
    typealias Vector = SIMD2<Double>
    func apply(_ a0r: Vector, _ a0i: Vector, _ a1r: Vector, _ a1i: Vector) -> (Vector, Vector, Vector, Vector)
}

/// A general 2×2 complex matrix (28 operations per two pairs).
struct MatrixTransform: PairTransform {
    let m00r, m00i, m01r, m01i, m10r, m10i, m11r, m11i: Vector

    init(_ m: Matrix2) {
        m00r = Vector(repeating: m.a00.re)
        m00i = Vector(repeating: m.a00.im)
        m01r = Vector(repeating: m.a01.re)
        m01i = Vector(repeating: m.a01.im)
        m10r = Vector(repeating: m.a10.re)
        m10i = Vector(repeating: m.a10.im)
        m11r = Vector(repeating: m.a11.re)
        m11i = Vector(repeating: m.a11.im)
    }

    @inline(__always)
    func apply(_ a0r: Vector, _ a0i: Vector, _ a1r: Vector, _ a1i: Vector) -> (Vector, Vector, Vector, Vector) {
        let b0r = (m00r * a0r - m00i * a0i) + (m01r * a1r - m01i * a1i)
        let b0i = (m00r * a0i + m00i * a0r) + (m01r * a1i + m01i * a1r)
        let b1r = (m10r * a0r - m10i * a0i) + (m11r * a1r - m11i * a1i)
        let b1i = (m10r * a0i + m10i * a0r) + (m11r * a1i + m11i * a1r)
        return (b0r, b0i, b1r, b1i)
    }
}

/// `Ry(θ) · P(λ)`: a1 times e^{iλ}, then the real rotation (18 operations per two pairs).
struct PhasedRotationTransform: PairTransform {
    let phaseRe, phaseIm, cosine, sine: Vector

    init(inputPhase: ComplexNumber, cosine: Double, sine: Double) {
        phaseRe = Vector(repeating: inputPhase.re)
        phaseIm = Vector(repeating: inputPhase.im)
        self.cosine = Vector(repeating: cosine)
        self.sine = Vector(repeating: sine)
    }

    @inline(__always)
    func apply(_ a0r: Vector, _ a0i: Vector, _ a1r: Vector, _ a1i: Vector) -> (Vector, Vector, Vector, Vector) {
        let pr = phaseRe * a1r - phaseIm * a1i
        let pi = phaseRe * a1i + phaseIm * a1r
        return (cosine * a0r - sine * pr, cosine * a0i - sine * pi, sine * a0r + cosine * pr, sine * a0i + cosine * pi)
    }
}

/// `Ry(θ)`: the real rotation alone (12 operations per two pairs).
struct RotationTransform: PairTransform {
    let cosine, sine: Vector

    init(cosine: Double, sine: Double) {
        self.cosine = Vector(repeating: cosine)
        self.sine = Vector(repeating: sine)
    }

    @inline(__always)
    func apply(_ a0r: Vector, _ a0i: Vector, _ a1r: Vector, _ a1i: Vector) -> (Vector, Vector, Vector, Vector) {
        (cosine * a0r - sine * a1r, cosine * a0i - sine * a1i, sine * a0r + cosine * a1r, sine * a0i + cosine * a1i)
    }
}

/// X: the two amplitudes of each pair change places.
struct SwapTransform: PairTransform {
    @inline(__always)
    func apply(_ a0r: Vector, _ a0i: Vector, _ a1r: Vector, _ a1i: Vector) -> (Vector, Vector, Vector, Vector) {
        (a1r, a1i, a0r, a0i)
    }
}
