#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension StandardGate {
    /// The gate's exact unitary for the given parameter values, in qiskit's conventions and
    /// little-endian operand order (see ``GateMatrix``), global phase included.
    ///
    /// - Parameter parameters: ``parameterCount`` values, in the gate's parameter order.
    /// - Throws: ``CircuitError/Code/invalidArgument`` if the number of values is wrong.
    public func matrix(_ parameters: [Double] = []) throws(CircuitError) -> GateMatrix {
        guard parameters.count == parameterCount else {
            throw CircuitError(
                .invalidArgument, "gate '\(rawValue)' takes \(parameterCount) parameters, not \(parameters.count)",
                gate: rawValue)
        }
        return unitary(parameters)
    }

    /// The 2×2 matrix of a one-qubit gate or the target block of a controlled one.
    private static func single(_ a: ComplexNumber, _ b: ComplexNumber, _ c: ComplexNumber, _ d: ComplexNumber)
        -> GateMatrix
    {
        var m = GateMatrix(zeroWithQubits: 1)
        m[0, 0] = a
        m[0, 1] = b
        m[1, 0] = c
        m[1, 1] = d
        return m
    }

    /// qiskit's u(θ, φ, λ).
    private static func uMatrix(_ theta: Double, _ phi: Double, _ lambda: Double) -> GateMatrix {
        let c = cos(theta / 2)
        let s = sin(theta / 2)
        return single(
            ComplexNumber(c), -s * ComplexNumber.phase(lambda),
            s * ComplexNumber.phase(phi), c * ComplexNumber.phase(phi + lambda))
    }

    /// The gate `base` (one qubit) controlled by `controls` qubits: operands 0..<controls are the
    /// controls, the last operand the target.
    private static func controlled(_ base: GateMatrix, controls: Int) -> GateMatrix {
        var m = GateMatrix.identity(qubitCount: controls + base.qubitCount)
        let allControls = (1 << controls) - 1
        for r in 0..<base.dimension {
            for c in 0..<base.dimension {
                m[allControls | (r << controls), allControls | (c << controls)] = base[r, c] as ComplexNumber
            }
        }
        return m
    }

    /// A diagonal matrix.
    private static func diagonal(_ entries: [ComplexNumber]) -> GateMatrix {
        var qubits = 0
        while (1 << qubits) < entries.count { qubits += 1 }
        var m = GateMatrix(zeroWithQubits: qubits)
        for (k, value) in entries.enumerated() { m[k, k] = value }
        return m
    }

    /// exp(−iθ/2 · P) for a two-qubit Pauli product P given by its nonzero entries.
    private static func pauliRotation(_ theta: Double, _ pauli: [(Int, Int, ComplexNumber)]) -> GateMatrix {
        let c = cos(theta / 2)
        let s = sin(theta / 2)
        var m = GateMatrix(zeroWithQubits: 2)
        for k in 0..<4 { m[k, k] = ComplexNumber(c) }
        for (r, col, value) in pauli {
            // −i·s·P
            let current: ComplexNumber = m[r, col]
            m[r, col] = current + ComplexNumber(0, -s) * value
        }
        return m
    }

    private func unitary(_ p: [Double]) -> GateMatrix {
        let half = 0.5.squareRoot()
        let one = ComplexNumber.one
        let zero = ComplexNumber.zero
        let i = ComplexNumber.i
        switch self {
        case .id: return .identity(qubitCount: 1)
        case .x: return Self.single(zero, one, one, zero)
        case .y: return Self.single(zero, -i, i, zero)
        case .z: return Self.diagonal([one, -one])
        case .h: return Self.single(ComplexNumber(half), ComplexNumber(half), ComplexNumber(half), ComplexNumber(-half))
        case .s: return Self.diagonal([one, i])
        case .sdg: return Self.diagonal([one, -i])
        case .t: return Self.diagonal([one, ComplexNumber(half, half)])
        case .tdg: return Self.diagonal([one, ComplexNumber(half, -half)])
        case .sx:
            return Self.single(ComplexNumber(0.5, 0.5), ComplexNumber(0.5, -0.5), ComplexNumber(0.5, -0.5), ComplexNumber(0.5, 0.5))
        case .sxdg:
            return Self.single(ComplexNumber(0.5, -0.5), ComplexNumber(0.5, 0.5), ComplexNumber(0.5, 0.5), ComplexNumber(0.5, -0.5))
        case .rx:
            let c = cos(p[0] / 2), s = sin(p[0] / 2)
            return Self.single(ComplexNumber(c), ComplexNumber(0, -s), ComplexNumber(0, -s), ComplexNumber(c))
        case .ry:
            let c = cos(p[0] / 2), s = sin(p[0] / 2)
            return Self.single(ComplexNumber(c), ComplexNumber(-s), ComplexNumber(s), ComplexNumber(c))
        case .rz: return Self.diagonal([.phase(-p[0] / 2), .phase(p[0] / 2)])
        case .p, .u1: return Self.diagonal([one, .phase(p[0])])
        case .r:
            let c = cos(p[0] / 2), s = sin(p[0] / 2)
            return Self.single(
                ComplexNumber(c), ComplexNumber(0, -s) * .phase(-p[1]), ComplexNumber(0, -s) * .phase(p[1]), ComplexNumber(c))
        case .u, .u3: return Self.uMatrix(p[0], p[1], p[2])
        case .u2: return Self.uMatrix(Double.pi / 2, p[0], p[1])
        case .cx: return Self.controlled(StandardGate.x.unitary([]), controls: 1)
        case .cy: return Self.controlled(StandardGate.y.unitary([]), controls: 1)
        case .cz: return Self.diagonal([one, one, one, -one])
        case .ch: return Self.controlled(StandardGate.h.unitary([]), controls: 1)
        case .cs: return Self.diagonal([one, one, one, i])
        case .csdg: return Self.diagonal([one, one, one, -i])
        case .csx: return Self.controlled(StandardGate.sx.unitary([]), controls: 1)
        case .cp, .cu1: return Self.diagonal([one, one, one, .phase(p[0])])
        case .crx: return Self.controlled(StandardGate.rx.unitary(p), controls: 1)
        case .cry: return Self.controlled(StandardGate.ry.unitary(p), controls: 1)
        case .crz: return Self.controlled(StandardGate.rz.unitary(p), controls: 1)
        case .cu:
            let target = Self.uMatrix(p[0], p[1], p[2]).scaled(by: .phase(p[3]))
            return Self.controlled(target, controls: 1)
        case .cu3: return Self.controlled(Self.uMatrix(p[0], p[1], p[2]), controls: 1)
        case .swap:
            var m = GateMatrix(zeroWithQubits: 2)
            m[0, 0] = one; m[1, 2] = one; m[2, 1] = one; m[3, 3] = one
            return m
        case .iswap:
            var m = GateMatrix(zeroWithQubits: 2)
            m[0, 0] = one; m[1, 2] = i; m[2, 1] = i; m[3, 3] = one
            return m
        case .dcx:
            var m = GateMatrix(zeroWithQubits: 2)
            m[0, 0] = one; m[1, 3] = one; m[2, 1] = one; m[3, 2] = one
            return m
        case .ecr:
            var m = GateMatrix(zeroWithQubits: 2)
            let a = ComplexNumber(half), b = ComplexNumber(0, half)
            m[0, 1] = a; m[0, 3] = b
            m[1, 0] = a; m[1, 2] = -b
            m[2, 1] = b; m[2, 3] = a
            m[3, 0] = -b; m[3, 2] = a
            return m
        case .rxx: return Self.pauliRotation(p[0], [(0, 3, one), (1, 2, one), (2, 1, one), (3, 0, one)])
        case .ryy: return Self.pauliRotation(p[0], [(0, 3, -one), (1, 2, one), (2, 1, one), (3, 0, -one)])
        case .rzz: return Self.diagonal([.phase(-p[0] / 2), .phase(p[0] / 2), .phase(p[0] / 2), .phase(-p[0] / 2)])
        case .rzx: return Self.pauliRotation(p[0], [(0, 2, one), (1, 3, -one), (2, 0, one), (3, 1, -one)])
        case .xxMinusYY:
            let c = cos(p[0] / 2), s = sin(p[0] / 2)
            var m = GateMatrix.identity(qubitCount: 2)
            m[0, 0] = ComplexNumber(c)
            m[3, 3] = ComplexNumber(c)
            m[0, 3] = ComplexNumber(0, -s) * .phase(-p[1])
            m[3, 0] = ComplexNumber(0, -s) * .phase(p[1])
            return m
        case .xxPlusYY:
            let c = cos(p[0] / 2), s = sin(p[0] / 2)
            var m = GateMatrix.identity(qubitCount: 2)
            m[1, 1] = ComplexNumber(c)
            m[2, 2] = ComplexNumber(c)
            m[1, 2] = ComplexNumber(0, -s) * .phase(-p[1])
            m[2, 1] = ComplexNumber(0, -s) * .phase(p[1])
            return m
        case .ccx: return Self.controlled(StandardGate.x.unitary([]), controls: 2)
        case .ccz: return Self.controlled(StandardGate.z.unitary([]), controls: 2)
        case .cswap:
            var m = GateMatrix.identity(qubitCount: 3)
            m[3, 3] = zero; m[5, 5] = zero
            m[3, 5] = one; m[5, 3] = one
            return m
        case .rccx:
            var m = GateMatrix.identity(qubitCount: 3)
            m[3, 3] = zero; m[7, 7] = zero
            m[3, 7] = -i; m[7, 3] = i
            m[5, 5] = -one
            return m
        case .c3x: return Self.controlled(StandardGate.x.unitary([]), controls: 3)
        case .c3sx: return Self.controlled(StandardGate.sx.unitary([]), controls: 3)
        case .rcccx:
            var m = GateMatrix.identity(qubitCount: 4)
            m[3, 3] = i; m[11, 11] = -i
            m[7, 7] = zero; m[15, 15] = zero
            m[7, 15] = one; m[15, 7] = -one
            return m
        case .c4x: return Self.controlled(StandardGate.x.unitary([]), controls: 4)
        case .gphase:
            var m = GateMatrix(zeroWithQubits: 0)
            m[0, 0] = .phase(p[0])
            return m
        }
    }
}
