/// An estimator pub: a circuit, the observables to estimate, optional parameter values and an
/// optional target precision. Its shape is the broadcast of the observables' and the parameter
/// values' shapes (numpy's rules: aligned at the right, each pair of dimensions equal or one of
/// them 1), and the result holds one expectation value per position.
///
/// ```swift
/// let pub = EstimatorPub(circuit: qasm, observables: ["ZZ": 1.0, "XI": -0.5])
/// let grid = EstimatorPub(circuit: ansatz, observables: ObservableArray(rows: [["ZZ"], ["XX"]]),
///                         parameterValues: ParameterValues(sweep: [[0.1], [0.2], [0.3]]))   // shape (2, 3)
/// ```
public struct EstimatorPub: Sendable, Hashable {
    /// The circuit.
    public var circuit: PrimitiveCircuit
    /// The observables.
    public var observables: ObservableArray
    /// The parameter values (``ParameterValues/none`` for a circuit without parameters).
    public var parameterValues: ParameterValues
    /// The target standard error of each expectation value; nil uses the job's precision
    /// (`run(…, precision:)`, then `defaultPrecision`).
    public var precision: Double?

    /// Creates a pub.
    public init(circuit: some PrimitiveCircuitConvertible, observables: ObservableArray,
                parameterValues: ParameterValues = .none, precision: Double? = nil) {
        self.circuit = circuit.primitiveCircuit
        self.observables = observables
        self.parameterValues = parameterValues
        self.precision = precision
    }

    /// The pub's shape: the broadcast of the observables' and parameter values' shapes, or nil
    /// when they do not broadcast.
    public var shape: [Int]? { ShapeMath.broadcast(observables.shape, parameterValues.shape) }

    /// Checks the pub before submitting: shapes that broadcast, well-formed observables of one
    /// width (the circuit's qubit count when known), a positive finite precision, and the
    /// parameter count when the circuit's parameters are known.
    /// - Throws: `RuntimeError(.invalidArgument)` naming the pub and the mismatch.
    public func validate(index: Int = 0) throws {
        try validate(index: index, backendQubitCount: nil)
    }

    /// ``validate(index:)``, accepting observables over `backendQubitCount` qubits too (labels over
    /// the backend's physical qubits, as the service takes them).
    func validate(index: Int, backendQubitCount: Int?) throws {
        let place = "estimator pub \(index)"
        if let precision, !(precision > 0 && precision.isFinite) {
            throw RuntimeError(.invalidArgument, "\(place): precision must be positive, not \(precision)")
        }
        try observables.validate(place, qubitCount: circuit.qubitCount, backendQubitCount: backendQubitCount)
        let values = try SamplerPub.checkedValues(parameterValues, circuit: circuit, place: place)
        guard ShapeMath.broadcast(observables.shape, values.shape) != nil else {
            throw RuntimeError(.invalidArgument, "\(place): observables of shape \(ShapeMath.describe(observables.shape)) and parameter values of shape \(ShapeMath.describe(values.shape)) do not broadcast")
        }
    }

    /// The pub as the service takes it: `[circuit, observables, parameter_values, precision]`.
    func wireValue(defaultPrecision: Double?, index: Int, backendQubitCount: Int? = nil) throws -> RuntimeValue {
        try validate(index: index, backendQubitCount: backendQubitCount)
        let values = try parameterValues.wireValue(order: circuit.parameterNames)
        return .array([circuit.wireValue, observables.wireValue, values, (precision ?? defaultPrecision).map { .double($0) } ?? .null])
    }
}
