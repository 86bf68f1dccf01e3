extension QuantumCircuit {
    /// The circuit with the parameters in `values` replaced by constants (others stay symbolic).
    /// The bound parameters are no longer ``inputs``.
    /// - Throws: ``CircuitError/Code/invalidArgument`` naming a value for a parameter the circuit
    ///   does not have, a value that is NaN or infinite, or a gate parameter (or the global phase)
    ///   that binding makes NaN or infinite (such as `1/theta` with `theta = 0`).
    public func bindingParameters(_ values: [String: Double]) throws(CircuitError) -> QuantumCircuit {
        for (name, value) in values {
            guard hasInput(named: name) else {
                throw CircuitError(.invalidArgument, "the circuit has no parameter '\(name)'")
            }
            guard value.isFinite else {
                throw CircuitError(.invalidArgument, "the value \(value) for parameter '\(name)' is not a finite number")
            }
        }
        if values.isEmpty { return self }
        let replacements = values.mapValues { ParameterExpression($0) }
        var result = self
        guard let phase = globalPhase.substitutingFinite(replacements) else {
            throw CircuitError(.invalidArgument, "binding makes the global phase \(globalPhase) not a finite number")
        }
        result.globalPhase = phase
        var rewritten = instructions
        for index in rewritten.indices {
            let instruction = rewritten[index]
            let parameters = instruction.operation.parameters
            if parameters.allSatisfy({ $0.constantValue != nil }) { continue }
            var bound: [ParameterExpression] = []
            bound.reserveCapacity(parameters.count)
            for parameter in parameters {
                guard let value = parameter.substitutingFinite(replacements) else {
                    throw CircuitError(
                        .invalidArgument, "binding makes parameter \(parameter) of '\(instruction.operation.name)' not a finite number",
                        at: instruction.location, gate: instruction.operation.name, qubits: instruction.qubits)
                }
                bound.append(value)
            }
            switch instruction.operation {
            case .gate(let gate, _): rewritten[index].operation = .gate(gate, bound)
            case .custom(let gate, _): rewritten[index].operation = .custom(gate, bound)
            default: continue
            }
        }
        result.replaceContents(instructions: rewritten, inputs: inputs.filter { values[$0.name] == nil })
        return result
    }

    /// The circuit with all its parameters bound to `values`, given in sorted-parameter order
    /// (``parameters``), as a primitive's `parameter_values` row lists them.
    /// - Throws: ``CircuitError/Code/invalidArgument`` if the number of values differs from the
    ///   number of parameters, and what ``bindingParameters(_:)-([String:Double])`` throws.
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
    /// - Parameter maxInstructions: the largest number of instructions the expansion may visit
    ///   (``Limits/maxInstructions``; the other limits are the defaults).
    /// - Throws: what ``expandingCustomGates(limits:)`` throws.
    public func expandingCustomGates(maxInstructions: Int = Limits.default.maxInstructions) throws(CircuitError) -> QuantumCircuit {
        var limits = Limits.default
        limits.maxInstructions = maxInstructions
        return try expandingCustomGates(limits: limits)
    }

    /// The circuit with every custom gate replaced by its definition, recursively, so that only
    /// standard gates, measurements, resets, barriers and delays remain. `gphase` inside a
    /// definition becomes part of ``globalPhase``. Expanded instructions keep the location of the
    /// call they came from.
    /// - Parameter limits: bounds on the expansion: every instruction it visits (each call and each
    ///   instruction of a body, recursively) counts towards ``Limits/maxInstructions``, and likewise
    ///   towards ``Limits/maxOperands`` and ``Limits/maxExpressionNodes`` (parameters after
    ///   substitution); definitions nest at most ``Limits/maxGateNesting`` deep, and a substituted
    ///   parameter is at most ``Limits/maxExpressionDepth`` high.
    /// - Throws: ``CircuitError/Code/limitExceeded`` naming the limit;
    ///   ``CircuitError/Code/invalidArgument`` for a call with the wrong number of operands or a
    ///   parameter that substitution makes NaN or infinite (`1/a` called with `a = 0`).
    public func expandingCustomGates(limits: Limits) throws(CircuitError) -> QuantumCircuit {
        guard instructions.contains(where: { if case .custom = $0.operation { return true } else { return false } }) else {
            return self
        }
        var expansion = Expansion(limits: limits, phase: PhaseSum(globalPhase))
        expansion.output.reserveCapacity(instructions.count)
        for instruction in instructions {
            try expansion.count(instruction)
            guard case .custom(let gate, let parameters) = instruction.operation else {
                expansion.output.append(instruction)
                continue
            }
            try expansion.expand(gate, parameters: parameters, qubits: instruction.qubits, location: instruction.location, depth: 1)
        }
        guard expansion.phase.isFinite else {
            throw CircuitError(.invalidArgument, "expanding custom gates makes the global phase not a finite number")
        }
        var result = self
        result.globalPhase = expansion.phase.value
        result.replaceContents(instructions: expansion.output, inputs: inputs)
        return result
    }

    /// The state of one ``expandingCustomGates(limits:)``.
    private struct Expansion {
        let limits: Limits
        var phase: PhaseSum
        var output: [CircuitInstruction] = []
        var size = CircuitSize()

        init(limits: Limits, phase: PhaseSum) {
            self.limits = limits
            self.phase = phase
        }

        /// Counts an instruction the expansion visits.
        mutating func count(_ instruction: CircuitInstruction) throws(CircuitError) {
            size.add(CircuitSize(of: instruction))
            try size.check(
                limits, "expanding custom gates", at: instruction.location,
                gate: instruction.operation.isGate ? instruction.operation.name : nil)
        }

        mutating func expand(
            _ gate: CustomGate, parameters: [ParameterExpression], qubits: [Int], location: SourcePosition?, depth: Int
        ) throws(CircuitError) {
            guard depth <= limits.maxGateNesting else {
                throw CircuitError(
                    .limitExceeded, "custom gate '\(gate.name)' is nested more than \(limits.maxGateNesting) levels deep (limit maxGateNesting)",
                    at: location, gate: gate.name, qubits: qubits)
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
                var substituted: [ParameterExpression] = []
                let innerParameters = inner.operation.parameters
                substituted.reserveCapacity(innerParameters.count)
                for parameter in innerParameters {
                    guard let value = parameter.substitutingFinite(substitution) else {
                        throw CircuitError(
                            .invalidArgument, "custom gate '\(gate.name)': parameter \(parameter) of '\(inner.operation.name)' is not a finite number",
                            at: location, gate: gate.name, qubits: qubits)
                    }
                    if value.depth > limits.maxExpressionDepth {
                        throw CircuitError(
                            .limitExceeded, "custom gate '\(gate.name)': a parameter is nested more than \(limits.maxExpressionDepth) levels deep (limit maxExpressionDepth)",
                            at: location, gate: gate.name, qubits: qubits)
                    }
                    substituted.append(value)
                }
                let instruction: CircuitInstruction
                switch inner.operation {
                case .gate(let standard, _):
                    // A body built in code is not checked when it is built.
                    guard substituted.count == standard.parameterCount, mapped.count == standard.qubitCount,
                        Set(mapped).count == mapped.count
                    else {
                        throw CircuitError(
                            .invalidArgument, "custom gate '\(gate.name)' calls '\(standard.rawValue)' with the wrong operands",
                            at: location, gate: gate.name, qubits: qubits)
                    }
                    instruction = CircuitInstruction(.gate(standard, substituted), qubits: mapped, location: location)
                case .custom(let nested, _): instruction = CircuitInstruction(.custom(nested, substituted), qubits: mapped, location: location)
                case .barrier: instruction = CircuitInstruction(.barrier, qubits: mapped, location: location)
                default:
                    throw CircuitError(.unsupported, "custom gate '\(gate.name)' contains '\(inner.operation.name)'", at: location, gate: gate.name, qubits: qubits)
                }
                try count(instruction)
                switch instruction.operation {
                case .gate(.gphase, let gamma):
                    phase.add(gamma.first ?? 0)
                case .custom(let nested, let nestedParameters):
                    try expand(nested, parameters: nestedParameters, qubits: mapped, location: location, depth: depth + 1)
                case .barrier where mapped.isEmpty:
                    // The barrier of a gate on no qubits does nothing (and a circuit's barrier on
                    // no qubits would be written as `barrier;`, every qubit).
                    continue
                default:
                    output.append(instruction)
                }
            }
        }
    }
}
