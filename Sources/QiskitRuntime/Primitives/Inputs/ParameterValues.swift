/// The parameter values of a pub: one set of values for the circuit's parameters, or an array of
/// sets of any shape (a sweep), given in the circuit's parameter order or by name (qiskit's
/// `BindingsArray`).
///
/// The array's shape is the pub's shape for a sampler (one set of shots per position); for an
/// estimator it is broadcast against the observables' shape.
///
/// ```swift
/// let one: ParameterValues = [0.5, 1.0]                      // shape (), two parameters
/// let sweep = ParameterValues(sweep: [[0.0, 1.0], [0.5, 1.0], [1.0, 1.0]])   // shape (3,)
/// let grid = try ParameterValues(values: Array(repeating: 0.1, count: 12), shape: [2, 3], parameterCount: 2)
/// let named = ParameterValues(named: ["theta": [0.0, 0.5, 1.0]])            // shape (3,)
/// ```
public struct ParameterValues: Sendable, Hashable, ExpressibleByArrayLiteral {
    /// The shape of the array of parameter sets (`[]` for a single set).
    public let shape: [Int]
    /// The values, C order over ``shape`` then the parameters: `values[position × n + parameter]`.
    public let values: [Double]
    /// The parameter names, for values given by name (one array of shape ``shape`` each, in this
    /// order); nil for values in the circuit's order.
    public let names: [String]?
    /// The number of parameters (the last axis).
    public let parameterCount: Int

    /// No parameters.
    public static let none = ParameterValues(unchecked: [], shape: [], parameterCount: 0, names: nil)

    private init(unchecked values: [Double], shape: [Int], parameterCount: Int, names: [String]?) {
        self.values = values
        self.shape = shape
        self.parameterCount = parameterCount
        self.names = names
    }

    /// One set of values, in the circuit's parameter order (shape `()`).
    public init(_ values: [Double]) {
        self.init(unchecked: values, shape: [], parameterCount: values.count, names: nil)
    }

    /// One set of values from an array literal (`[0.5, 1.0]`).
    public init(arrayLiteral elements: Double...) {
        self.init(elements)
    }

    /// A 1-D sweep: one set of values per element (shape `(sets.count,)`). Every set must have the
    /// same length; ``validated()`` reports a ragged sweep.
    public init(sweep sets: [[Double]]) {
        let count = sets.first?.count ?? 0
        let ragged = sets.contains { $0.count != count }
        self.init(unchecked: ragged ? [] : sets.flatMap { $0 }, shape: ragged ? [-1] : [sets.count], parameterCount: count, names: nil)
    }

    /// Sets of any shape: `values` in C order over `shape` and then the parameters.
    /// - Throws: `RuntimeError(.invalidArgument)` when `values.count` is not
    ///   `product(shape) × parameterCount`.
    public init(values: [Double], shape: [Int], parameterCount: Int) throws {
        guard parameterCount >= 0, shape.allSatisfy({ $0 >= 0 }), let positions = ShapeMath.count(shape),
              case let (total, overflow) = positions.multipliedReportingOverflow(by: parameterCount), !overflow, total == values.count
        else {
            throw RuntimeError(.invalidArgument, "\(values.count) parameter values do not fill shape \(ShapeMath.describe(shape)) × \(parameterCount) parameters")
        }
        self.init(unchecked: values, shape: shape, parameterCount: parameterCount, names: nil)
    }

    /// Sets from a float ndarray whose last axis is over the parameters (shape `pub shape + (n,)`).
    /// - Throws: `RuntimeError(.invalidArgument)` for a 0-d or non-real array.
    public init(ndarray: NDArray) throws {
        guard let shape = ndarray.shape.last.map({ _ in ndarray.shape }), let doubles = ndarray.doubles else {
            throw RuntimeError(.invalidArgument, "parameter values need a real ndarray with a parameter axis, not \(ndarray.dtype) \(ShapeMath.describe(ndarray.shape))")
        }
        let ordered = ndarray.isFortranOrder ? ShapeMath.fortranToC(doubles, shape: shape) : doubles
        try self.init(values: ordered, shape: Array(shape.dropLast()), parameterCount: shape[shape.count - 1])
    }

    /// One set of values by parameter name (shape `()`), such as `["theta": 0.5]` for
    /// `input float[64] theta;`.
    public init(named values: [String: Double]) {
        let names = values.keys.sorted()
        self.init(unchecked: names.map { values[$0] ?? 0 }, shape: [], parameterCount: names.count, names: names)
    }

    /// A 1-D sweep by parameter name: each parameter's values, all of the same length (shape
    /// `(length,)`); ``validated()`` reports different lengths.
    public init(named sweep: [String: [Double]]) {
        let names = sweep.keys.sorted()
        let length = names.first.flatMap { sweep[$0]?.count } ?? 0
        let ragged = names.contains { sweep[$0]?.count != length }
        var values: [Double] = []
        if !ragged {
            values.reserveCapacity(length * names.count)
            for position in 0..<length { for name in names { values.append(sweep[name]?[position] ?? 0) } }
        }
        self.init(unchecked: values, shape: ragged ? [-1] : [length], parameterCount: names.count, names: names)
    }

    /// The values as an error when the array was built ragged (``init(sweep:)``, ``init(named:)-(_:[String:[Double]])``).
    func validated() throws -> ParameterValues {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw RuntimeError(.invalidArgument, names == nil ? "the sets of a parameter sweep have different lengths"
                                                             : "the parameters of a named sweep have different numbers of values")
        }
        return self
    }

    /// The wire form: a float64 ndarray of shape `shape + (n,)` in the given parameter order (what
    /// qiskit-ibm-runtime sends), or for values by name a dict from name to values nested to
    /// ``shape``. With `order` (the circuit's sorted parameter names), values by name are put in
    /// that order and sent as an ndarray.
    func wireValue(order: [String]?) throws -> RuntimeValue {
        var values = self.values
        var named = names
        if let names, let order {
            guard Set(names) == Set(order), names.count == order.count else {
                throw RuntimeError(.invalidArgument, "parameter values for \(names) do not match the circuit's parameters \(order)")
            }
            let column = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            let positions = ShapeMath.count(shape) ?? 0
            values = []
            values.reserveCapacity(self.values.count)
            for position in 0..<positions {
                for name in order { values.append(self.values[position * parameterCount + (column[name] ?? 0)]) }
            }
            named = nil
        }
        if let named {
            var object = RuntimeObject()
            for (column, name) in named.enumerated() {
                let series = stride(from: column, to: values.count, by: max(parameterCount, 1)).map { values[$0] }
                object[name] = try ShapedArray(series, shape: shape).runtimeValue
            }
            return .object(object)
        }
        return .ndarray(try NDArray(doubles: values, shape: shape + [parameterCount]))
    }
}

extension ShapedArray where Element == Double {
    /// The values as nested lists (a number for shape `()`).
    var runtimeValue: RuntimeValue {
        func build(_ axis: Int, _ offset: Int) -> RuntimeValue {
            if axis == shape.count { return .double(elements[offset]) }
            let stride = shape[(axis + 1)...].reduce(1, *)
            return .array((0..<shape[axis]).map { build(axis + 1, offset + $0 * stride) })
        }
        return build(0, 0)
    }
}
