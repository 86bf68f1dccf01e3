/// A sum of many global-phase terms, built as a balanced tree.
///
/// Expanding custom gates and translating a circuit add one phase term per gate. Adding them one
/// by one (`((a + b) + c) + …`) would make an expression as deep as there are symbolic terms, and
/// every recursive walk over it (printing, hashing, binding, freeing) would need that much stack.
/// Here constants are summed as numbers and symbolic terms are paired up, so the height grows with
/// the logarithm of the number of terms.
struct PhaseSum {
    private var constant: Double = 0
    private var terms: [ParameterExpression] = []

    /// A sum that starts with `initial`.
    init(_ initial: ParameterExpression = 0) {
        add(initial)
    }

    /// Adds a term.
    mutating func add(_ term: ParameterExpression) {
        if let value = term.constantValue {
            constant += value
        } else {
            terms.append(term)
        }
    }

    /// Whether every term so far is a finite constant or symbolic (the constant part has not
    /// overflowed to infinity or become NaN).
    var isFinite: Bool { constant.isFinite }

    /// The sum: the symbolic terms paired up level by level, then the constant (when not zero).
    var value: ParameterExpression {
        var level = terms
        while level.count > 1 {
            var next: [ParameterExpression] = []
            next.reserveCapacity((level.count + 1) / 2)
            var index = 0
            while index + 1 < level.count {
                next.append(level[index] + level[index + 1])
                index += 2
            }
            if index < level.count { next.append(level[index]) }
            level = next
        }
        guard let symbolic = level.first else { return ParameterExpression(constant) }
        return constant == 0 ? symbolic : symbolic + ParameterExpression(constant)
    }
}
