/// A circuit's inputs and registers by name, so that looking one up, or checking a new name,
/// takes constant time however many a circuit has (a parser declares and uses thousands).
///
/// The index is derived from the circuit's lists, so equal circuits have equal indexes: it takes no
/// part in equality or hashing (every index equals every other).
struct CircuitNameIndex: Sendable, Hashable {
    /// Input name → position in ``QuantumCircuit/inputs``.
    private(set) var inputs: [String: Int] = [:]
    /// Register name → position in ``QuantumCircuit/quantumRegisters`` (the first of that name).
    private(set) var quantumRegisters: [String: Int] = [:]
    /// Register name → position in ``QuantumCircuit/classicalRegisters`` (the first of that name).
    private(set) var classicalRegisters: [String: Int] = [:]

    init() {}

    init(inputs: [CircuitParameter], quantum: [CircuitRegister], classical: [CircuitRegister]) {
        reindexInputs(inputs)
        for (position, register) in quantum.enumerated() where quantumRegisters[register.name] == nil {
            quantumRegisters[register.name] = position
        }
        for (position, register) in classical.enumerated() where classicalRegisters[register.name] == nil {
            classicalRegisters[register.name] = position
        }
    }

    mutating func reindexInputs(_ list: [CircuitParameter]) {
        inputs = [:]
        inputs.reserveCapacity(list.count)
        for (position, input) in list.enumerated() where inputs[input.name] == nil { inputs[input.name] = position }
    }

    mutating func addInput(_ name: String, at position: Int) {
        if inputs[name] == nil { inputs[name] = position }
    }

    mutating func addRegister(_ name: String, quantum: Bool, at position: Int) {
        if quantum {
            if quantumRegisters[name] == nil { quantumRegisters[name] = position }
        } else if classicalRegisters[name] == nil {
            classicalRegisters[name] = position
        }
    }

    /// Every index equals every other: the index is derived from what the circuit compares.
    static func == (lhs: CircuitNameIndex, rhs: CircuitNameIndex) -> Bool { true }

    /// Hashes nothing (see ``==``).
    func hash(into hasher: inout Hasher) {}
}
