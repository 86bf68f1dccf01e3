// Checks shared by the fuzz targets that read circuits (.ci/fuzz adds the files of
// Tests/Fuzz/Shared/ to every target that imports QuantumCircuits).
@testable import QuantumCircuits

/// Stops the fuzzer with `message` when `condition` fails.
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// What is done with a circuit that was read ends in a value or a CircuitError, and the values keep
/// the invariants: qubits and clbits in range; expanded, no custom gates left and no gate repeating
/// a qubit; translated for `isa`, every instruction on the device and native there; bound, every
/// parameter a finite constant. With `rereadExpanded`, the expanded circuit written as OpenQASM 3
/// reads back to the same instructions (true of circuits read from OpenQASM).
func checkCircuit(
    _ circuit: QuantumCircuit, limits: QuantumCircuit.Limits, rereadLimits: QuantumCircuit.Limits,
    isa: InstructionSetArchitecture, rereadExpanded: Bool, source: @autoclosure () -> String
) {
    for instruction in circuit.instructions {
        require(instruction.qubits.allSatisfy { $0 >= 0 && $0 < circuit.qubitCount }, "qubit out of range: \(instruction)")
        require(instruction.clbits.allSatisfy { $0 >= 0 && $0 < circuit.clbitCount }, "clbit out of range: \(instruction)")
    }
    var hasher = Hasher()
    hasher.combine(circuit)
    _ = hasher.finalize()
    _ = circuit.isaViolations(against: isa)
    _ = try? circuit.validate(against: isa)

    if let flat = try? circuit.expandingCustomGates(limits: limits) {
        for instruction in flat.instructions {
            if case .custom = instruction.operation { fatalError("expansion left a custom gate") }
            require(instruction.qubits.allSatisfy { $0 >= 0 && $0 < flat.qubitCount }, "expanded qubit out of range: \(instruction)")
            if instruction.operation.isGate {
                require(Set(instruction.qubits).count == instruction.qubits.count, "expanded gate repeats a qubit: \(instruction)")
            }
        }
        let flatText = flat.qasm3
        if rereadExpanded {
            do {
                let reread = try QuantumCircuit(qasm: flatText, limits: rereadLimits)
                require(reread.instructions == flat.instructions, "expanded circuit does not read back\n\(flatText)")
            } catch {
                fatalError("expanded circuit's text does not parse: \(error)\n\(flatText)")
            }
        }
        _ = try? flat.validate(against: isa)
    }

    if let translated = try? circuit.translated(for: isa, limits: limits) {
        require(translated.qubitCount == isa.qubitCount, "translated circuit has \(translated.qubitCount) qubits")
        for instruction in translated.instructions {
            require(instruction.qubits.allSatisfy { $0 >= 0 && $0 < isa.qubitCount }, "translated qubit off the device: \(instruction)")
        }
        let violations = translated.isaViolations(against: isa)
        require(violations.isEmpty, "translation is not native: \(violations.prefix(3))\n--- source\n\(source())")
        _ = translated.qasm3
    }

    let values = (0..<circuit.parameters.count).map { 0.1 + 0.37 * Double($0) }
    if let bound = try? circuit.bindingParameters(values) {
        require(bound.inputs.isEmpty, "binding left inputs")
        require(bound.globalPhase.constantValue?.isFinite == true, "binding left a phase that is not a finite constant")
        for instruction in bound.instructions {
            require(instruction.operation.parameters.allSatisfy { $0.constantValue?.isFinite == true }, "binding left \(instruction)")
        }
    }
}
