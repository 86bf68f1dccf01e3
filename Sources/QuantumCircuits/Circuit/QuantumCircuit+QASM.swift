extension QuantumCircuit {
    /// Parses an OpenQASM 3 or OpenQASM 2 program.
    ///
    /// The version comes from the `OPENQASM` header (3 when there is none). The supported subset is
    /// what real jobs use: registers (`qubit[n] q;`, `bit[n] c;`, `qreg`/`creg`), physical qubits
    /// (`$0`), `input float[64]`/`input angle` parameters, every standard gate (``StandardGate``),
    /// `U`, `CX`, `gphase`, `gate` definitions, `measure` (`c[0] = measure q[0];`, `c = measure q;`,
    /// `measure q -> c;`), `reset`, `barrier`, `delay[…]`, broadcasting over registers and slices,
    /// and real expressions with `pi π tau τ euler ℇ + - * / **` and `sin cos tan exp ln sqrt`.
    /// Gate names follow qiskit's matrices (see ``StandardGate``). Instructions keep their line and
    /// column.
    ///
    /// - Throws: ``CircuitError`` with the line, column and construct of the first problem: a syntax
    ///   error, an unsupported construct (control flow, classical types, gate modifiers, `opaque`),
    ///   an undefined name, or a limit of ``Limits/default`` (see ``init(qasm:limits:)``).
    public init(qasm text: String) throws(CircuitError) {
        self = try QASMParser.parse(text, limits: .default)
    }

    /// Parses an OpenQASM 3 or OpenQASM 2 program (see ``init(qasm:)``) within `limits`.
    ///
    /// Besides the text's size, identifiers, declared bits and expression depth, the program is
    /// measured as if its custom gates were expanded: a program whose gates would expand to more
    /// than ``Limits/maxInstructions`` instructions is rejected here, before anything is expanded.
    /// Expressions that evaluate to NaN or an infinity (`0/0`, `1e999`) are
    /// ``CircuitError/Code/invalidArgument``.
    ///
    /// - Throws: ``CircuitError`` as ``init(qasm:)`` does; ``CircuitError/Code/limitExceeded`` with a
    ///   message naming the limit (such as `maxQubits`).
    public init(qasm text: String, limits: Limits) throws(CircuitError) {
        self = try QASMParser.parse(text, limits: limits)
    }
}
