import QuantumCircuits

/// The circuit of a primitive pub, in the form sent to the service.
///
/// A circuit is sent as OpenQASM 3 text (IBM's REST guides submit it directly). Any type that can
/// describe itself as a `PrimitiveCircuit` can be given to a pub (``PrimitiveCircuitConvertible``):
/// `String` and the circuit builder's `QuantumCircuit` do, so pubs take either.
///
/// What the SDK knows about the circuit (its qubit count and its parameters in qiskit's sorted
/// order) is optional: when present, pubs are checked against it before submitting (parameter
/// count, observable width) and values given by name are sent in that order; when absent, the
/// service checks them. A `QuantumCircuit` always knows them; text knows them when it parses
/// with the shared OpenQASM parser (``init(parsing:)``, which `String` uses).
///
/// ```swift
/// let circuit = PrimitiveCircuit(qasm3: text, qubitCount: 2, parameterNames: ["theta"])
/// let pub = SamplerPub(circuit: circuit, parameterValues: [0.5])
/// ```
public struct PrimitiveCircuit: Sendable, Hashable, PrimitiveCircuitConvertible, ExpressibleByStringLiteral {
    /// The OpenQASM 3 text sent as the pub's circuit.
    public let qasm3: String
    /// The number of qubits, when known.
    public let qubitCount: Int?
    /// The circuit's parameters in qiskit's sorted order (the order of the last axis of the
    /// parameter values), when known.
    public let parameterNames: [String]?
    /// The circuit as the shared parser read it (or as built), when known: what the ISA check
    /// before submitting looks at. Not part of equality (it is a function of the text).
    let circuit: QuantumCircuit?

    /// A circuit given as OpenQASM 3 text.
    /// - Parameters:
    ///   - qasm3: the program text.
    ///   - qubitCount: its number of qubits, if known (checked against observables).
    ///   - parameterNames: its `input float` parameters in qiskit's sorted order, if known
    ///     (checked against parameter values).
    public init(qasm3: String, qubitCount: Int? = nil, parameterNames: [String]? = nil) {
        self.init(qasm3: qasm3, qubitCount: qubitCount, parameterNames: parameterNames, circuit: nil)
    }

    private init(qasm3: String, qubitCount: Int?, parameterNames: [String]?, circuit: QuantumCircuit?) {
        self.qasm3 = qasm3
        self.qubitCount = qubitCount
        self.parameterNames = parameterNames
        self.circuit = circuit
    }

    /// OpenQASM text (3 or 2), with its qubit count and parameters when the shared parser reads it;
    /// text it cannot read (a construct it does not support) is kept as is, for the service to check.
    public init(parsing text: String) {
        if let circuit = try? QuantumCircuit(qasm: text) {
            self.init(qasm3: text, qubitCount: circuit.qubitCount, parameterNames: circuit.parameterNames, circuit: circuit)
        } else {
            self.init(qasm3: text)
        }
    }

    /// A built circuit, sent as its OpenQASM 3 text.
    public init(_ circuit: QuantumCircuit) {
        self.init(qasm3: circuit.qasm3, qubitCount: circuit.qubitCount, parameterNames: circuit.parameterNames, circuit: circuit)
    }

    /// A circuit from a string literal of OpenQASM 3 text (read by ``init(parsing:)``).
    public init(stringLiteral value: String) {
        self.init(parsing: value)
    }

    /// The circuit itself.
    public var primitiveCircuit: PrimitiveCircuit { self }

    /// The circuit as sent in a pub: the OpenQASM 3 text.
    var wireValue: RuntimeValue { .string(qasm3) }

    /// The circuit for the ISA check: as built or parsed, else read from the text now.
    /// - Throws: `RuntimeError(.invalidCircuit)` naming `place`, the line and the construct the
    ///   parser stopped at, with the `CircuitError` in ``RuntimeError/circuitError``.
    func parsedCircuit(_ place: String) throws -> QuantumCircuit {
        if let circuit { return circuit }
        do {
            return try QuantumCircuit(qasm: qasm3)
        } catch {
            throw RuntimeError(.invalidCircuit, circuit: error, context: "\(place): the circuit could not be read")
        }
    }

    /// Equal text, qubit count and parameters.
    public static func == (lhs: PrimitiveCircuit, rhs: PrimitiveCircuit) -> Bool {
        lhs.qasm3 == rhs.qasm3 && lhs.qubitCount == rhs.qubitCount && lhs.parameterNames == rhs.parameterNames
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(qasm3)
        hasher.combine(qubitCount)
        hasher.combine(parameterNames)
    }
}

/// A value that can be the circuit of a primitive pub: OpenQASM 3 text (`String`), a
/// ``PrimitiveCircuit``, or a `QuantumCircuit` from the circuit builder.
public protocol PrimitiveCircuitConvertible: Sendable {
    /// The circuit as a pub sends it.
    var primitiveCircuit: PrimitiveCircuit { get }
}

extension String: PrimitiveCircuitConvertible {
    /// This text as an OpenQASM circuit (``PrimitiveCircuit/init(parsing:)``).
    public var primitiveCircuit: PrimitiveCircuit { PrimitiveCircuit(parsing: self) }
}

extension QuantumCircuit: PrimitiveCircuitConvertible {
    /// The circuit as sent in a pub: its OpenQASM 3 text, qubit count and sorted parameters.
    public var primitiveCircuit: PrimitiveCircuit { PrimitiveCircuit(self) }
}
