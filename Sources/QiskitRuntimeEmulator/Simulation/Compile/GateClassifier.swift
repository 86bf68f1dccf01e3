#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import QuantumCircuits

/// Finds the structure of a gate's matrix and turns it into specialised kernels: operands the
/// gate does not act on are dropped, diagonal gates become phase kernels (one per non-trivial
/// entry, a global phase taken out), operands that only select (controls) are found, and a
/// controlled one-qubit block becomes `unitary1`, `flip` (X) or flip plus phases (anti-diagonal);
/// a (controlled) SWAP is recognised. What is left is a dense kernel.
enum GateClassifier {
    /// Above this many operands a unitary is applied densely without looking for structure
    /// (the look costs O(4^k)).
    static let structureSearchLimit = 6

    /// Classifies the dense `matrix` (row-major, 2^k × 2^k) on `operands`.
    static func classify(
        matrix: [ComplexNumber], operands: [Int], specialized: Bool, phase: inout Double
    ) -> [ClassifiedGate] {
        guard specialized else {
            return [.kernel(.dense(positions: operands, matrix: matrix))]
        }
        var matrix = matrix
        var operands = operands
        if operands.count > structureSearchLimit {
            return [.kernel(.dense(positions: operands, matrix: matrix))]
        }
        reduceTrivialOperands(&matrix, &operands)
        let k = operands.count
        let d = 1 << k
        if k == 0 {
            phase += argument(matrix[0])
            return []
        }
        if isDiagonal(matrix, dimension: d) {
            return diagonal((0..<d).map { matrix[$0 * d + $0] }, operands: operands, phase: &phase)
        }
        if k == 1 {
            return [.oneQubit(qubit: operands[0], Matrix2(a00: matrix[0], a01: matrix[1], a10: matrix[2], a11: matrix[3]))]
        }
        var controlBits = 0
        var targets: [Int] = []
        for j in 0..<k {
            if isControl(matrix, dimension: d, bit: 1 << j) { controlBits |= 1 << j } else { targets.append(j) }
        }
        let controls = positions(ofOperandBits: controlBits, operands)
        let block = subBlock(matrix, dimension: d, controlBits: controlBits, targets: targets)
        if targets.count == 1 {
            let b = Matrix2(a00: block[0], a01: block[1], a10: block[2], a11: block[3])
            return controlledOneQubit(b, controls: controls, target: operands[targets[0]])
        }
        if targets.count == 2, isSwap(block) {
            let a = operands[targets[0]], b = operands[targets[1]]
            if controls == 0 { return [.swap(a, b)] }
            return [
                .kernel(.flip(controls: controls | (1 << b), target: a)),
                .kernel(.flip(controls: controls | (1 << a), target: b)),
                .kernel(.flip(controls: controls | (1 << b), target: a)),
            ]
        }
        return [.kernel(.dense(positions: operands, matrix: matrix))]
    }

    /// Classifies a diagonal gate given by its 2^k phases.
    static func classify(diagonal phases: [ComplexNumber], operands: [Int], specialized: Bool, phase: inout Double)
        -> [ClassifiedGate]
    {
        guard specialized else {
            let d = phases.count
            var matrix = [ComplexNumber](repeating: .zero, count: d * d)
            for v in 0..<d { matrix[v * d + v] = phases[v] }
            return [.kernel(.dense(positions: operands, matrix: matrix))]
        }
        var phases = phases
        var operands = operands
        var j = 0
        while j < operands.count {
            let bit = 1 << j
            let independent = (0..<phases.count).allSatisfy { v in
                v & bit != 0 || Matrix2.isZero(phases[v] - phases[v | bit])
            }
            if independent {
                phases = (0..<phases.count).filter { $0 & bit == 0 }.map { phases[$0] }
                operands.remove(at: j)
            } else {
                j += 1
            }
        }
        return diagonal(phases, operands: operands, phase: &phase)
    }

    // MARK: - Structure

    /// Phase kernels for a diagonal whose every operand matters; a one-qubit diagonal stays a
    /// one-qubit gate so that it fuses with its neighbours.
    private static func diagonal(_ phases: [ComplexNumber], operands: [Int], phase: inout Double) -> [ClassifiedGate] {
        if operands.isEmpty {
            phase += argument(phases[0])
            return []
        }
        if operands.count == 1 {
            return [.oneQubit(qubit: operands[0], Matrix2(a00: phases[0], a01: .zero, a10: .zero, a11: phases[1]))]
        }
        let first = phases[0]
        phase += argument(first)
        let scale = first.conjugate
        let inverseNorm = 1 / first.magnitudeSquared
        let mask = positions(ofOperandBits: (1 << operands.count) - 1, operands)
        var result: [ClassifiedGate] = []
        for v in 1..<phases.count {
            let relative = inverseNorm * (phases[v] * scale)
            if Matrix2.isOne(relative) { continue }
            result.append(.kernel(.phase(mask: mask, value: positions(ofOperandBits: v, operands), relative)))
        }
        return result
    }

    /// A controlled one-qubit block (controls is a non-empty position mask).
    private static func controlledOneQubit(_ b: Matrix2, controls: Int, target: Int) -> [ClassifiedGate] {
        if b.isPauliX { return [.kernel(.flip(controls: controls, target: target))] }
        if b.isAntiDiagonal {
            // [[0, β], [α, 0]] = X · diag(α, β)
            var result: [ClassifiedGate] = []
            if !Matrix2.isOne(b.a10) { result.append(.kernel(.phase(mask: controls | (1 << target), value: controls, b.a10))) }
            if !Matrix2.isOne(b.a01) {
                result.append(.kernel(.phase(mask: controls | (1 << target), value: controls | (1 << target), b.a01)))
            }
            result.append(.kernel(.flip(controls: controls, target: target)))
            return result
        }
        return [.kernel(.unitary1(controls: controls, target: target, b))]
    }

    /// Drops every operand the matrix acts on as the identity (M = M' ⊗ I).
    private static func reduceTrivialOperands(_ matrix: inout [ComplexNumber], _ operands: inout [Int]) {
        var j = 0
        while j < operands.count {
            let d = 1 << operands.count
            let bit = 1 << j
            var trivial = true
            search: for r in 0..<d {
                for c in 0..<d {
                    let value = matrix[r * d + c]
                    if (r ^ c) & bit != 0 {
                        if !Matrix2.isZero(value) { trivial = false; break search }
                    } else if r & bit == 0 {
                        if !Matrix2.isZero(value - matrix[(r | bit) * d + (c | bit)]) { trivial = false; break search }
                    }
                }
            }
            if trivial {
                let half = d / 2
                var reduced = [ComplexNumber](repeating: .zero, count: half * half)
                var rr = 0
                for r in 0..<d where r & bit == 0 {
                    var cc = 0
                    for c in 0..<d where c & bit == 0 {
                        reduced[rr * half + cc] = matrix[r * d + c]
                        cc += 1
                    }
                    rr += 1
                }
                matrix = reduced
                operands.remove(at: j)
            } else {
                j += 1
            }
        }
    }

    private static func isDiagonal(_ matrix: [ComplexNumber], dimension d: Int) -> Bool {
        for r in 0..<d {
            for c in 0..<d where r != c {
                if !Matrix2.isZero(matrix[r * d + c]) { return false }
            }
        }
        return true
    }

    /// Whether the operand with index bit `bit` only selects: the matrix is the identity on the
    /// rows and columns where that bit is 0, and never mixes the two halves.
    private static func isControl(_ matrix: [ComplexNumber], dimension d: Int, bit: Int) -> Bool {
        for r in 0..<d {
            for c in 0..<d where r & bit == 0 || c & bit == 0 {
                let value = matrix[r * d + c]
                if r == c {
                    if !Matrix2.isOne(value) { return false }
                } else if !Matrix2.isZero(value) {
                    return false
                }
            }
        }
        return true
    }

    /// The block of the matrix where every control bit is 1, indexed by the target bits.
    private static func subBlock(_ matrix: [ComplexNumber], dimension d: Int, controlBits: Int, targets: [Int])
        -> [ComplexNumber]
    {
        let size = 1 << targets.count
        func index(_ u: Int) -> Int {
            var v = controlBits
            for (i, t) in targets.enumerated() where u & (1 << i) != 0 { v |= 1 << t }
            return v
        }
        var block = [ComplexNumber](repeating: .zero, count: size * size)
        for r in 0..<size {
            for c in 0..<size { block[r * size + c] = matrix[index(r) * d + index(c)] }
        }
        return block
    }

    private static func isSwap(_ block: [ComplexNumber]) -> Bool {
        for r in 0..<4 {
            for c in 0..<4 {
                let expected: ComplexNumber = (r == c && (r == 0 || r == 3)) || (r == 1 && c == 2) || (r == 2 && c == 1) ? .one : .zero
                if block[r * 4 + c] != expected { return false }
            }
        }
        return true
    }

    /// The position mask of the operands whose bits are set in `bits`.
    static func positions(ofOperandBits bits: Int, _ operands: [Int]) -> Int {
        var mask = 0
        for (j, q) in operands.enumerated() where bits & (1 << j) != 0 { mask |= 1 << q }
        return mask
    }

    static func argument(_ value: ComplexNumber) -> Double {
        atan2(value.im, value.re)
    }
}
