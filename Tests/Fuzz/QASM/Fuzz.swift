// libFuzzer target: OpenQASM 3/2 text. Parsing ends in a circuit or a CircuitError; a circuit
// written as OpenQASM 3 reads back to an equal circuit (same hash, and the same text when written
// again); expanding its custom gates, validating and translating it for a fixed ISA, and binding
// its parameters each end in a value or a CircuitError, and what they return keeps the circuit's
// invariants (qubits in range, no custom gates left, native gates on coupled pairs).
@testable import QuantumCircuits

/// Limits small enough that every input runs in milliseconds under the sanitizers.
let limits = QuantumCircuit.Limits(
    maxInputBytes: 1 << 16, maxQubits: 64, maxClbits: 64, maxInstructions: 4_000, maxOperands: 16_000,
    maxExpressionDepth: 48, maxExpressionNodes: 40_000, maxGateNesting: 12, maxIdentifierLength: 128)

/// For reading written text back: written text is longer than its source (broadcasts are written
/// out) and parenthesises nested operators, which counts as deeper nesting.
let rereadLimits = QuantumCircuit.Limits(
    maxInputBytes: 1 << 26, maxQubits: 64, maxClbits: 64, maxInstructions: 4_000, maxOperands: 16_000,
    maxExpressionDepth: 4 * 48 + 8, maxExpressionNodes: 40_000, maxGateNesting: 12, maxIdentifierLength: 1 << 20)

/// Eight qubits in a line, `cz` both ways.
let isa = InstructionSetArchitecture(
    qubitCount: 8, basisGates: ["cz", "id", "rz", "sx", "x"],
    couplingMap: (0..<7).flatMap { [[$0, $0 + 1], [$0 + 1, $0]] })

func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQASM(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let circuit = try? QuantumCircuit(qasm: text, limits: limits) else { return 0 }

    // Written and read back: the same circuit, the same hash, the same text.
    let written = circuit.qasm3
    let again: QuantumCircuit
    do {
        again = try QuantumCircuit(qasm: written, limits: rereadLimits)
    } catch {
        fatalError("written text does not parse: \(error)\n--- source\n\(text)\n--- written\n\(written)")
    }
    require(again == circuit, "round trip changed the circuit\n--- source\n\(text)\n--- written\n\(written)")
    require(again.hashValue == circuit.hashValue, "equal circuits hash differently")
    require(again.qasm3 == written, "writing the read-back circuit gives other text\n--- written\n\(written)")

    for instruction in circuit.instructions {
        require(instruction.qubits.allSatisfy { $0 >= 0 && $0 < circuit.qubitCount }, "qubit out of range: \(instruction)")
        require(instruction.clbits.allSatisfy { $0 >= 0 && $0 < circuit.clbitCount }, "clbit out of range: \(instruction)")
    }
    _ = circuit.isaViolations(against: isa)
    _ = try? circuit.validate(against: isa)

    // Expanded: only standard gates, measurements, resets, barriers and delays, in range.
    if let flat = try? circuit.expandingCustomGates(limits: limits) {
        for instruction in flat.instructions {
            if case .custom = instruction.operation { fatalError("expansion left a custom gate") }
            require(instruction.qubits.allSatisfy { $0 >= 0 && $0 < flat.qubitCount }, "expanded qubit out of range: \(instruction)")
            if instruction.operation.isGate {
                require(Set(instruction.qubits).count == instruction.qubits.count, "expanded gate repeats a qubit: \(instruction)")
            }
        }
        let flatText = flat.qasm3
        do {
            let reread = try QuantumCircuit(qasm: flatText, limits: rereadLimits)
            require(reread.instructions == flat.instructions, "expanded circuit does not read back\n\(flatText)")
        } catch {
            fatalError("expanded circuit's text does not parse: \(error)\n\(flatText)")
        }
        _ = try? flat.validate(against: isa)
    }

    // Translated: native gates on coupled pairs of the device, every qubit on it.
    if let translated = try? circuit.translated(for: isa, limits: limits) {
        require(translated.qubitCount == isa.qubitCount, "translated circuit has \(translated.qubitCount) qubits")
        for instruction in translated.instructions {
            require(instruction.qubits.allSatisfy { $0 >= 0 && $0 < isa.qubitCount }, "translated qubit off the device: \(instruction)")
        }
        let violations = translated.isaViolations(against: isa)
        require(violations.isEmpty, "translation is not native: \(violations.prefix(3))\n--- source\n\(text)")
        _ = translated.qasm3
    }

    // Bound: constants everywhere.
    let values = (0..<circuit.parameters.count).map { 0.1 + 0.37 * Double($0) }
    if let bound = try? circuit.bindingParameters(values) {
        require(bound.inputs.isEmpty, "binding left inputs")
        require(bound.globalPhase.constantValue?.isFinite == true, "binding left a phase that is not a finite constant")
        for instruction in bound.instructions {
            require(instruction.operation.parameters.allSatisfy { $0.constantValue?.isFinite == true }, "binding left \(instruction)")
        }
    }
    return 0
}
