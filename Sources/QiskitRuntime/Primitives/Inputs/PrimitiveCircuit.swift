/// The circuit of a primitive pub, in the form sent to the service.
///
/// Today a circuit is OpenQASM 3 text, sent as is (IBM's REST guides submit it directly). Any type
/// that can describe itself as a `PrimitiveCircuit` can be given to a pub
/// (``PrimitiveCircuitConvertible``): `String` does, and the circuit builder's `QuantumCircuit`
/// will, so pubs accept both without an API change.
///
/// What the SDK knows about the circuit (its qubit count and its parameters in qiskit's sorted
/// order) is optional: when present, pubs are checked against it before submitting (parameter
/// count, observable width) and values given by name are sent in that order; when absent (plain
/// text), the service checks them.
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

    /// A circuit given as OpenQASM 3 text.
    /// - Parameters:
    ///   - qasm3: the program text.
    ///   - qubitCount: its number of qubits, if known (checked against observables).
    ///   - parameterNames: its `input float` parameters in qiskit's sorted order, if known
    ///     (checked against parameter values).
    public init(qasm3: String, qubitCount: Int? = nil, parameterNames: [String]? = nil) {
        self.qasm3 = qasm3
        self.qubitCount = qubitCount
        self.parameterNames = parameterNames
    }

    /// A circuit from a string literal of OpenQASM 3 text.
    public init(stringLiteral value: String) {
        self.init(qasm3: value)
    }

    /// The circuit itself.
    public var primitiveCircuit: PrimitiveCircuit { self }

    /// The circuit as sent in a pub: the OpenQASM 3 text.
    var wireValue: RuntimeValue { .string(qasm3) }
}

/// A value that can be the circuit of a primitive pub: OpenQASM 3 text (`String`), a
/// ``PrimitiveCircuit``, and (with the circuit builder) a `QuantumCircuit`.
public protocol PrimitiveCircuitConvertible: Sendable {
    /// The circuit as a pub sends it.
    var primitiveCircuit: PrimitiveCircuit { get }
}

extension String: PrimitiveCircuitConvertible {
    /// This text as an OpenQASM 3 circuit.
    public var primitiveCircuit: PrimitiveCircuit { PrimitiveCircuit(qasm3: self) }
}
