/// The gates QuantumCircuits knows by name, with their exact unitary matrices.
///
/// The set covers OpenQASM 3's `stdgates.inc`, the builtins `U` and `gphase`, OpenQASM 2's
/// `qelib1.inc`, and qiskit's other standard gates that appear in QPY. The raw value is the gate's
/// name as qiskit and the backends' `basis_gates` spell it (`"cx"`, `"ecr"`, `"rzz"`,
/// `"xx_minus_yy"`); ``init(qasmName:)`` also accepts the OpenQASM aliases (`U`, `CX`, `phase`,
/// `cphase`, `cnot`, `c3sqrtx`, `rc3x`, `toffoli`, `fredkin`).
///
/// Operand order follows qiskit: controls first, then targets (`cx control, target`,
/// `ccx c0, c1, target`, `cswap control, a, b`). ``matrix(_:)`` gives the matrix in qiskit's
/// little-endian layout described in ``GateMatrix``.
///
/// `gphase` acts on no qubits: it multiplies the state by `e^{iγ}`. Circuits fold it into
/// ``QuantumCircuit/globalPhase``; it appears only inside custom gate bodies.
public enum StandardGate: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    // One qubit, no parameters.
    /// Identity.
    case id
    /// Pauli X.
    case x
    /// Pauli Y.
    case y
    /// Pauli Z.
    case z
    /// Hadamard.
    case h
    /// S = diag(1, i).
    case s
    /// S† = diag(1, −i).
    case sdg
    /// T = diag(1, e^{iπ/4}).
    case t
    /// T† = diag(1, e^{−iπ/4}).
    case tdg
    /// √X = ½[[1+i, 1−i], [1−i, 1+i]].
    case sx
    /// √X†.
    case sxdg
    // One qubit, parameters.
    /// rx(θ) = exp(−iθX/2).
    case rx
    /// ry(θ) = exp(−iθY/2).
    case ry
    /// rz(φ) = exp(−iφZ/2) = diag(e^{−iφ/2}, e^{iφ/2}).
    case rz
    /// p(λ) = diag(1, e^{iλ}) (OpenQASM alias `phase`).
    case p
    /// r(θ, φ) = exp(−iθ(cos φ X + sin φ Y)/2).
    case r
    /// u(θ, φ, λ) = [[cos θ/2, −e^{iλ} sin θ/2], [e^{iφ} sin θ/2, e^{i(φ+λ)} cos θ/2]] (also `U`).
    case u
    /// u1(λ) = p(λ).
    case u1
    /// u2(φ, λ) = u(π/2, φ, λ).
    case u2
    /// u3(θ, φ, λ) = u(θ, φ, λ).
    case u3
    // Two qubits.
    /// Controlled X (CNOT); operands (control, target). Also `CX`.
    case cx
    /// Controlled Y.
    case cy
    /// Controlled Z.
    case cz
    /// Controlled Hadamard.
    case ch
    /// Controlled S.
    case cs
    /// Controlled S†.
    case csdg
    /// Controlled √X.
    case csx
    /// Controlled phase cp(λ) = diag(1, 1, 1, e^{iλ}) (alias `cphase`).
    case cp
    /// Controlled rx(θ).
    case crx
    /// Controlled ry(θ).
    case cry
    /// Controlled rz(θ).
    case crz
    /// cu(θ, φ, λ, γ): controlled e^{iγ}·u(θ, φ, λ).
    case cu
    /// cu1(λ) = cp(λ).
    case cu1
    /// cu3(θ, φ, λ): controlled u3(θ, φ, λ).
    case cu3
    /// SWAP.
    case swap
    /// iSWAP.
    case iswap
    /// Double CNOT: cx(0→1) then cx(1→0).
    case dcx
    /// Echoed cross-resonance: (IX − XY)/√2 in qiskit's labels (operand 0 is the control side).
    case ecr
    /// rxx(θ) = exp(−iθ X⊗X/2).
    case rxx
    /// ryy(θ) = exp(−iθ Y⊗Y/2).
    case ryy
    /// rzz(θ) = exp(−iθ Z⊗Z/2).
    case rzz
    /// rzx(θ) = exp(−iθ X⊗Z/2): Z on operand 0, X on operand 1.
    case rzx
    /// XX−YY interaction, parameters (θ, β).
    case xxMinusYY = "xx_minus_yy"
    /// XX+YY interaction, parameters (θ, β).
    case xxPlusYY = "xx_plus_yy"
    // Three and more qubits.
    /// Toffoli: operands (control, control, target).
    case ccx
    /// Doubly controlled Z.
    case ccz
    /// Fredkin: operands (control, a, b).
    case cswap
    /// Simplified (relative-phase) Toffoli.
    case rccx
    /// Triply controlled X (qiskit's `C3XGate`).
    case c3x
    /// Triply controlled √X (`C3SXGate`; OpenQASM 2 `c3sqrtx`).
    case c3sx
    /// Relative-phase triply controlled X (`RC3XGate`; OpenQASM 2 `rc3x`).
    case rcccx
    /// Quadruply controlled X (`C4XGate`).
    case c4x
    // No qubits.
    /// Global phase gphase(γ): multiplies the state by e^{iγ}.
    case gphase

    /// The gate's name as backends and qiskit spell it.
    public var name: String { rawValue }

    /// The gate's name.
    public var description: String { rawValue }

    /// The gate named `name` in OpenQASM 2 or 3 (or a backend's basis gates), including the
    /// aliases `U`, `CX`, `phase`, `cphase`, `cnot`, `c3sqrtx`, `rc3x`, `toffoli`, `fredkin`.
    /// (OpenQASM 2's `u0` is not a gate here: the parser reads it as `id`.)
    public init?(qasmName name: String) {
        if let gate = StandardGate(rawValue: name) {
            self = gate
            return
        }
        switch name {
        case "U": self = .u
        case "CX", "cnot": self = .cx
        case "phase": self = .p
        case "cphase": self = .cp
        case "c3sqrtx": self = .c3sx
        case "rc3x": self = .rcccx
        case "toffoli": self = .ccx
        case "fredkin": self = .cswap
        default: return nil
        }
    }

    /// The number of qubits the gate acts on (0 for `gphase`).
    public var qubitCount: Int {
        switch self {
        case .gphase: return 0
        case .id, .x, .y, .z, .h, .s, .sdg, .t, .tdg, .sx, .sxdg, .rx, .ry, .rz, .p, .r, .u, .u1, .u2, .u3:
            return 1
        case .cx, .cy, .cz, .ch, .cs, .csdg, .csx, .cp, .crx, .cry, .crz, .cu, .cu1, .cu3, .swap, .iswap, .dcx,
            .ecr, .rxx, .ryy, .rzz, .rzx, .xxMinusYY, .xxPlusYY:
            return 2
        case .ccx, .ccz, .cswap, .rccx: return 3
        case .c3x, .c3sx, .rcccx: return 4
        case .c4x: return 5
        }
    }

    /// The number of real parameters the gate takes.
    public var parameterCount: Int {
        switch self {
        case .rx, .ry, .rz, .p, .u1, .cp, .crx, .cry, .crz, .cu1, .rxx, .ryy, .rzz, .rzx, .gphase: return 1
        case .r, .u2, .xxMinusYY, .xxPlusYY: return 2
        case .u, .u3, .cu3: return 3
        case .cu: return 4
        default: return 0
        }
    }

    /// Whether the gate is in OpenQASM 3's `stdgates.inc` (or is a builtin, `U`/`gphase`), so
    /// that OpenQASM 3 text can call it without a `gate` definition.
    public var isInStdgates: Bool {
        switch self {
        case .p, .x, .y, .z, .h, .s, .sdg, .t, .tdg, .sx, .rx, .ry, .rz, .cx, .cy, .cz, .cp, .crx, .cry, .crz,
            .ch, .swap, .ccx, .cswap, .cu, .id, .u1, .u2, .u3, .u, .gphase:
            return true
        default:
            return false
        }
    }
}
