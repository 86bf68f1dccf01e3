/// The unitary matrix of a gate on `k` qubits: a `2^k × 2^k` complex matrix.
///
/// **Layout.** ``elements`` holds the matrix row-major with each complex entry interleaved as
/// `(real, imaginary)`: entry `(row, column)` is `elements[2 * (row * dimension + column)]` (real
/// part) and the next element (imaginary part).
///
/// **Qubit order** is qiskit's little-endian convention: for a gate applied to operands
/// `(q_0, q_1, …, q_{k-1})` (the order in which they are written, `cx q[3], q[5]` has operand 0 =
/// `q[3]`, the control, and operand 1 = `q[5]`, the target), operand `j` is bit `j` of the row and
/// column index. So for `cx` (control = operand 0) the matrix maps basis index 1 (`|q_1 q_0⟩ =
/// |01⟩`) to 3 (`|11⟩`). Controlled gates list their controls first, their targets last.
///
/// The matrices are exactly qiskit's (`Operator(gate).data`), global phases included.
public struct GateMatrix: Sendable, Hashable {
    /// The number of qubits the matrix acts on.
    public let qubitCount: Int
    /// The interleaved `(re, im)` entries, row-major; `2 * dimension * dimension` values.
    public private(set) var elements: [Double]

    /// The matrix's dimension, `2^qubitCount`.
    public var dimension: Int { 1 << qubitCount }

    /// Creates a matrix from interleaved row-major entries.
    /// - Throws: ``CircuitError/Code/invalidArgument`` if `elements.count` is not `2 · 4^qubitCount`.
    public init(qubitCount: Int, elements: [Double]) throws(CircuitError) {
        guard qubitCount >= 0, qubitCount <= 12, elements.count == 2 << (2 * qubitCount) else {
            throw CircuitError(.invalidArgument, "a \(qubitCount)-qubit matrix needs \(2 << (2 * max(0, min(qubitCount, 12)))) values, not \(elements.count)")
        }
        self.qubitCount = qubitCount
        self.elements = elements
    }

    /// The identity on `qubitCount` qubits.
    public static func identity(qubitCount: Int) -> GateMatrix {
        var matrix = GateMatrix(zeroWithQubits: qubitCount)
        for k in 0..<matrix.dimension { matrix[k, k] = .one }
        return matrix
    }

    package init(zeroWithQubits qubitCount: Int) {
        self.qubitCount = qubitCount
        self.elements = [Double](repeating: 0, count: 2 << (2 * qubitCount))
    }

    /// Entry `(row, column)` as `(re, im)`.
    public subscript(row row: Int, column column: Int) -> (re: Double, im: Double) {
        let k = 2 * (row * dimension + column)
        return (elements[k], elements[k + 1])
    }

    package subscript(row: Int, column: Int) -> ComplexNumber {
        get {
            let k = 2 * (row * dimension + column)
            return ComplexNumber(elements[k], elements[k + 1])
        }
        set {
            let k = 2 * (row * dimension + column)
            elements[k] = newValue.re
            elements[k + 1] = newValue.im
        }
    }

    /// The matrix product `self · other` (apply `other` first, then `self`).
    package func multiplied(by other: GateMatrix) -> GateMatrix {
        var result = GateMatrix(zeroWithQubits: qubitCount)
        let n = dimension
        for r in 0..<n {
            for k in 0..<n {
                let a: ComplexNumber = self[r, k]
                if a.re == 0 && a.im == 0 { continue }
                for c in 0..<n {
                    let b: ComplexNumber = other[k, c]
                    let current: ComplexNumber = result[r, c]
                    result[r, c] = current + a * b
                }
            }
        }
        return result
    }

    /// The matrix times the scalar `factor`.
    package func scaled(by factor: ComplexNumber) -> GateMatrix {
        var result = self
        for k in stride(from: 0, to: elements.count, by: 2) {
            let value = factor * ComplexNumber(elements[k], elements[k + 1])
            result.elements[k] = value.re
            result.elements[k + 1] = value.im
        }
        return result
    }

    /// The conjugate transpose.
    package var adjoint: GateMatrix {
        var result = GateMatrix(zeroWithQubits: qubitCount)
        for r in 0..<dimension {
            for c in 0..<dimension {
                let value: ComplexNumber = self[c, r]
                result[r, c] = value.conjugate
            }
        }
        return result
    }

    /// The largest entry-wise distance `|self − other|` (∞ when the sizes differ).
    package func maximumDistance(to other: GateMatrix) -> Double {
        guard qubitCount == other.qubitCount else { return .infinity }
        var worst = 0.0
        for k in stride(from: 0, to: elements.count, by: 2) {
            let dr = elements[k] - other.elements[k]
            let di = elements[k + 1] - other.elements[k + 1]
            worst = max(worst, (dr * dr + di * di).squareRoot())
        }
        return worst
    }

    /// This matrix (on `qubitCount` qubits) as an operator on `totalQubits` qubits, with operand
    /// `j` placed on qubit `positions[j]` (identity elsewhere).
    package func embedded(on positions: [Int], totalQubits: Int) -> GateMatrix {
        var result = GateMatrix(zeroWithQubits: totalQubits)
        let full = 1 << totalQubits
        var mask = 0
        for position in positions { mask |= 1 << position }
        for column in 0..<full {
            var localColumn = 0
            for (j, position) in positions.enumerated() where column & (1 << position) != 0 { localColumn |= 1 << j }
            let rest = column & ~mask
            for localRow in 0..<dimension {
                let value: ComplexNumber = self[localRow, localColumn]
                if value.re == 0 && value.im == 0 { continue }
                var row = rest
                for (j, position) in positions.enumerated() where localRow & (1 << j) != 0 { row |= 1 << position }
                result[row, column] = value
            }
        }
        return result
    }
}
