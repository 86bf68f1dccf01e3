/// The one error type of QuantumCircuits.
///
/// Parsing OpenQASM or QPY, building a circuit, binding parameters, validating it against an
/// ``InstructionSetArchitecture`` and translating it all report a `CircuitError`. Match on ``code``
/// to react to a kind of failure; ``message`` is for people and names the construct, the gate and
/// the qubits involved. Errors that come from a source text carry its ``line`` and ``column``
/// (1-based, columns count Unicode scalars).
///
/// ```swift
/// do {
///     let circuit = try QuantumCircuit(qasm: text)
/// } catch let error as CircuitError {
///     print(error)   // "line 4, column 1: unsupported construct 'for': ..."
/// }
/// ```
///
/// The SDK wraps a `CircuitError` into its `RuntimeError` where it surfaces through the service API;
/// the emulator turns it into the job's failure reason.
public struct CircuitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added later, so a `switch` over codes should
    /// keep a `default` case.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case syntax
            case unsupported
            case undefined
            case invalidArgument
            case unboundParameter
            case limitExceeded
            case invalidQPY
            case isaViolation
            case uncoupledQubits
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The text is not valid OpenQASM (an unexpected token, a missing `;`, a malformed number).
        public static let syntax = Code(.syntax)
        /// Valid OpenQASM or QPY that uses a construct this library does not support (control flow,
        /// classical types, gate modifiers, `opaque`, an unknown include, an unsupported QPY feature).
        public static let unsupported = Code(.unsupported)
        /// A reference to a gate, register, parameter or bit that is not declared.
        public static let undefined = Code(.undefined)
        /// A well-formed statement or call with wrong arguments: a qubit out of range, the wrong number
        /// of parameters or qubits, a qubit used twice in one gate, a redeclared name.
        public static let invalidArgument = Code(.invalidArgument)
        /// A parameter had no value when a number was needed.
        public static let unboundParameter = Code(.unboundParameter)
        /// Input too large or nested too deeply (expression depth, gate expansion size, register
        /// size): a ``QuantumCircuit/Limits`` value, which the message names (`maxInstructions`).
        public static let limitExceeded = Code(.limitExceeded)
        /// Bytes that are not a valid QPY payload.
        public static let invalidQPY = Code(.invalidQPY)
        /// The circuit does not fit an ``InstructionSetArchitecture``: a gate outside the basis, a
        /// qubit outside the device, a two-qubit gate on an uncoupled pair.
        public static let isaViolation = Code(.isaViolation)
        /// Basis translation met a two-qubit gate on physical qubits that are not coupled (it does
        /// not route).
        public static let uncoupledQubits = Code(.uncoupledQubits)

        /// The code's name, such as `syntax`.
        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation naming the construct, gate and qubits involved.
    public var message: String
    /// The 1-based line in the source text, when the error comes from (or refers to) a parsed text.
    public var line: Int?
    /// The 1-based column (in Unicode scalars) in the source text, with ``line``.
    public var column: Int?
    /// For gate-level errors: the gate's name.
    public var gate: String?
    /// For gate-level errors: the qubits involved (circuit or physical indices).
    public var qubits: [Int]

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: a human-readable explanation.
    ///   - line: the 1-based source line, if any.
    ///   - column: the 1-based source column, if any.
    ///   - gate: the gate involved, if any.
    ///   - qubits: the qubits involved, if any.
    public init(
        _ code: Code, _ message: String, line: Int? = nil, column: Int? = nil, gate: String? = nil,
        qubits: [Int] = []
    ) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.gate = gate
        self.qubits = qubits
    }

    init(_ code: Code, _ message: String, at location: SourcePosition?, gate: String? = nil, qubits: [Int] = []) {
        self.init(code, message, line: location?.line, column: location?.column, gate: gate, qubits: qubits)
    }

    /// `line L, column C: message`, or just the message when there is no source position.
    public var description: String {
        guard let line else { return message }
        if let column { return "line \(line), column \(column): \(message)" }
        return "line \(line): \(message)"
    }
}
