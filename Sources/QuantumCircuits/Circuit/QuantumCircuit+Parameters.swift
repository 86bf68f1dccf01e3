extension QuantumCircuit {
    /// The circuit with the parameters in `values` replaced by constants (others stay symbolic).
    /// The bound parameters are no longer ``inputs``.
    /// - Throws: ``CircuitError/Code/invalidArgument`` naming a value for a parameter the circuit
    ///   does not have.
    public func bindingParameters(_ values: [String: Double]) throws(CircuitError) -> QuantumCircuit {
        for name in values.keys where !inputs.contains(where: { $0.name == name }) {
            throw CircuitError(.invalidArgument, "the circuit has no parameter '\(name)'")
        }
        if values.isEmpty { return self }
        var result = self
        result.globalPhase = globalPhase.binding(values)
        var rewritten = instructions
        for index in rewritten.indices {
            switch rewritten[index].operation {
            case .gate(let gate, let parameters):
                if parameters.allSatisfy({ $0.constantValue != nil }) { continue }
                rewritten[index].operation = .gate(gate, parameters.map { $0.binding(values) })
            case .custom(let gate, let parameters):
                if parameters.allSatisfy({ $0.constantValue != nil }) { continue }
                rewritten[index].operation = .custom(gate, parameters.map { $0.binding(values) })
            default:
                continue
            }
        }
        result.replaceContents(instructions: rewritten, inputs: inputs.filter { values[$0.name] == nil })
        return result
    }

    /// The circuit with all its parameters bound to `values`, given in sorted-parameter order
    /// (``parameters``), as a primitive's `parameter_values` row lists them.
    /// - Throws: ``CircuitError/Code/invalidArgument`` if the number of values differs from the
    ///   number of parameters.
    public func bindingParameters(_ values: [Double]) throws(CircuitError) -> QuantumCircuit {
        let names = parameterNames
        guard values.count == names.count else {
            throw CircuitError(
                .invalidArgument, "the circuit has \(names.count) parameters but \(values.count) values were given")
        }
        return try bindingParameters(Dictionary(zip(names, values), uniquingKeysWith: { a, _ in a }))
    }

    /// The circuit with every custom gate replaced by its definition, recursively, so that only
    /// standard gates, measurements, resets, barriers and delays remain. `gphase` inside a
    /// definition becomes part of ``globalPhase``. Expanded instructions keep the location of the
    /// call they came from.
    /// - Parameter maxInstructions: the largest number of instructions the result may have.
    /// - Throws: ``CircuitError/Code/limitExceeded`` when the expansion is larger than
    ///   `maxInstructions` or nested deeper than 64 definitions.
    public func expandingCustomGates(maxInstructions: Int = 5_000_000) throws(CircuitError) -> QuantumCircuit {
        guard instructions.contains(where: { if case .custom = $0.operation { return true } else { return false } }) else {
            return self
        }
        var expanded: [CircuitInstruction] = []
        expanded.reserveCapacity(instructions.count)
        var phase = globalPhase
        for instruction in instructions {
            guard case .custom(let gate, let parameters) = instruction.operation else {
                expanded.append(instruction)
                continue
            }
            try Self.expand(
                gate, parameters: parameters, qubits: instruction.qubits, location: instruction.location, depth: 0,
                maxInstructions: maxInstructions, into: &expanded, phase: &phase)
        }
        var result = self
        result.globalPhase = phase
        result.replaceContents(instructions: expanded, inputs: inputs)
        return result
    }

    private static func expand(
        _ gate: CustomGate, parameters: [ParameterExpression], qubits: [Int], location: SourcePosition?, depth: Int,
        maxInstructions: Int, into output: inout [CircuitInstruction], phase: inout ParameterExpression
    ) throws(CircuitError) {
        guard depth < 64 else {
            throw CircuitError(.limitExceeded, "custom gate '\(gate.name)' is nested more than 64 levels deep", at: location, gate: gate.name, qubits: qubits)
        }
        guard parameters.count == gate.parameterNames.count, qubits.count == gate.qubitCount else {
            throw CircuitError(.invalidArgument, "custom gate '\(gate.name)' called with the wrong number of operands", at: location, gate: gate.name, qubits: qubits)
        }
        var substitution: [String: ParameterExpression] = [:]
        for (name, value) in zip(gate.parameterNames, parameters) { substitution[name] = value }
        for inner in gate.body {
            var mapped: [Int] = []
            mapped.reserveCapacity(inner.qubits.count)
            for local in inner.qubits {
                guard local >= 0, local < qubits.count else {
                    throw CircuitError(.invalidArgument, "custom gate '\(gate.name)' uses local qubit \(local) of \(qubits.count)", at: location, gate: gate.name, qubits: qubits)
                }
                mapped.append(qubits[local])
            }
            switch inner.operation {
            case .gate(.gphase, let innerParameters):
                let gamma = innerParameters.first.map { $0.substituting(substitution) } ?? 0
                phase = phase.constantValue == 0 ? gamma : phase + gamma
            case .gate(let standard, let innerParameters):
                guard output.count < maxInstructions else {
                    throw CircuitError(.limitExceeded, "expanding custom gates gives more than \(maxInstructions) instructions", at: location, gate: gate.name, qubits: qubits)
                }
                output.append(CircuitInstruction(
                    .gate(standard, innerParameters.map { $0.substituting(substitution) }), qubits: mapped, location: location))
            case .custom(let nested, let innerParameters):
                try expand(
                    nested, parameters: innerParameters.map { $0.substituting(substitution) }, qubits: mapped,
                    location: location, depth: depth + 1, maxInstructions: maxInstructions, into: &output, phase: &phase)
            case .barrier:
                output.append(CircuitInstruction(.barrier, qubits: mapped, location: location))
            default:
                throw CircuitError(.unsupported, "custom gate '\(gate.name)' contains '\(inner.operation.name)'", at: location, gate: gate.name, qubits: qubits)
            }
        }
    }
}
