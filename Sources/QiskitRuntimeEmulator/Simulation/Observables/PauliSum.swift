/// An observable Σ_k c_k P_k with real coefficients over Pauli strings.
package struct PauliSum: Sendable, Hashable {
    /// The terms: Pauli string and real coefficient.
    package var terms: [(pauli: PauliString, coefficient: Double)] {
        zip(paulis, coefficients).map { ($0, $1) }
    }

    private var paulis: [PauliString]
    private var coefficients: [Double]

    /// An observable from its terms.
    package init(_ terms: [(PauliString, Double)]) {
        paulis = terms.map(\.0)
        coefficients = terms.map(\.1)
    }

    /// One Pauli string with coefficient 1.
    package init(_ pauli: PauliString) {
        paulis = [pauli]
        coefficients = [1]
    }

    /// Parses qiskit labels with their coefficients (the shape of a `SparsePauliOp`'s
    /// `(labels, coeffs)`).
    /// - Throws: ``SimulationError/Kind/invalidProgram`` for a bad label or a count mismatch.
    package init(labels: [String], coefficients: [Double]) throws(SimulationError) {
        guard labels.count == coefficients.count else {
            throw SimulationError(.invalidProgram, "\(labels.count) Pauli labels but \(coefficients.count) coefficients")
        }
        var paulis: [PauliString] = []
        for label in labels { paulis.append(try PauliString(label: label)) }
        self.paulis = paulis
        self.coefficients = coefficients
    }
}
