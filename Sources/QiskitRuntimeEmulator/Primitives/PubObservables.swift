import QiskitRuntime
import RuntimeWire

/// The observables of an Estimator pub: a shape and one Pauli sum per element (PLATFORM.md §5).
///
/// An observable is a map from Pauli labels to real coefficients (`{"XZ": 0.5, "II": 1}`; the
/// rightmost character acts on qubit 0) or a single label (`"ZZ"`, coefficient 1); nested
/// lists of them give the array's shape; an `ObservablesArray` tag holds the same. Every label of
/// the pub has one length: the circuit's width, or the backend's qubit count (what
/// qiskit-ibm-runtime sends after applying an ISA circuit's layout). Position `k` from the right
/// is qubit `k`: a register circuit's qubit `k` is physical qubit `k`.
struct PubObservables: Sendable {
    /// One observable: its terms, each a parsed Pauli string and a real coefficient.
    typealias Terms = [(pauli: PauliString, coefficient: Double)]

    /// The array's shape.
    var shape: [Int]
    /// The observables in C order.
    var observables: [Terms]

    /// The most observables a pub may have.
    static let maximumCount = 1_000_000

    /// Reads the observables of pub `index`.
    /// - Parameter widths: the label lengths allowed (the circuit's width, the backend's qubit count).
    /// - Throws: ``JobFailure/validation(_:)`` for a malformed value or label,
    ///   ``JobFailure/mapping(_:)`` for labels whose length fits neither width.
    init(_ value: JSONValue, widths: Set<Int>, pub index: Int) throws(JobFailure) {
        var root = value
        if case .object = value, value["__type__"]?.stringValue == "ObservablesArray", let inner = value["__value__"] {
            root = inner
        }
        guard let shape = ArrayShape.nestedShape(of: root) else {
            throw .validation("pub \(index): observables are nested more than 32 levels deep")
        }
        guard let count = ArrayShape.count(shape, limit: Self.maximumCount) else {
            throw .validation("pub \(index): more than \(Self.maximumCount) observables")
        }
        guard count > 0 else { throw .validation("pub \(index): the observables array is empty") }
        var leaves: [JSONValue] = []
        leaves.reserveCapacity(count)
        try Self.collect(root, shape: shape, depth: 0, into: &leaves, pub: index)
        var length: Int?
        var observables: [Terms] = []
        observables.reserveCapacity(count)
        for leaf in leaves {
            observables.append(try Self.observable(leaf, length: &length, pub: index))
        }
        if let length, !widths.contains(length) {
            let allowed = widths.sorted().map(String.init).joined(separator: " or ")
            throw .mapping("pub \(index): the observables' Pauli labels have \(length) characters; they must span the circuit's or the backend's qubits (\(allowed))")
        }
        self.shape = shape
        self.observables = observables
    }

    private static func collect(
        _ value: JSONValue, shape: [Int], depth: Int, into leaves: inout [JSONValue], pub index: Int
    ) throws(JobFailure) {
        if depth == shape.count {
            leaves.append(value)
            return
        }
        guard case .array(let elements) = value, elements.count == shape[depth] else {
            throw .validation("pub \(index): the observables are not a rectangular nesting of lists")
        }
        for element in elements { try collect(element, shape: shape, depth: depth + 1, into: &leaves, pub: index) }
    }

    private static func observable(_ value: JSONValue, length: inout Int?, pub index: Int) throws(JobFailure) -> Terms {
        var terms: [(String, Double)] = []
        switch value {
        case .string(let label):
            terms = [(label, 1)]
        case .object(let members) where value["__type__"] == nil:
            for member in members {
                guard let coefficient = Self.coefficient(member.value) else {
                    throw .validation("pub \(index): the coefficient of '\(member.key)' must be a real number")
                }
                terms.append((member.key, coefficient))
            }
        default:
            throw .validation("pub \(index): an observable must be a map from Pauli labels to coefficients, or a label")
        }
        // The SDK's PauliSum sums a label given twice, as qiskit simplifies an observable.
        var parsed: Terms = []
        for term in PauliSum(terms).terms {
            let count = term.label.unicodeScalars.count
            if let expected = length, expected != count {
                throw .validation("pub \(index): Pauli labels of different lengths (\(expected) and \(count) characters)")
            }
            length = count
            do {
                parsed.append((try PauliString(label: term.label), term.coefficient))
            } catch {
                throw .validation("pub \(index): \(error.message)")
            }
        }
        return parsed
    }

    /// A real coefficient: a number, or a `complex` tag with no imaginary part.
    private static func coefficient(_ value: JSONValue) -> Double? {
        if let number = value.doubleValue { return number.isFinite ? number : nil }
        if value["__type__"]?.stringValue == "complex", let parts = value["__value__"]?.arrayValue, parts.count == 2,
           let real = parts[0].doubleValue, let imaginary = parts[1].doubleValue, real.isFinite, abs(imaginary) <= 1e-12 {
            return real
        }
        return nil
    }
}
