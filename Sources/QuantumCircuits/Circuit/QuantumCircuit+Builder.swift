extension QuantumCircuit {
    // The builder: one method per standard gate, plus measure, reset, barrier and delay.
    //
    // Builder methods trap on a programmer error (a qubit or clbit out of range, a qubit used twice
    // in one gate), like an array subscript; to check data that comes from elsewhere, build
    // `CircuitInstruction`s and use the throwing `append(_:)`.

    /// Appends a standard gate; the builder's general form.
    /// - Parameters:
    ///   - gate: the gate.
    ///   - parameters: its ``StandardGate/parameterCount`` parameters.
    ///   - qubits: its ``StandardGate/qubitCount`` distinct qubits, in operand order.
    public mutating func apply(_ gate: StandardGate, _ parameters: [ParameterExpression] = [], on qubits: [Int]) {
        build(CircuitInstruction(.gate(gate, parameters), qubits: qubits))
    }

    /// Appends a call of a custom gate.
    public mutating func apply(_ gate: CustomGate, _ parameters: [ParameterExpression] = [], on qubits: [Int]) {
        build(CircuitInstruction(.custom(gate, parameters), qubits: qubits))
    }

    private mutating func build(_ instruction: CircuitInstruction) {
        do {
            try append(instruction)
        } catch {
            preconditionFailure("QuantumCircuit builder: \(error.message)")
        }
    }

    /// Appends the identity gate.
    public mutating func id(_ qubit: Int) { apply(.id, on: [qubit]) }

    /// Appends a Pauli X gate.
    public mutating func x(_ qubit: Int) { apply(.x, on: [qubit]) }

    /// Appends a Pauli Y gate.
    public mutating func y(_ qubit: Int) { apply(.y, on: [qubit]) }

    /// Appends a Pauli Z gate.
    public mutating func z(_ qubit: Int) { apply(.z, on: [qubit]) }

    /// Appends a Hadamard gate.
    public mutating func h(_ qubit: Int) { apply(.h, on: [qubit]) }

    /// Appends an S gate.
    public mutating func s(_ qubit: Int) { apply(.s, on: [qubit]) }

    /// Appends an S† gate.
    public mutating func sdg(_ qubit: Int) { apply(.sdg, on: [qubit]) }

    /// Appends a T gate.
    public mutating func t(_ qubit: Int) { apply(.t, on: [qubit]) }

    /// Appends a T† gate.
    public mutating func tdg(_ qubit: Int) { apply(.tdg, on: [qubit]) }

    /// Appends a √X gate.
    public mutating func sx(_ qubit: Int) { apply(.sx, on: [qubit]) }

    /// Appends a √X† gate.
    public mutating func sxdg(_ qubit: Int) { apply(.sxdg, on: [qubit]) }

    /// Appends an X rotation rx(θ).
    public mutating func rx(_ theta: ParameterExpression, _ qubit: Int) { apply(.rx, [theta], on: [qubit]) }

    /// Appends a Y rotation ry(θ).
    public mutating func ry(_ theta: ParameterExpression, _ qubit: Int) { apply(.ry, [theta], on: [qubit]) }

    /// Appends a Z rotation rz(φ).
    public mutating func rz(_ phi: ParameterExpression, _ qubit: Int) { apply(.rz, [phi], on: [qubit]) }

    /// Appends a phase gate p(λ).
    public mutating func p(_ lambda: ParameterExpression, _ qubit: Int) { apply(.p, [lambda], on: [qubit]) }

    /// Appends u1(λ).
    public mutating func u1(_ lambda: ParameterExpression, _ qubit: Int) { apply(.u1, [lambda], on: [qubit]) }

    /// Appends r(θ, φ).
    public mutating func r(_ theta: ParameterExpression, _ phi: ParameterExpression, _ qubit: Int) {
        apply(.r, [theta, phi], on: [qubit])
    }

    /// Appends u(θ, φ, λ) (OpenQASM `U`).
    public mutating func u(
        _ theta: ParameterExpression, _ phi: ParameterExpression, _ lambda: ParameterExpression, _ qubit: Int
    ) {
        apply(.u, [theta, phi, lambda], on: [qubit])
    }

    /// Appends u2(φ, λ).
    public mutating func u2(_ phi: ParameterExpression, _ lambda: ParameterExpression, _ qubit: Int) {
        apply(.u2, [phi, lambda], on: [qubit])
    }

    /// Appends u3(θ, φ, λ).
    public mutating func u3(
        _ theta: ParameterExpression, _ phi: ParameterExpression, _ lambda: ParameterExpression, _ qubit: Int
    ) {
        apply(.u3, [theta, phi, lambda], on: [qubit])
    }

    /// Adds `gamma` to the circuit's global phase (OpenQASM `gphase(γ);`).
    public mutating func gphase(_ gamma: ParameterExpression) { apply(.gphase, [gamma], on: []) }

    /// Appends a controlled X (CNOT).
    public mutating func cx(_ control: Int, _ target: Int) { apply(.cx, on: [control, target]) }

    /// Appends a controlled Y.
    public mutating func cy(_ control: Int, _ target: Int) { apply(.cy, on: [control, target]) }

    /// Appends a controlled Z.
    public mutating func cz(_ control: Int, _ target: Int) { apply(.cz, on: [control, target]) }

    /// Appends a controlled Hadamard.
    public mutating func ch(_ control: Int, _ target: Int) { apply(.ch, on: [control, target]) }

    /// Appends a controlled S.
    public mutating func cs(_ control: Int, _ target: Int) { apply(.cs, on: [control, target]) }

    /// Appends a controlled S†.
    public mutating func csdg(_ control: Int, _ target: Int) { apply(.csdg, on: [control, target]) }

    /// Appends a controlled √X.
    public mutating func csx(_ control: Int, _ target: Int) { apply(.csx, on: [control, target]) }

    /// Appends a SWAP.
    public mutating func swap(_ a: Int, _ b: Int) { apply(.swap, on: [a, b]) }

    /// Appends an iSWAP.
    public mutating func iswap(_ a: Int, _ b: Int) { apply(.iswap, on: [a, b]) }

    /// Appends a double CNOT.
    public mutating func dcx(_ a: Int, _ b: Int) { apply(.dcx, on: [a, b]) }

    /// Appends an echoed cross-resonance gate.
    public mutating func ecr(_ a: Int, _ b: Int) { apply(.ecr, on: [a, b]) }

    /// Appends a controlled phase cp(λ).
    public mutating func cp(_ lambda: ParameterExpression, _ control: Int, _ target: Int) { apply(.cp, [lambda], on: [control, target]) }

    /// Appends a controlled rx(θ).
    public mutating func crx(_ theta: ParameterExpression, _ control: Int, _ target: Int) { apply(.crx, [theta], on: [control, target]) }

    /// Appends a controlled ry(θ).
    public mutating func cry(_ theta: ParameterExpression, _ control: Int, _ target: Int) { apply(.cry, [theta], on: [control, target]) }

    /// Appends a controlled rz(θ).
    public mutating func crz(_ theta: ParameterExpression, _ control: Int, _ target: Int) { apply(.crz, [theta], on: [control, target]) }

    /// Appends cu1(λ).
    public mutating func cu1(_ lambda: ParameterExpression, _ control: Int, _ target: Int) { apply(.cu1, [lambda], on: [control, target]) }

    /// Appends rxx(θ) = exp(−iθ X⊗X/2).
    public mutating func rxx(_ theta: ParameterExpression, _ a: Int, _ b: Int) { apply(.rxx, [theta], on: [a, b]) }

    /// Appends ryy(θ) = exp(−iθ Y⊗Y/2).
    public mutating func ryy(_ theta: ParameterExpression, _ a: Int, _ b: Int) { apply(.ryy, [theta], on: [a, b]) }

    /// Appends rzz(θ) = exp(−iθ Z⊗Z/2).
    public mutating func rzz(_ theta: ParameterExpression, _ a: Int, _ b: Int) { apply(.rzz, [theta], on: [a, b]) }

    /// Appends rzx(θ) = exp(−iθ X⊗Z/2) (Z on `a`).
    public mutating func rzx(_ theta: ParameterExpression, _ a: Int, _ b: Int) { apply(.rzx, [theta], on: [a, b]) }

    /// Appends a controlled e^{iγ}·u(θ, φ, λ).
    public mutating func cu(
        _ theta: ParameterExpression, _ phi: ParameterExpression, _ lambda: ParameterExpression,
        _ gamma: ParameterExpression, _ control: Int, _ target: Int
    ) {
        apply(.cu, [theta, phi, lambda, gamma], on: [control, target])
    }

    /// Appends a controlled u3(θ, φ, λ).
    public mutating func cu3(
        _ theta: ParameterExpression, _ phi: ParameterExpression, _ lambda: ParameterExpression,
        _ control: Int, _ target: Int
    ) {
        apply(.cu3, [theta, phi, lambda], on: [control, target])
    }

    /// Appends an XX−YY interaction gate (θ, β).
    public mutating func xxMinusYY(_ theta: ParameterExpression, _ beta: ParameterExpression, _ a: Int, _ b: Int) {
        apply(.xxMinusYY, [theta, beta], on: [a, b])
    }

    /// Appends an XX+YY interaction gate (θ, β).
    public mutating func xxPlusYY(_ theta: ParameterExpression, _ beta: ParameterExpression, _ a: Int, _ b: Int) {
        apply(.xxPlusYY, [theta, beta], on: [a, b])
    }

    /// Appends a Toffoli gate.
    public mutating func ccx(_ control1: Int, _ control2: Int, _ target: Int) {
        apply(.ccx, on: [control1, control2, target])
    }

    /// Appends a doubly controlled Z.
    public mutating func ccz(_ control1: Int, _ control2: Int, _ target: Int) {
        apply(.ccz, on: [control1, control2, target])
    }

    /// Appends a Fredkin (controlled SWAP) gate.
    public mutating func cswap(_ control: Int, _ a: Int, _ b: Int) { apply(.cswap, on: [control, a, b]) }

    /// Measures `qubit` into `clbit`.
    public mutating func measure(_ qubit: Int, into clbit: Int) {
        build(CircuitInstruction(.measure, qubits: [qubit], clbits: [clbit]))
    }

    /// Measures each of `qubits` into the clbit at the same position of `clbits`.
    public mutating func measure(_ qubits: [Int], into clbits: [Int]) {
        precondition(qubits.count == clbits.count, "QuantumCircuit.measure: \(qubits.count) qubits but \(clbits.count) clbits")
        for (qubit, clbit) in zip(qubits, clbits) { measure(qubit, into: clbit) }
    }

    /// Adds a classical register `meas` with one bit per qubit, a barrier over all qubits, and
    /// measures qubit `k` into `meas[k]` (qiskit's `measure_all`).
    public mutating func measureAll() {
        let name = classicalRegister(named: "meas") == nil ? "meas" : "meas\(classicalRegisters.count)"
        let bits: [Int]
        do {
            bits = try addClassicalRegister(name, size: qubitCount)
        } catch {
            preconditionFailure("QuantumCircuit.measureAll: \(error.message)")
        }
        barrier()
        measure(Array(0..<qubitCount), into: bits)
    }

    /// Resets `qubit` to |0⟩.
    public mutating func reset(_ qubit: Int) { build(CircuitInstruction(.reset, qubits: [qubit])) }

    /// Appends a barrier over `qubits` (all qubits when empty).
    public mutating func barrier(_ qubits: [Int] = []) {
        build(CircuitInstruction(.barrier, qubits: qubits.isEmpty ? Array(0..<qubitCount) : qubits))
    }

    /// Appends a delay of `duration` `unit`s (`dt`, `ns`, `us`, `ms`, `s`) on `qubit`.
    public mutating func delay(_ duration: Double, unit: String = "dt", _ qubit: Int) {
        build(CircuitInstruction(.delay(duration: duration, unit: unit), qubits: [qubit]))
    }
}
