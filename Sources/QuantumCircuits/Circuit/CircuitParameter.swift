/// A named input parameter of a circuit (OpenQASM 3 `input float[64] theta;`).
///
/// The sorted-parameter order of a circuit (the order of `parameter_values` in a primitive's pub)
/// is qiskit's: by name, comparing Unicode scalars, except that elements of one parameter vector
/// (`theta[0]`, `theta[1]`, …, `theta[10]`) sort by their vector's name and then numerically by
/// index, and a plain parameter `theta` sorts before the vector elements `theta[i]`. See
/// ``QuantumCircuit/parameters``.
public struct CircuitParameter: Sendable, Hashable, CustomStringConvertible {
    /// The declared type of an input parameter.
    public enum Kind: Sendable, Hashable {
        /// `input float[bits] name;` (`bits` nil for plain `float`).
        case float(bits: Int?)
        /// `input angle[bits] name;` (`bits` nil for plain `angle`).
        case angle(bits: Int?)
    }

    /// The element position of a parameter that belongs to a qiskit `ParameterVector`.
    public struct VectorElement: Sendable, Hashable {
        /// The vector's name (`theta` for `theta[3]`).
        public var vectorName: String
        /// The element's index in the vector.
        public var index: Int

        /// Creates a vector element position.
        public init(vectorName: String, index: Int) {
            self.vectorName = vectorName
            self.index = index
        }
    }

    /// The parameter's name, as used in ``ParameterExpression/parameter(_:)``.
    public var name: String
    /// The declared type (`float[64]` unless declared otherwise).
    public var kind: Kind
    /// For a qiskit `ParameterVector` element (from QPY), its vector and index; otherwise nil.
    public var vectorElement: VectorElement?

    /// Creates a parameter.
    public init(name: String, kind: Kind = .float(bits: 64), vectorElement: VectorElement? = nil) {
        self.name = name
        self.kind = kind
        self.vectorElement = vectorElement
    }

    /// The parameter's name.
    public var description: String { name }

    /// Whether `self` sorts before `other` in qiskit's sorted-parameter order.
    public func sortsBefore(_ other: CircuitParameter) -> Bool {
        let a = vectorElement?.vectorName ?? name
        let b = other.vectorElement?.vectorName ?? other.name
        if a != b { return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) }
        switch (vectorElement?.index, other.vectorElement?.index) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case let (i?, j?): return i < j
        }
    }
}
