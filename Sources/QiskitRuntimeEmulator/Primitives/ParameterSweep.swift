import QiskitRuntime
import QuantumCircuits
import RuntimeWire

/// The parameter values of a pub, bound to the circuit's parameters: a shape (the sweep's
/// `BindingsArray` shape) and one row of values per element, in the circuit's sorted-parameter
/// order (PLATFORM.md §5).
///
/// Accepted forms, as qiskit's `BindingsArray` reads them:
/// - absent or null: no values (the circuit must have no parameters), shape `()`;
/// - a number, nested lists or an `ndarray` of shape `pub_shape + (n_params,)`; with one
///   parameter the last axis may be left out (a last axis of length 1 is taken as the
///   parameter axis, as qiskit does); with none, `[]` or shape `pub_shape + (0,)`;
/// - an object by parameter name, each value of shape `pub_shape` (or `pub_shape + (1,)`);
///   the values' shapes broadcast together.
struct ParameterSweep: Sendable, Hashable {
    /// The sweep's shape.
    var shape: [Int]
    /// One row per element (C order), each with a value per parameter in sorted order.
    var rows: [[Double]]
    /// The parameter names, in sorted order.
    var names: [String]

    /// The most elements a sweep may have (each is a simulation).
    static let maximumCount = 1_000_000

    /// Reads the parameter values of pub `index` for `circuit`.
    /// - Throws: ``JobFailure/mapping(_:)`` when the values do not fit the circuit's parameters
    ///   (count, names, unbound parameters); ``JobFailure/validation(_:)`` for malformed values.
    init(_ value: JSONValue, circuit: QuantumCircuit, pub index: Int) throws(JobFailure) {
        let names = circuit.parameterNames
        let what = "pub \(index): parameter_values"
        if value == .null {
            guard names.isEmpty else {
                throw .mapping("pub \(index): the circuit has unbound parameters (\(names.joined(separator: ", "))) and the pub gives no parameter_values")
            }
            self.init(shape: [], rows: [[]], names: names)
            return
        }
        if case .object(let members) = value, value["__type__"] == nil {
            self = try Self.byName(members, names: names, pub: index)
            return
        }
        let array = try NumericArray(value, what: what)
        let n = names.count
        let sweepShape: [Int]
        switch n {
        case 0:
            guard array.values.isEmpty else {
                throw .mapping("pub \(index): the circuit has no parameters, but parameter_values holds \(array.values.count) values")
            }
            sweepShape = array.shape.last == 0 ? Array(array.shape.dropLast()) : []
        case 1:
            sweepShape = array.shape.last == 1 ? Array(array.shape.dropLast()) : array.shape
        default:
            guard let last = array.shape.last, last == n else {
                throw .mapping(
                    "pub \(index): parameter_values has shape \(ShapeMath.describe(array.shape)), but the circuit has \(n) parameters (\(names.joined(separator: ", "))): the last axis must have length \(n)")
            }
            sweepShape = Array(array.shape.dropLast())
        }
        guard let count = ArrayShape.count(sweepShape, limit: Self.maximumCount) else {
            throw .validation("\(what) has more than \(Self.maximumCount) parameter sets")
        }
        let rows: [[Double]] = n == 0
            ? Array(repeating: [], count: count)
            : (0..<count).map { element in Array(array.values[(element * n)..<((element + 1) * n)]) }
        self.init(shape: sweepShape, rows: rows, names: names)
    }

    init(shape: [Int], rows: [[Double]], names: [String]) {
        self.shape = shape
        self.rows = rows
        self.names = names
    }

    private static func byName(_ members: [JSONMember], names: [String], pub index: Int) throws(JobFailure) -> ParameterSweep {
        var arrays: [String: NumericArray] = [:]
        for member in members {
            guard names.contains(member.key) else {
                throw .mapping("pub \(index): parameter_values names '\(member.key)', which the circuit does not have (it has \(names.isEmpty ? "no parameters" : names.joined(separator: ", ")))")
            }
            var array = try NumericArray(member.value, what: "pub \(index): parameter_values['\(member.key)']")
            if array.shape.last == 1 { array.shape.removeLast() }
            arrays[member.key] = array
        }
        if let missing = names.first(where: { arrays[$0] == nil }) {
            throw .mapping("pub \(index): parameter_values gives no value for the circuit's parameter '\(missing)'")
        }
        var sweepShape: [Int] = []
        for name in names {
            guard let array = arrays[name], let shape = ShapeMath.broadcast(sweepShape, array.shape) else {
                throw .mapping("pub \(index): the shapes of the parameter_values do not broadcast together")
            }
            sweepShape = shape
        }
        guard let count = ArrayShape.count(sweepShape, limit: Self.maximumCount) else {
            throw .validation("pub \(index): parameter_values has more than \(Self.maximumCount) parameter sets")
        }
        var rows = [[Double]](repeating: [], count: count)
        for name in names {
            guard let array = arrays[name] else { continue }
            let sources = ArrayShape.sourceIndices(of: array.shape, in: sweepShape)
            for element in 0..<count { rows[element].append(array.values[sources[element]]) }
        }
        return ParameterSweep(shape: sweepShape, rows: rows, names: names)
    }

    /// The number of parameter sets.
    var count: Int { rows.count }
}
