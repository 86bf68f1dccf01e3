import QuantumCircuits

extension SimulationProgram {
    /// Lowers a circuit whose parameters are all bound: custom gates are expanded, every gate
    /// becomes its matrix from QuantumCircuits' gate table, measurements and resets keep their
    /// operands, barriers and delays are dropped. Only the qubits some instruction acts on become
    /// program qubits (a circuit on physical qubits 100 and 101 is a two-qubit program);
    /// ``circuitQubits`` records which circuit qubit each one is. Clbits keep the circuit's
    /// indices.
    /// - Throws: ``SimulationError/Kind/unsupported`` for an unbound parameter or a definition
    ///   that cannot be expanded, with the circuit's message (line, gate).
    package init(circuit: QuantumCircuit) throws(SimulationError) {
        let flat: QuantumCircuit
        let globalPhase: Double
        do {
            flat = try circuit.expandingCustomGates()
            globalPhase = try flat.globalPhase.value()
        } catch {
            throw SimulationError(.unsupported, error.description)
        }
        let active = flat.activeQubits
        var dense = [Int: Int](minimumCapacity: active.count)
        for (index, qubit) in active.enumerated() { dense[qubit] = index }
        func mapped(_ qubits: [Int]) -> [Int] { qubits.map { dense[$0] ?? 0 } }
        var operations: [SimulationOperation] = []
        operations.reserveCapacity(flat.instructions.count)
        for instruction in flat.instructions {
            switch instruction.operation {
            case .gate:
                let matrix: GateMatrix
                do {
                    matrix = try instruction.matrix()
                } catch {
                    throw SimulationError(.unsupported, error.description)
                }
                operations.append(.unitary(matrix, qubits: mapped(instruction.qubits)))
            case .measure:
                guard instruction.qubits.count == 1, let qubit = instruction.qubits.first.flatMap({ dense[$0] }),
                      let clbit = instruction.clbits.first
                else {
                    throw SimulationError(.invalidProgram, "'\(instruction)' must measure one qubit into one clbit")
                }
                operations.append(.measure(qubit: qubit, clbit: clbit))
            case .reset:
                guard instruction.qubits.count == 1, let qubit = instruction.qubits.first.flatMap({ dense[$0] }) else {
                    throw SimulationError(.invalidProgram, "'\(instruction)' must reset one qubit")
                }
                operations.append(.reset(qubit: qubit))
            case .barrier, .delay:
                continue
            case .custom(let gate, _):
                throw SimulationError(.unsupported, "custom gate '\(gate.name)' could not be expanded")
            }
        }
        self.init(
            qubitCount: active.count, clbitCount: flat.clbitCount, operations: operations, globalPhase: globalPhase,
            circuitQubits: active)
    }
}
