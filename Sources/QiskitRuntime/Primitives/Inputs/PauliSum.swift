/// An observable as a weighted sum of Pauli strings, `{"ZZ": 1.0, "XI": -0.5}` on the wire.
///
/// Labels use qiskit's order: the rightmost character acts on qubit 0. Each label has one
/// character `I`, `X`, `Y` or `Z` per qubit of the circuit. A label given twice is summed once, as
/// qiskit simplifies an observable.
///
/// ```swift
/// let energy: PauliSum = ["ZZ": 1.0, "XI": -0.5]
/// let parity: PauliSum = "ZZZ"            // coefficient 1
/// ```
public struct PauliSum: Sendable, Hashable, ExpressibleByDictionaryLiteral, ExpressibleByStringLiteral, CustomStringConvertible {
    /// One weighted Pauli string.
    public struct Term: Sendable, Hashable {
        /// The Pauli string, rightmost character on qubit 0.
        public let label: String
        /// Its real coefficient.
        public let coefficient: Double
    }

    /// The terms in the order first given, repeated labels summed.
    public let terms: [Term]

    /// A sum of `(label, coefficient)` terms.
    public init(_ terms: some Sequence<(String, Double)>) {
        var order: [String] = []
        var sums: [String: Double] = [:]
        for (label, coefficient) in terms {
            if sums[label] == nil { order.append(label) }
            sums[label, default: 0] += coefficient
        }
        self.terms = order.map { Term(label: $0, coefficient: sums[$0] ?? 0) }
    }

    /// A sum from a dictionary literal, `["ZZ": 1.0, "XI": -0.5]`.
    public init(dictionaryLiteral elements: (String, Double)...) {
        self.init(elements)
    }

    /// A single Pauli string with coefficient 1 (`"ZZ"`).
    public init(stringLiteral label: String) {
        self.init([(label, 1.0)])
    }

    /// The number of qubits (the label length), or nil when there are no terms or the labels differ
    /// in length.
    public var qubitCount: Int? {
        guard let first = terms.first?.label.utf8.count, terms.allSatisfy({ $0.label.utf8.count == first }) else { return nil }
        return first
    }

    /// `{"ZZ": 1.0, "XI": -0.5}`.
    public var description: String { wireValue.json }

    /// Checks the terms: at least one, labels of `I`/`X`/`Y`/`Z` of one length, finite coefficients.
    func validate(_ place: String) throws {
        guard let first = terms.first else { throw RuntimeError(.invalidArgument, "\(place): an observable with no terms") }
        let width = first.label.utf8.count
        for term in terms {
            guard term.label.utf8.allSatisfy({ $0 == 0x49 || $0 == 0x58 || $0 == 0x59 || $0 == 0x5A }) else {
                throw RuntimeError(.invalidArgument, "\(place): Pauli label \"\(term.label.prefix(80))\" has characters other than I, X, Y, Z")
            }
            guard term.label.utf8.count == width else {
                throw RuntimeError(.invalidArgument, "\(place): Pauli labels of different lengths (\(width) and \(term.label.utf8.count))")
            }
            guard term.coefficient.isFinite else {
                throw RuntimeError(.invalidArgument, "\(place): coefficient of \(term.label) is not finite")
            }
        }
    }

    /// The observable moved onto a circuit's physical qubits, as qiskit's
    /// `SparsePauliOp.apply_layout(layout, num_qubits)`: the Pauli on virtual qubit `k` goes to
    /// physical qubit `layout[k]`, every other qubit of the `qubitCount` gets `I`.
    ///
    /// Use it with the layout a circuit was translated on (`QuantumCircuit.layout(for:)`):
    /// the service reads labels over the backend's physical qubits.
    ///
    /// ```swift
    /// let zz: PauliSum = ["ZZ": 1.0, "XI": -0.5]
    /// let physical = try zz.applyingLayout([3, 1], qubitCount: 5)   // ["IZIZI": 1.0, "IIIXI": -0.5]
    /// ```
    /// - Throws: `RuntimeError(.invalidArgument)` when the labels are not one per layout entry,
    ///   or the layout repeats a qubit or names one outside `0..<qubitCount`.
    public func applyingLayout(_ layout: [Int], qubitCount: Int) throws -> PauliSum {
        if let bad = layout.first(where: { $0 < 0 || $0 >= qubitCount }) {
            throw RuntimeError(.invalidArgument, "the layout names qubit \(bad), outside the \(qubitCount) qubits")
        }
        guard Set(layout).count == layout.count else {
            throw RuntimeError(.invalidArgument, "the layout names a qubit twice: \(layout)")
        }
        let identity = [UInt8](repeating: UInt8(ascii: "I"), count: qubitCount)
        return PauliSum(try terms.map { term in
            let label = Array(term.label.utf8)
            guard label.count == layout.count else {
                throw RuntimeError(.invalidArgument, "Pauli label \"\(term.label.prefix(80))\" has \(label.count) qubits, the layout \(layout.count)")
            }
            var placed = identity
            for (virtual, physical) in layout.enumerated() {
                placed[qubitCount - 1 - physical] = label[label.count - 1 - virtual]
            }
            return (String(decoding: placed, as: UTF8.self), term.coefficient)
        })
    }

    /// `{"label": coefficient, …}`.
    var wireValue: RuntimeValue {
        .object(RuntimeObject(terms.map { ($0.label, RuntimeValue.double($0.coefficient)) }))
    }
}
