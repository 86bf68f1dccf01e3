// libFuzzer target: OpenQASM 3/2 text. Parsing ends in a circuit or a CircuitError; a circuit
// written as OpenQASM 3 reads back to an equal circuit (same hash, and the same text when written
// again); expanding its custom gates, validating and translating it for a fixed ISA, and binding
// its parameters each end in a value or a CircuitError and keep the circuit's invariants
// (checkCircuit in Tests/Fuzz/Shared).
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

    checkCircuit(circuit, limits: limits, rereadLimits: rereadLimits, isa: isa, rereadExpanded: true, source: text)
    return 0
}
