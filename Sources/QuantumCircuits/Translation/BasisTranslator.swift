#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Rewrites standard gates on physical qubits into an ISA's native gates (`rz`, `sx`, `x` and one
/// of `cz`, `ecr`, `cx`), tracking the global phase exactly.
///
/// Single-qubit gates with constant parameters go through their matrix: `U = √det · RZ(φ)·RY(θ)·RZ(λ)`
/// (ZYZ Euler angles), then `RZ(φ)RY(θ)RZ(λ) = e^{iπ/2}·RZ(φ+π)·SX·RZ(θ+π)·SX·RZ(λ)`, with the
/// shorter exact forms for θ = 0 (one `rz`), θ = π/2 (one `sx`) and θ = π (one `x`); `rz` angles are
/// reduced to (−π, π] (each 2π is a phase of π) and dropped when zero. Symbolic single-qubit gates
/// use the same identities on their expressions. Multi-qubit gates use textbook decompositions into
/// `cx` and single-qubit gates (each checked exact, phase included, against qiskit), and `cx` becomes
/// the native two-qubit gate in an allowed direction.
///
/// The output counts towards the ``QuantumCircuit/Limits`` it is given (instructions, operands,
/// expression nodes), and a parameter that the arithmetic makes NaN or infinite is an error.
struct BasisTranslator {
    let isa: InstructionSetArchitecture
    let limits: QuantumCircuit.Limits
    private(set) var output: [CircuitInstruction] = []
    /// The global phase: the circuit's own plus what translation adds.
    private(set) var phase: PhaseSum
    private var location: SourcePosition?
    /// The name of the original gate being translated, for errors.
    private var origin = ""
    private var size = CircuitSize()

    private let basis: Set<String>

    init(isa: InstructionSetArchitecture, limits: QuantumCircuit.Limits = .default, phase: ParameterExpression = 0) {
        self.isa = isa
        self.limits = limits
        self.phase = PhaseSum(phase)
        basis = Set(isa.basisGates)
    }

    mutating func translate(_ instruction: CircuitInstruction, physical qubits: [Int]) throws(CircuitError) {
        location = instruction.location
        origin = instruction.operation.name
        switch instruction.operation {
        case .gate(let gate, let parameters):
            try emit(gate, parameters, qubits, depth: 0)
        case .barrier:
            // A barrier may span idle qubits beyond the device (they are not mapped); it keeps the
            // ones on the device, and disappears when none is.
            let onDevice = qubits.filter { $0 >= 0 && $0 < isa.qubitCount }
            if !onDevice.isEmpty { try record(CircuitInstruction(.barrier, qubits: onDevice, location: location)) }
        default:
            try record(CircuitInstruction(instruction.operation, qubits: qubits, clbits: instruction.clbits, location: location))
        }
    }

    /// Appends one output instruction, counting it against the limits.
    private mutating func record(_ instruction: CircuitInstruction) throws(CircuitError) {
        size.add(CircuitSize(of: instruction))
        try size.check(limits, "the translated circuit", at: location, gate: origin)
        output.append(instruction)
    }

    private func isNative(_ name: String, _ qubits: [Int]) -> Bool {
        basis.contains(name) && isa.check(name, on: qubits) == nil
    }

    private mutating func addPhase(_ value: ParameterExpression) {
        if value.constantValue == 0 { return }
        phase.add(value)
    }

    private mutating func append(_ gate: StandardGate, _ parameters: [ParameterExpression], _ qubits: [Int]) throws(CircuitError) {
        if let bad = parameters.first(where: \.isNonFiniteConstant) {
            throw CircuitError(
                .invalidArgument, "translating '\(origin)' gives '\(gate.rawValue)' the parameter \(bad), not a finite number",
                at: location, gate: origin, qubits: qubits)
        }
        try record(CircuitInstruction(.gate(gate, parameters), qubits: qubits, location: location))
    }

    private mutating func emit(_ gate: StandardGate, _ p: [ParameterExpression], _ q: [Int], depth: Int) throws(CircuitError) {
        guard depth < 12 else {
            throw CircuitError(
                .isaViolation, "cannot translate '\(origin)' on qubits \(q) into the basis \(isa.basisGates)",
                at: location, gate: origin, qubits: q)
        }
        if gate == .gphase {
            addPhase(p[0])
            return
        }
        if isNative(gate.rawValue, q) {
            try append(gate, p, q)
            return
        }
        switch gate.qubitCount {
        case 1: try emitSingle(gate, p, q[0], depth: depth)
        default:
            if gate == .cx {
                try emitCX(q[0], q[1], depth: depth)
                return
            }
            if gate == .cz, basis.contains("cz"), isa.check("cz", on: [q[1], q[0]]) == nil {
                try append(.cz, [], [q[1], q[0]])
                return
            }
            guard let (extraPhase, steps) = Self.decomposition(gate, p) else {
                throw CircuitError(
                    .unsupported, "basis translation does not decompose '\(gate.rawValue)'", at: location, gate: origin,
                    qubits: q)
            }
            addPhase(extraPhase)
            for (inner, parameters, operands) in steps {
                try emit(inner, parameters, operands.map { q[$0] }, depth: depth + 1)
            }
        }
    }

    // MARK: Two qubits

    private mutating func emitCX(_ a: Int, _ b: Int, depth: Int) throws(CircuitError) {
        if isNative("cx", [a, b]) {
            try append(.cx, [], [a, b])
        } else if basis.contains("cz"), isa.check("cz", on: [a, b]) == nil || isa.check("cz", on: [b, a]) == nil {
            let pair = isa.check("cz", on: [a, b]) == nil ? [a, b] : [b, a]
            try emit(.h, [], [b], depth: depth + 1)
            try append(.cz, [], pair)
            try emit(.h, [], [b], depth: depth + 1)
        } else if isNative("ecr", [a, b]) {
            // CX = e^{3iπ/4} · (RZ(π/2)·X ⊗ RX(π/2)) · ECR · (Z ⊗ X), operand 0 = control.
            addPhase(ParameterExpression(3 * Double.pi / 4))
            try emit(.z, [], [a], depth: depth + 1)
            try emit(.x, [], [b], depth: depth + 1)
            try append(.ecr, [], [a, b])
            try emit(.x, [], [a], depth: depth + 1)
            try emit(.rz, [ParameterExpression(Double.pi / 2)], [a], depth: depth + 1)
            try emit(.rx, [ParameterExpression(Double.pi / 2)], [b], depth: depth + 1)
        } else if isNative("ecr", [b, a]) || isNative("cx", [b, a]) {
            // CX(a→b) = (H⊗H)·CX(b→a)·(H⊗H).
            try emit(.h, [], [a], depth: depth + 1)
            try emit(.h, [], [b], depth: depth + 1)
            try emitCX(b, a, depth: depth + 1)
            try emit(.h, [], [a], depth: depth + 1)
            try emit(.h, [], [b], depth: depth + 1)
        } else if ["cx", "cz", "ecr"].contains(where: basis.contains) {
            throw CircuitError(
                .uncoupledQubits,
                "'\(origin)' on physical qubits \(a) and \(b): the qubits are not coupled (translation does not route)",
                at: location, gate: origin, qubits: [a, b])
        } else {
            throw CircuitError(
                .unsupported, "basis translation needs cx, cz or ecr among the basis gates \(isa.basisGates)",
                at: location, gate: origin, qubits: [a, b])
        }
    }

    typealias Step = (StandardGate, [ParameterExpression], [Int])

    /// Exact decompositions (global phase included) into gates closer to the basis.
    static func decomposition(_ gate: StandardGate, _ p: [ParameterExpression]) -> (ParameterExpression, [Step])? {
        let pi = ParameterExpression(Double.pi)
        let half = pi / 2
        switch gate {
        case .cz: return (0, [(.h, [], [1]), (.cx, [], [0, 1]), (.h, [], [1])])
        case .cy: return (0, [(.sdg, [], [1]), (.cx, [], [0, 1]), (.s, [], [1])])
        case .ch:
            return (0, [(.s, [], [1]), (.h, [], [1]), (.t, [], [1]), (.cx, [], [0, 1]), (.tdg, [], [1]), (.h, [], [1]), (.sdg, [], [1])])
        case .cs: return (0, [(.cp, [half], [0, 1])])
        case .csdg: return (0, [(.cp, [-half], [0, 1])])
        case .csx: return (0, [(.h, [], [1]), (.cp, [half], [0, 1]), (.h, [], [1])])
        case .cp, .cu1:
            return (0, [(.p, [p[0] / 2], [0]), (.cx, [], [0, 1]), (.p, [-p[0] / 2], [1]), (.cx, [], [0, 1]), (.p, [p[0] / 2], [1])])
        case .crz:
            return (0, [(.rz, [p[0] / 2], [1]), (.cx, [], [0, 1]), (.rz, [-p[0] / 2], [1]), (.cx, [], [0, 1])])
        case .cry:
            return (0, [(.ry, [p[0] / 2], [1]), (.cx, [], [0, 1]), (.ry, [-p[0] / 2], [1]), (.cx, [], [0, 1])])
        case .crx: return (0, [(.h, [], [1]), (.crz, [p[0]], [0, 1]), (.h, [], [1])])
        case .cu, .cu3:
            let (theta, phi, lambda) = (p[0], p[1], p[2])
            let gamma = gate == .cu ? p[3] : 0
            var steps: [Step] = []
            if gamma.constantValue != 0 { steps.append((.p, [gamma], [0])) }
            steps += [
                (.p, [(lambda + phi) / 2], [0]), (.p, [(lambda - phi) / 2], [1]), (.cx, [], [0, 1]),
                (.u, [-theta / 2, 0, -(phi + lambda) / 2], [1]), (.cx, [], [0, 1]), (.u, [theta / 2, phi, 0], [1]),
            ]
            return (0, steps)
        case .swap: return (0, [(.cx, [], [0, 1]), (.cx, [], [1, 0]), (.cx, [], [0, 1])])
        case .iswap:
            return (0, [(.s, [], [0]), (.s, [], [1]), (.h, [], [0]), (.cx, [], [0, 1]), (.cx, [], [1, 0]), (.h, [], [1])])
        case .dcx: return (0, [(.cx, [], [0, 1]), (.cx, [], [1, 0])])
        case .ecr: return (0, [(.rzx, [half], [0, 1]), (.x, [], [0])])
        case .rxx:
            return (0, [(.h, [], [0]), (.h, [], [1]), (.cx, [], [0, 1]), (.rz, [p[0]], [1]), (.cx, [], [0, 1]), (.h, [], [0]), (.h, [], [1])])
        case .ryy:
            return (0, [
                (.rx, [half], [0]), (.rx, [half], [1]), (.cx, [], [0, 1]), (.rz, [p[0]], [1]), (.cx, [], [0, 1]),
                (.rx, [-half], [0]), (.rx, [-half], [1]),
            ])
        case .rzz: return (0, [(.cx, [], [0, 1]), (.rz, [p[0]], [1]), (.cx, [], [0, 1])])
        case .rzx:
            return (0, [(.h, [], [1]), (.cx, [], [0, 1]), (.rz, [p[0]], [1]), (.cx, [], [0, 1]), (.h, [], [1])])
        case .xxPlusYY:
            return (0, [(.rz, [p[1]], [0]), (.rxx, [p[0] / 2], [0, 1]), (.ryy, [p[0] / 2], [0, 1]), (.rz, [-p[1]], [0])])
        case .xxMinusYY:
            return (0, [(.rz, [-p[1]], [0]), (.rxx, [p[0] / 2], [0, 1]), (.ryy, [-p[0] / 2], [0, 1]), (.rz, [p[1]], [0])])
        case .ccx:
            return (0, [
                (.h, [], [2]), (.cx, [], [1, 2]), (.tdg, [], [2]), (.cx, [], [0, 2]), (.t, [], [2]), (.cx, [], [1, 2]),
                (.tdg, [], [2]), (.cx, [], [0, 2]), (.t, [], [1]), (.t, [], [2]), (.h, [], [2]), (.cx, [], [0, 1]),
                (.t, [], [0]), (.tdg, [], [1]), (.cx, [], [0, 1]),
            ])
        case .ccz: return (0, [(.h, [], [2]), (.ccx, [], [0, 1, 2]), (.h, [], [2])])
        case .cswap: return (0, [(.cx, [], [2, 1]), (.ccx, [], [0, 1, 2]), (.cx, [], [2, 1])])
        case .rccx:
            return (0, [
                (.h, [], [2]), (.t, [], [2]), (.cx, [], [1, 2]), (.tdg, [], [2]), (.cx, [], [0, 2]), (.t, [], [2]),
                (.cx, [], [1, 2]), (.tdg, [], [2]), (.h, [], [2]),
            ])
        default:
            return nil
        }
    }

    // MARK: One qubit

    private mutating func emitRZ(_ angle: ParameterExpression, _ qubit: Int, depth: Int) throws(CircuitError) {
        guard var value = angle.constantValue else {
            try requireNative("rz", qubit)
            try append(.rz, [angle], [qubit])
            return
        }
        // RZ(x + 2πk) = (−1)^k RZ(x): reduce to (−π, π].
        let turns = (value / (2 * Double.pi)).rounded()
        if turns != 0 {
            value -= turns * 2 * Double.pi
            if turns.truncatingRemainder(dividingBy: 2) != 0 { addPhase(ParameterExpression(Double.pi)) }
        }
        if Swift.abs(value) < 1e-15 { return }
        try requireNative("rz", qubit)
        try append(.rz, [ParameterExpression(value)], [qubit])
    }

    private mutating func emitNative(_ gate: StandardGate, _ qubit: Int) throws(CircuitError) {
        try requireNative(gate.rawValue, qubit)
        try append(gate, [], [qubit])
    }

    private func requireNative(_ name: String, _ qubit: Int) throws(CircuitError) {
        guard isNative(name, [qubit]) else {
            throw CircuitError(
                .unsupported,
                "basis translation of '\(origin)' needs '\(name)' on qubit \(qubit), which the basis \(isa.basisGates) lacks",
                at: location, gate: origin, qubits: [qubit])
        }
    }

    /// RZ(φ)·RY(θ)·RZ(λ) applied to `qubit`, with a phase `phase`, as native gates.
    private mutating func emitEuler(
        theta: ParameterExpression, phi: ParameterExpression, lambda: ParameterExpression, _ qubit: Int, depth: Int
    ) throws(CircuitError) {
        let pi = Double.pi
        if let t = theta.constantValue {
            if Swift.abs(t) < 1e-14 {
                try emitRZ(phi + lambda, qubit, depth: depth)
                return
            }
            if Swift.abs(t - pi / 2) < 1e-14 {
                addPhase(ParameterExpression(-pi / 4))
                try emitRZ(lambda - ParameterExpression(pi / 2), qubit, depth: depth)
                try emitNative(.sx, qubit)
                try emitRZ(phi + ParameterExpression(pi / 2), qubit, depth: depth)
                return
            }
            if Swift.abs(t - pi) < 1e-14, isNative("x", [qubit]) {
                addPhase(ParameterExpression(-pi / 2))
                try append(.x, [], [qubit])
                try emitRZ(phi - lambda + ParameterExpression(pi), qubit, depth: depth)
                return
            }
        }
        addPhase(ParameterExpression(pi / 2))
        try emitRZ(lambda, qubit, depth: depth)
        try emitNative(.sx, qubit)
        try emitRZ(theta + ParameterExpression(pi), qubit, depth: depth)
        try emitNative(.sx, qubit)
        try emitRZ(phi + ParameterExpression(pi), qubit, depth: depth)
    }

    private mutating func emitSingle(_ gate: StandardGate, _ p: [ParameterExpression], _ qubit: Int, depth: Int) throws(CircuitError) {
        if gate == .id { return }
        if p.allSatisfy({ $0.constantValue != nil }) {
            let values = p.compactMap(\.constantValue)
            let m = try gate.matrix(values)
            let u00: ComplexNumber = m[0, 0], u01: ComplexNumber = m[0, 1], u10: ComplexNumber = m[1, 0], u11: ComplexNumber = m[1, 1]
            let det = u00 * u11 - u01 * u10
            let halfArg = atan2(det.im, det.re) / 2
            let root = ComplexNumber.phase(-halfArg)
            let a = u00 * root, b = u10 * root
            let magA = a.magnitudeSquared.squareRoot(), magB = b.magnitudeSquared.squareRoot()
            let theta = 2 * atan2(magB, magA)
            let sum = magA > 1e-300 ? -2 * atan2(a.im, a.re) : 0
            let difference = magB > 1e-300 ? 2 * atan2(b.im, b.re) : 0
            addPhase(ParameterExpression(halfArg))
            // RZ(φ)RY(θ)RZ(λ) = e^{−i(φ+λ)/2}·u(θ, φ, λ); the Euler forms below are of RZ·RY·RZ.
            try emitEuler(
                theta: ParameterExpression(theta), phi: ParameterExpression((sum + difference) / 2),
                lambda: ParameterExpression((sum - difference) / 2), qubit, depth: depth)
            return
        }
        // Symbolic parameters: u(θ, φ, λ) = e^{i(φ+λ)/2}·RZ(φ)RY(θ)RZ(λ).
        let half = ParameterExpression(Double.pi / 2)
        switch gate {
        case .rz:
            try emitRZ(p[0], qubit, depth: depth)
        case .p, .u1:
            addPhase(p[0] / 2)
            try emitRZ(p[0], qubit, depth: depth)
        case .rx:
            try emitEuler(theta: p[0], phi: -half, lambda: half, qubit, depth: depth)
        case .ry:
            try emitEuler(theta: p[0], phi: 0, lambda: 0, qubit, depth: depth)
        case .r:
            try emitEuler(theta: p[0], phi: p[1] - half, lambda: half - p[1], qubit, depth: depth)
        case .u, .u3:
            addPhase((p[1] + p[2]) / 2)
            try emitEuler(theta: p[0], phi: p[1], lambda: p[2], qubit, depth: depth)
        case .u2:
            addPhase((p[0] + p[1]) / 2)
            try emitEuler(theta: half, phi: p[0], lambda: p[1], qubit, depth: depth)
        default:
            throw CircuitError(.unsupported, "basis translation does not handle '\(gate.rawValue)'", at: location, gate: origin, qubits: [qubit])
        }
    }
}
