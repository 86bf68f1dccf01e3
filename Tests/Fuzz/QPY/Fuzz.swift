// libFuzzer target: QPY bytes. Reading ends in a circuit or a CircuitError, and so do expanding,
// validating, translating, binding and writing what was read (checkCircuit in Tests/Fuzz/Shared).
//
// The first input byte picks how the rest is used:
// - even: as QPY bytes (`QuantumCircuit(qpy:)`);
// - 1 (mod 4): as a zlib stream, sent base64-encoded to `QuantumCircuit(encodedQPY:)` (bombs,
//   corrupt streams);
// - 3 (mod 4): as QPY bytes compressed with the system's libz (when it loads) and sent to
//   `QuantumCircuit(encodedQPY:)`, which must give what `QuantumCircuit(qpy:)` gives.
import RuntimeWire
@testable import QuantumCircuits

/// Limits small enough that every input runs in milliseconds under the sanitizers.
let limits = QuantumCircuit.Limits(
    maxInputBytes: 1 << 16, maxQubits: 64, maxClbits: 64, maxInstructions: 4_000, maxOperands: 16_000,
    maxExpressionDepth: 48, maxExpressionNodes: 40_000, maxGateNesting: 12, maxIdentifierLength: 128)

/// Eight qubits in a line, `ecr` one way (Eagle-like).
let isa = InstructionSetArchitecture(
    qubitCount: 8, basisGates: ["ecr", "id", "rz", "sx", "x"],
    couplingMap: (0..<7).map { [$0, $0 + 1] })

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let mode = data[0]
    let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let read: Result<QuantumCircuit, CircuitError>
    switch mode & 3 {
    case 1:
        read = Result { () throws(CircuitError) in try QuantumCircuit(encodedQPY: Base64.encode(rest), limits: limits) }
    case 3:
        read = Result { () throws(CircuitError) in try QuantumCircuit(qpy: rest, limits: limits) }
        if Zlib.isAvailable, let compressed = try? Zlib.deflate(rest) {
            let encoded = Result { () throws(CircuitError) in
                try QuantumCircuit(encodedQPY: Base64.encode(compressed), limits: limits)
            }
            switch (read, encoded) {
            case (.success(let a), .success(let b)): require(a == b, "encodedQPY differs from qpy")
            case (.failure(let a), .failure(let b)): require(a.code == b.code, "encodedQPY fails with \(b), qpy with \(a)")
            default: fatalError("encodedQPY and qpy disagree: \(read) vs \(encoded)")
            }
        }
    default:
        read = Result { () throws(CircuitError) in try QuantumCircuit(qpy: rest, limits: limits) }
    }
    guard case .success(let circuit) = read else { return 0 }
    // Written text reads back to a circuit or an error (some QPY content, such as abs(), has no
    // OpenQASM form this parser reads).
    _ = try? QuantumCircuit(qasm: circuit.qasm3, limits: .default)
    checkCircuit(circuit, limits: limits, rereadLimits: .default, isa: isa, rereadExpanded: false, source: "\(rest)")
    return 0
}
