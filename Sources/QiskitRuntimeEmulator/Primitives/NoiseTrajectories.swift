import QuantumCircuits
import RuntimeWire

/// The depolarising gate noise of a bound circuit as Monte Carlo trajectories: each trajectory is
/// a pattern of random Paulis inserted after noisy gates (see ``NoiseModel``). Trajectories with
/// the same pattern are simulated once; most shots have no error at all when error rates are
/// small, so the number of distinct patterns, not the number of shots, sets the cost.
struct NoiseTrajectories {
    /// The circuit with custom gates expanded (instruction indices refer to it).
    let circuit: QuantumCircuit
    /// The noisy instructions: index, probability of a Pauli error, number of qubits.
    private let sites: [(instruction: Int, rate: Double, qubits: Int)]

    /// The trajectories of `circuit` (parameters bound) under `noise`.
    /// - Throws: `CircuitError` when custom gates cannot be expanded.
    init(circuit bound: QuantumCircuit, noise: NoiseModel) throws {
        let flat = try bound.expandingCustomGates()
        circuit = flat
        var sites: [(instruction: Int, rate: Double, qubits: Int)] = []
        for (index, instruction) in flat.instructions.enumerated() {
            guard case .gate(let gate, _) = instruction.operation else { continue }
            guard let rate = noise.pauliErrorRates[NoiseModel.GateSite(name: gate.rawValue, qubits: instruction.qubits)],
                  rate > 0 else { continue }
            sites.append((index, rate, instruction.qubits.count))
        }
        self.sites = sites
    }

    /// Whether any gate of the circuit is noisy.
    var isNoisy: Bool { !sites.isEmpty }

    /// One group of trajectories sharing an error pattern.
    struct Group {
        /// `site * 64 + pauli` per inserted error (pauli: base-4 digits per operand, 1 X, 2 Y, 3 Z).
        var pattern: [Int]
        /// The trajectories (0-based) with this pattern, ascending.
        var members: [Int]
    }

    /// Draws `count` trajectories and groups them by pattern, in order of first appearance.
    func draw(count: Int, generator: inout SplitMix64) -> [Group] {
        var groups: [Group] = []
        var groupOf: [[Int]: Int] = [:]
        for trajectory in 0..<count {
            var pattern: [Int] = []
            for (site, entry) in sites.enumerated() where generator.unit() < entry.rate {
                let choices = (1 << (2 * entry.qubits)) - 1
                let pauli = 1 + Int(generator.next() % UInt64(choices))
                pattern.append(site * 64 + pauli)
            }
            if let group = groupOf[pattern] {
                groups[group].members.append(trajectory)
            } else {
                groupOf[pattern] = groups.count
                groups.append(Group(pattern: pattern, members: [trajectory]))
            }
        }
        return groups
    }

    /// The circuit with the pattern's Paulis inserted after their gates.
    func circuit(for pattern: [Int]) -> QuantumCircuit {
        guard !pattern.isEmpty else { return circuit }
        var errors: [Int: Int] = [:]
        for entry in pattern { errors[sites[entry / 64].instruction] = entry % 64 }
        var instructions: [CircuitInstruction] = []
        instructions.reserveCapacity(circuit.instructions.count + pattern.count * 2)
        for (index, instruction) in circuit.instructions.enumerated() {
            instructions.append(instruction)
            guard let pauli = errors[index] else { continue }
            for (operand, qubit) in instruction.qubits.enumerated() {
                let gate: StandardGate
                switch (pauli >> (2 * operand)) & 3 {
                case 1: gate = .x
                case 2: gate = .y
                case 3: gate = .z
                default: continue
                }
                instructions.append(CircuitInstruction(.gate(gate, []), qubits: [qubit], location: instruction.location))
            }
        }
        var noisy = circuit
        noisy.replaceContents(instructions: instructions, inputs: circuit.inputs)
        return noisy
    }
}
