import QuantumCircuits

extension QuantumCircuit {
    /// The circuit rewritten for a backend, ready to submit: on the backend's physical qubits, in
    /// its native gates (`rz`, `sx`, `x` and its two-qubit gate, `cz` or `ecr`), exact up to
    /// floating-point rounding. A thin layer over QuantumCircuits'
    /// `translated(for:layout:)` (with an `InstructionSetArchitecture`) with the backend's
    /// ``BackendConfiguration/instructionSet``.
    ///
    /// ```swift
    /// let configuration = try await service.backend("ibm_torino").configuration()
    /// var bell = QuantumCircuit(qubits: 2, bits: 2)
    /// bell.h(0)
    /// bell.cx(0, 1)
    /// bell.measure([0, 1], into: [0, 1])
    /// let isa = try bell.translated(for: configuration)              // on a coupled pair
    /// let onPair = try bell.translated(for: configuration, layout: [4, 5])
    /// ```
    ///
    /// Limits: it does **not route**. Virtual qubit `k` goes to physical qubit `layout[k]`; without a
    /// layout, to `layout(for:)` (a connected chain of the coupling map when
    /// the circuit's two-qubit gates form a line, else `k → k`). A two-qubit gate that lands on
    /// qubits the backend does not couple is an error naming them: give a layout that puts
    /// interacting qubits on coupled pairs, or transpile elsewhere. No optimisation either:
    /// each gate is rewritten on its own. Classical registers, inputs (parameters stay symbolic)
    /// and measurements are kept, so counts read the same; observables must be moved with the
    /// same layout (``PauliSum/applyingLayout(_:qubitCount:)``).
    /// - Throws: `RuntimeError(.invalidCircuit)` naming the gate and the uncoupled qubits, a bad
    ///   layout or a gate that cannot be translated, with the `CircuitError` in
    ///   ``RuntimeError/circuitError``; `RuntimeError(.invalidResponse)` when the configuration
    ///   has no usable instruction set.
    public func translated(for configuration: BackendConfiguration, layout: [Int]? = nil) throws -> QuantumCircuit {
        let isa = try configuration.instructionSet
        do {
            return try translated(for: isa, layout: layout)
        } catch {
            throw RuntimeError(.invalidCircuit, circuit: error, context: "the circuit cannot be translated for backend \(configuration.backendName)")
        }
    }

    /// The layout `translated(for:layout:)` uses without one: `layout[k]`
    /// is the physical qubit of virtual qubit `k`. Translate with it and move observables with it:
    ///
    /// ```swift
    /// let layout = try circuit.layout(for: configuration)
    /// let isa = try circuit.translated(for: configuration, layout: layout)
    /// let zz: PauliSum = "ZZ"
    /// let observable = try zz.applyingLayout(layout, qubitCount: configuration.qubitCount)
    /// ```
    /// - Throws: `RuntimeError(.invalidCircuit)` when the circuit does not fit the backend's qubits.
    public func layout(for configuration: BackendConfiguration) throws -> [Int] {
        let isa = try configuration.instructionSet
        do {
            return try layout(for: isa)
        } catch {
            throw RuntimeError(.invalidCircuit, circuit: error, context: "no layout on backend \(configuration.backendName)")
        }
    }
}
