/// The connectivity of a device: its qubit count and its coupled pairs (undirected, each pair
/// once, smaller index first), in the layouts IBM's processors use.
struct QubitLattice: Sendable, Hashable {
    var qubitCount: Int
    var edges: [(Int, Int)] { pairs.map { ($0.a, $0.b) } }
    private(set) var pairs: [Pair]

    struct Pair: Sendable, Hashable {
        var a: Int
        var b: Int
    }

    init(qubitCount: Int, edges: [(Int, Int)]) {
        self.qubitCount = qubitCount
        var seen = Set<Pair>()
        pairs = []
        for (x, y) in edges where x != y {
            let pair = Pair(a: min(x, y), b: max(x, y))
            if seen.insert(pair).inserted { pairs.append(pair) }
        }
        pairs.sort { ($0.a, $0.b) < ($1.a, $1.b) }
    }

    /// A T of five qubits: 0–1–2 in a row, 3 below 1 and 4 below 3 (the Falcon-era 5-qubit shape).
    static let tee = QubitLattice(qubitCount: 5, edges: [(0, 1), (1, 2), (1, 3), (3, 4)])

    /// `count` qubits in a line.
    static func line(_ count: Int) -> QubitLattice {
        QubitLattice(qubitCount: count, edges: (0..<max(0, count - 1)).map { ($0, $0 + 1) })
    }

    /// A heavy-hex lattice laid out as IBM numbers it: rows of qubits coupled left to right, and
    /// between consecutive rows one bridge qubit per four columns, coupled to the qubit above and
    /// the qubit below in its column. Bridge columns alternate between `evenBridgeColumns` (below
    /// rows 0, 2, 4 …) and `oddBridgeColumns`. `rowColumns[r]` are the columns row `r` occupies.
    /// Qubits are numbered row 0, its bridges, row 1, its bridges, …
    static func heavyHex(rowColumns: [ClosedRange<Int>], evenBridgeColumns: [Int], oddBridgeColumns: [Int]) -> QubitLattice {
        var edges: [(Int, Int)] = []
        var rowStart: [Int] = []
        var bridgeStart: [Int] = []
        var next = 0
        for (row, columns) in rowColumns.enumerated() {
            rowStart.append(next)
            next += columns.count
            if row + 1 < rowColumns.count {
                bridgeStart.append(next)
                next += (row % 2 == 0 ? evenBridgeColumns : oddBridgeColumns).count
            }
        }
        func qubit(row: Int, column: Int) -> Int? {
            guard rowColumns[row].contains(column) else { return nil }
            return rowStart[row] + column - rowColumns[row].lowerBound
        }
        for (row, columns) in rowColumns.enumerated() {
            for column in columns.dropLast() {
                if let a = qubit(row: row, column: column), let b = qubit(row: row, column: column + 1) { edges.append((a, b)) }
            }
            guard row + 1 < rowColumns.count else { continue }
            for (k, column) in (row % 2 == 0 ? evenBridgeColumns : oddBridgeColumns).enumerated() {
                let bridge = bridgeStart[row] + k
                if let above = qubit(row: row, column: column) { edges.append((above, bridge)) }
                if let below = qubit(row: row + 1, column: column) { edges.append((bridge, below)) }
            }
        }
        return QubitLattice(qubitCount: next, edges: edges)
    }

    /// The 127-qubit Eagle r3 heavy-hex lattice: seven rows (14, 15 × 5, 14 qubits) and six rows
    /// of four bridges, 144 couplings.
    static let eagle127 = heavyHex(
        rowColumns: [0...13] + Array(repeating: 0...14, count: 5) + [1...14],
        evenBridgeColumns: [0, 4, 8, 12], oddBridgeColumns: [2, 6, 10, 14])

    /// The 156-qubit Heron r2 heavy-hex lattice: eight rows of 16 qubits and seven rows of four
    /// bridges, 176 couplings.
    static let heron156 = heavyHex(
        rowColumns: Array(repeating: 0...15, count: 8),
        evenBridgeColumns: [3, 7, 11, 15], oddBridgeColumns: [1, 5, 9, 13])
}
