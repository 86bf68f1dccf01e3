import Foundation
import RuntimeWire
import Testing

@testable import QuantumCircuits

@Suite struct QASMParserTests {
    @Test func parsesEveryBenchCircuit() throws {
        let directory = TestFiles.benchCircuits
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".qasm") }
        #expect(files.count >= 12)
        for file in files {
            let text = try String(contentsOf: directory.appending(path: file), encoding: .utf8)
            let circuit = try QuantumCircuit(qasm: text)
            let size = Int(file.split(separator: "_")[1]) ?? -1
            #expect(circuit.qubitCount == size, "\(file)")
            let measures = circuit.instructions.filter { $0.operation == .measure }.count
            #expect(measures == (file.contains("nomeas") ? 0 : size), "\(file)")
            #expect(circuit.classicalRegisters.map(\.name) == (file.contains("nomeas") ? [] : ["meas"]), "\(file)")
        }
    }

    @Test func bellProgram() throws {
        let circuit = try QuantumCircuit(qasm: """
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[2] q;
            bit[2] c;
            h q[0];
            cx q[0], q[1];
            c[0] = measure q[0];
            c[1] = measure q[1];
            """)
        #expect(circuit.qubitCount == 2)
        #expect(circuit.clbitCount == 2)
        #expect(circuit.instructions.map(\.operation.name) == ["h", "cx", "measure", "measure"])
        #expect(circuit.instructions[1].qubits == [0, 1])
        #expect(circuit.instructions[3].clbits == [1])
        #expect(circuit.instructions[1].location == SourcePosition(line: 6, column: 1))
        var built = QuantumCircuit(qubits: 2, bits: 2)
        built.h(0)
        built.cx(0, 1)
        built.measure([0, 1], into: [0, 1])
        #expect(circuit == built)
    }

    @Test func measureFormsRegistersAndBroadcast() throws {
        let circuit = try QuantumCircuit(qasm: """
            OPENQASM 3;
            include "stdgates.inc";
            qubit[3] q;
            qubit r;
            bit[3] a;
            bit[1] b;
            h q;
            cx q[0:1], q[1:2];
            a = measure q;
            measure r -> b[0];
            measure q[-1] -> a[0];
            """)
        #expect(circuit.qubitCount == 4)
        #expect(circuit.quantumRegisters.map(\.bits) == [[0, 1, 2], [3]])
        #expect(circuit.classicalRegisters.map(\.bits) == [[0, 1, 2], [3]])
        let ops = circuit.instructions.map { "\($0)" }
        #expect(ops == ["h 0", "h 1", "h 2", "cx 0, 1", "cx 1, 2", "measure 0 -> 0", "measure 1 -> 1", "measure 2 -> 2", "measure 3 -> 3", "measure 2 -> 0"])
    }

    @Test func physicalQubitsAndDelay() throws {
        let circuit = try QuantumCircuit(qasm: """
            OPENQASM 3.0;
            bit[2] c;
            rz(pi/2) $5;
            sx $5;
            ecr $5, $7;
            delay[100ns] $7;
            barrier $5, $7;
            c[0] = measure $5;
            c[1] = measure $7;
            """)
        #expect(circuit.usesPhysicalQubits)
        #expect(circuit.qubitCount == 8)
        #expect(circuit.activeQubits == [5, 7])
        #expect(circuit.instructions[3].operation == .delay(duration: 100, unit: "ns"))
        #expect(circuit.instructions[0].operation == .gate(.rz, [ParameterExpression(Double.pi / 2)]))
    }

    @Test func inputsAndExpressions() throws {
        let circuit = try QuantumCircuit(qasm: """
            OPENQASM 3.0;
            include "stdgates.inc";
            input float[64] theta;
            input angle[32] beta;
            input angle alpha;
            qubit[1] q;
            rx(-theta/2 + π) q[0];
            ry(2**3 - tau + euler*0 + sin(pi/2) + cos(0) + tan(0) + exp(0) + ln(1) + sqrt(4) - ℇ + τ) q[0];
            rz(beta ** 2) q[0];
            u(alpha, 0, -1.5e-3) q[0];
            """)
        #expect(circuit.parameterNames == ["alpha", "beta", "theta"])
        #expect(circuit.inputs.map(\.kind) == [.float(bits: 64), .angle(bits: 32), .angle(bits: nil)])
        let rx = circuit.instructions[0].operation.parameters[0]
        #expect(try rx.value(["theta": 1]) == -0.5 + Double.pi)
        let ry = try #require(circuit.instructions[1].operation.parameters[0].constantValue)
        #expect(abs(ry - (8 + 1 + 1 + 1 + 2 - M_E)) < 1e-12)
        #expect(circuit.instructions[3].operation.parameters[2].constantValue == -1.5e-3)
    }

    @Test func gateDefinitionsExpandWithParameters() throws {
        let circuit = try QuantumCircuit(qasm: """
            OPENQASM 3.0;
            include "stdgates.inc";
            gate twirl(a, b) x, y { rz(a) x; cx x, y; ry(b/2) y; gphase(a); }
            gate outer(t) p, q { twirl(t, 2*t) q, p; h p; }
            qubit[2] q;
            outer(0.5) q[0], q[1];
            """)
        #expect(circuit.instructions.count == 1)
        let expanded = try circuit.expandingCustomGates()
        #expect(expanded.instructions.map { "\($0)" } == ["rz(0.5) 1", "cx 1, 0", "ry(0.5) 0", "h 0"])
        #expect(expanded.globalPhase.constantValue == 0.5)
    }

    @Test func openQASM2() throws {
        let circuit = try QuantumCircuit(qasm: """
            OPENQASM 2.0;
            include "qelib1.inc";
            qreg q[2];
            creg c[2];
            U(pi/2, 0, pi) q[0];
            CX q[0], q[1];
            u0(1) q[1];
            cu1(pi^2) q[0], q[1];
            u2(0, pi) q;
            measure q -> c;
            """)
        #expect(circuit.instructions.map(\.operation.name) == ["u", "cx", "id", "cu1", "u2", "u2", "measure", "measure"])
        #expect(circuit.instructions[3].operation.parameters[0].constantValue == Double.pi * Double.pi)
    }

    @Test(arguments: [
        ("OPENQASM 3.0;\nqubit q;\nfor int i in [0:2] { x q; }", 3, 1, "for"),
        ("OPENQASM 3.0;\nqubit[2] q;\nctrl @ x q[0], q[1];", 3, 1, "ctrl @"),
        ("OPENQASM 3.0;\nqubit q;\n  inv @ h q;", 3, 3, "inv @"),
        ("OPENQASM 2.0;\nqreg q[1];\nopaque g q;", 3, 1, "opaque"),
        ("OPENQASM 3.0;\ninclude \"other.inc\";", 2, 1, "include"),
        ("OPENQASM 3.0;\nqubit q;\nbit c;\nif (c == 1) x q;", 4, 1, "if"),
        ("OPENQASM 3.0;\nint[32] n = 3;", 2, 1, "int"),
        ("OPENQASM 3.0;\ninput int[8] n;", 2, 7, "input int"),
    ])
    func unsupportedConstructsNameLineColumnAndConstruct(_ input: (String, Int, Int, String)) {
        let (text, line, column, construct) = input
        do {
            _ = try QuantumCircuit(qasm: text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.code == .unsupported, "\(error)")
            #expect(error.line == line, "\(error)")
            #expect(error.column == column, "\(error)")
            #expect(error.message.contains("'\(construct)'"), "\(error)")
        }
    }

    @Test(arguments: [
        ("qubit[2] q;\nh q[2];", CircuitError.Code.invalidArgument, 2),
        ("qubit[2] q;\nfoo q[0];", .undefined, 2),
        ("qubit[2] q;\nh q[0]", .syntax, 2),
        ("qubit[2] q;\ncx q[0], q[0];", .invalidArgument, 2),
        ("qubit[2] q;\nrx(theta) q[0];", .undefined, 2),
        ("qubit[2] q;\nrx(1, 2) q[0];", .invalidArgument, 2),
        ("qubit[2] q;\n/* open", .syntax, 2),
        ("qubit[2] q;\nrx(1.0im) q[0];", .unsupported, 2),
        ("qubit[2] q;\nbit[3] c;\nc = measure q;", .invalidArgument, 3),
        ("qubit[2] q;\nqubit[1] q;", .invalidArgument, 2),
        ("qubit[2] q;\nh $0;", .invalidArgument, 2),
        ("qubit[200000] q;", .limitExceeded, 1),
    ])
    func errorsAreTyped(_ input: (String, CircuitError.Code, Int)) {
        do {
            _ = try QuantumCircuit(qasm: "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n" + input.0)
            Issue.record("expected an error for \(input.0)")
        } catch {
            #expect(error.code == input.1, "\(error)")
            #expect(error.line == input.2 + 2, "\(error)")
        }
    }

    @Test func deepNestingIsALimitNotACrash() {
        let deep = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(throws: CircuitError.self) { try QuantumCircuit(qasm: "qubit q;\nrx(\(deep)) q;") }
        let minus = String(repeating: "-", count: 100_000) + "1"
        #expect(throws: CircuitError.self) { try QuantumCircuit(qasm: "qubit q;\nrx(\(minus)) q;") }
        let power = Array(repeating: "2", count: 50_000).joined(separator: "**")
        #expect(throws: CircuitError.self) { try QuantumCircuit(qasm: "qubit q;\nrx(\(power)) q;") }
    }

    @Test func randomAndMutatedInputNeverCrashes() {
        var generator = SplitMix64(seed: 7)
        let alphabet = Array("qubit[]; h cx measure -> = $0 1.5e3 ( ) { } gate // /* */ \" π pi + - * / ** , \n OPENQASM 3.0 include stdgates.inc bit c input float[64] θ".unicodeScalars)
        let seed = """
            OPENQASM 3.0;
            include "stdgates.inc";
            input float[64] theta;
            gate g(a) x, y { rz(a/2) x; cx x, y; }
            qubit[3] q;
            bit[3] c;
            h q[0];
            g(theta) q[0], q[1];
            c = measure q;
            """
        let seedScalars = Array(seed.unicodeScalars)
        for round in 0..<3000 {
            var scalars: [Unicode.Scalar]
            if round % 2 == 0 {
                scalars = (0..<Int(generator.next() % 200)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            } else {
                scalars = seedScalars
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    let position = Int(generator.next() % UInt64(scalars.count))
                    switch generator.next() % 3 {
                    case 0: scalars.remove(at: position)
                    case 1: scalars.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
                    default: scalars[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                    }
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            do {
                let circuit = try QuantumCircuit(qasm: text)
                // Whatever parses also writes and reads back.
                #expect(try QuantumCircuit(qasm: circuit.qasm3) == circuit, "\(text)")
            } catch {
                #expect(error.line != nil, "\(error) for \(text)")
            }
        }
    }
}

