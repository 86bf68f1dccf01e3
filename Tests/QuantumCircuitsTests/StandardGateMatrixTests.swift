import RuntimeWire
import Testing

@testable import QuantumCircuits

@Suite struct StandardGateMatrixTests {
    @Test func everyGateMatchesQiskitsOperatorExactly() throws {
        let fixture = try TestFiles.fixtureJSON("gate_matrices.json")
        let entries = try #require(fixture["gates"]?.arrayValue)
        var seen = Set<StandardGate>()
        for entry in entries {
            let name = try #require(entry["name"]?.stringValue)
            let gate = try #require(StandardGate(rawValue: name), "unknown gate \(name)")
            seen.insert(gate)
            let parameters = try #require(entry["params"]?.arrayValue).compactMap(\.doubleValue)
            let expected = try #require(entry["matrix"]?.arrayValue).compactMap(\.doubleValue)
            #expect(entry["num_qubits"]?.integerValue.map(Int.init) == gate.qubitCount, "\(name)")
            let matrix = try gate.matrix(parameters)
            let reference = try GateMatrix(qubitCount: gate.qubitCount, elements: expected)
            #expect(matrix.maximumDistance(to: reference) < 1e-12, "\(name)\(parameters)")
        }
        #expect(seen == Set(StandardGate.allCases))
    }

    @Test func matricesAreUnitary() throws {
        for gate in StandardGate.allCases {
            let matrix = try gate.matrix((0..<gate.parameterCount).map { 0.37 + Double($0) })
            let product = matrix.adjoint.multiplied(by: matrix)
            #expect(product.maximumDistance(to: .identity(qubitCount: gate.qubitCount)) < 1e-12, "\(gate)")
        }
    }

    @Test func layoutIsLittleEndianWithOperandZeroLeastSignificant() throws {
        // cx(control = operand 0, target = operand 1): |q1 q0> = |01> (index 1) -> |11> (index 3).
        let cx = try StandardGate.cx.matrix()
        #expect(cx[row: 3, column: 1] == (1, 0))
        #expect(cx[row: 1, column: 1] == (0, 0))
        #expect(cx[row: 2, column: 2] == (1, 0))
        // Interleaved row-major storage.
        let y = try StandardGate.y.matrix()
        #expect(y.elements == [0, 0, 0, -1, 0, 1, 0, 0])
    }

    @Test func wrongParameterCountThrows() {
        #expect(throws: CircuitError.self) { try StandardGate.rx.matrix([]) }
        #expect(throws: CircuitError.self) { try StandardGate.h.matrix([1]) }
    }

    @Test func qasmAliasesResolve() {
        #expect(StandardGate(qasmName: "U") == .u)
        #expect(StandardGate(qasmName: "CX") == .cx)
        #expect(StandardGate(qasmName: "cphase") == .cp)
        #expect(StandardGate(qasmName: "rc3x") == .rcccx)
        #expect(StandardGate(qasmName: "xx_plus_yy") == .xxPlusYY)
        #expect(StandardGate(qasmName: "nope") == nil)
    }
}
