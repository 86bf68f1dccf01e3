/// A sampler pub (primitive unified bloc): a circuit, optional parameter values and an optional
/// shot count. Its shape is the shape of its parameter values; each position is sampled `shots`
/// times.
///
/// ```swift
/// let bell = SamplerPub(circuit: qasm)                                   // shape ()
/// let sweep = SamplerPub(circuit: rotation, parameterValues: ParameterValues(sweep: [[0.0], [0.5], [1.0]]), shots: 1000)
/// ```
public struct SamplerPub: Sendable, Hashable {
    /// The circuit.
    public var circuit: PrimitiveCircuit
    /// The parameter values (``ParameterValues/none`` for a circuit without parameters).
    public var parameterValues: ParameterValues
    /// Shots per position; nil uses the job's shots (`run(…, shots:)`, then `defaultShots`).
    public var shots: Int?

    /// Creates a pub.
    public init(circuit: some PrimitiveCircuitConvertible, parameterValues: ParameterValues = .none, shots: Int? = nil) {
        self.circuit = circuit.primitiveCircuit
        self.parameterValues = parameterValues
        self.shots = shots
    }

    /// The pub's shape: the parameter values' shape.
    public var shape: [Int] { parameterValues.shape }

    /// Checks the pub before submitting: positive shots, a rectangular sweep, and the parameter
    /// count against the circuit's parameters when they are known.
    /// - Throws: `RuntimeError(.invalidArgument)` naming the pub and the mismatch.
    public func validate(index: Int = 0) throws {
        let place = "sampler pub \(index)"
        if let shots, shots <= 0 { throw RuntimeError(.invalidArgument, "\(place): shots must be positive, not \(shots)") }
        _ = try Self.checkedValues(parameterValues, circuit: circuit, place: place)
    }

    /// The pub as the service takes it: `[circuit, parameter_values, shots]`.
    func wireValue(defaultShots: Int?, index: Int) throws -> RuntimeValue {
        try validate(index: index)
        let values = try parameterValues.wireValue(order: circuit.parameterNames)
        return .array([circuit.wireValue, values, (shots ?? defaultShots).map { .integer(Int64($0)) } ?? .null])
    }

    /// Checks parameter values against a circuit (shared with ``EstimatorPub``).
    static func checkedValues(_ given: ParameterValues, circuit: PrimitiveCircuit, place: String) throws -> ParameterValues {
        let values: ParameterValues
        do { values = try given.validated() } catch let error as RuntimeError { throw RuntimeError(.invalidArgument, "\(place): \(error.message)") }
        if let names = circuit.parameterNames, values.parameterCount != names.count {
            throw RuntimeError(.invalidArgument, "\(place): \(values.parameterCount) parameter values for the circuit's \(names.count) parameters \(names)")
        }
        if let names = circuit.parameterNames, let given = values.names, Set(given) != Set(names) {
            throw RuntimeError(.invalidArgument, "\(place): parameter values for \(given) do not match the circuit's parameters \(names)")
        }
        return values
    }
}
