/// The observables of an estimator pub: one ``PauliSum``, or an array of them of any shape
/// (qiskit's `ObservablesArray`). Its shape is broadcast against the parameter values' shape.
///
/// ```swift
/// let single: ObservableArray = ["ZZ": 1.0, "XI": -0.5]        // shape ()
/// let list: ObservableArray = ["ZZ", "XX", ["YY": 2.0]]         // shape (3,)
/// let column = ObservableArray(rows: [["ZZ"], ["XX"]])          // shape (2, 1)
/// ```
public struct ObservableArray: Sendable, Hashable, ExpressibleByDictionaryLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    /// The shape (`[]` for a single observable).
    public let shape: [Int]
    /// The observables in C order.
    public let observables: [PauliSum]

    /// A single observable (shape `()`).
    public init(_ observable: PauliSum) {
        shape = []
        observables = [observable]
    }

    /// A 1-D array of observables.
    public init(_ observables: [PauliSum]) {
        shape = [observables.count]
        self.observables = observables
    }

    /// A 2-D array, one inner array per row; ``EstimatorPub`` reports ragged rows.
    public init(rows: [[PauliSum]]) {
        let width = rows.first?.count ?? 0
        let ragged = rows.contains { $0.count != width }
        shape = ragged ? [-1] : [rows.count, width]
        observables = ragged ? [] : rows.flatMap { $0 }
    }

    /// Observables of any shape in C order.
    /// - Throws: `RuntimeError(.invalidArgument)` when the count does not fill the shape.
    public init(_ observables: [PauliSum], shape: [Int]) throws {
        guard shape.allSatisfy({ $0 >= 0 }), let count = ShapeMath.count(shape), count == observables.count else {
            throw RuntimeError(.invalidArgument, "\(observables.count) observables do not fill shape \(ShapeMath.describe(shape))")
        }
        self.shape = shape
        self.observables = observables
    }

    /// A single observable from a dictionary literal (`["ZZ": 1.0, "XI": -0.5]`).
    public init(dictionaryLiteral elements: (String, Double)...) {
        self.init(PauliSum(elements))
    }

    /// A single Pauli string with coefficient 1 (`"ZZ"`).
    public init(stringLiteral label: String) {
        self.init(PauliSum(stringLiteral: label))
    }

    /// A 1-D array from an array literal.
    public init(arrayLiteral elements: PauliSum...) {
        self.init(elements)
    }

    /// Every observable moved onto a circuit's physical qubits (``PauliSum/applyingLayout(_:qubitCount:)``),
    /// in the same shape.
    /// - Throws: `RuntimeError(.invalidArgument)` as ``PauliSum/applyingLayout(_:qubitCount:)`` does.
    public func applyingLayout(_ layout: [Int], qubitCount: Int) throws -> ObservableArray {
        try ObservableArray(observables.map { try $0.applyingLayout(layout, qubitCount: qubitCount) }, shape: shape)
    }

    /// Checks every observable and that all act on `qubitCount` qubits (when known), or on the same
    /// number of qubits; returns that number. With `backendQubitCount`, labels over the backend's
    /// qubits are accepted too (all observables of one width).
    @discardableResult
    func validate(_ place: String, qubitCount: Int?, backendQubitCount: Int? = nil) throws -> Int? {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw RuntimeError(.invalidArgument, "\(place): the rows of the observables have different lengths") }
        var width = qubitCount
        if let backendQubitCount, observables.first?.qubitCount == backendQubitCount { width = backendQubitCount }
        for (index, observable) in observables.enumerated() {
            let at = shape.isEmpty ? place : "\(place), observable \(index)"
            try observable.validate(at)
            let qubits = observable.qubitCount ?? 0
            if let expected = width, expected != qubits {
                var what = qubitCount != nil ? "the circuit's \(qubitCount ?? expected) qubits" : "the \(expected) qubits of the first observable"
                if let backendQubitCount, backendQubitCount != qubitCount { what += " or the backend's \(backendQubitCount)" }
                throw RuntimeError(.invalidArgument, "\(at): Pauli labels of \(qubits) qubits do not match \(what)")
            }
            width = qubits
        }
        return width
    }

    /// The wire form: an observable's dict, nested in lists to the shape.
    var wireValue: RuntimeValue {
        func build(_ axis: Int, _ offset: Int) -> RuntimeValue {
            if axis == shape.count { return observables[offset].wireValue }
            let stride = shape[(axis + 1)...].reduce(1, *)
            return .array((0..<shape[axis]).map { build(axis + 1, offset + $0 * stride) })
        }
        return build(0, 0)
    }
}
