/// One directed edge of a backend's coupling map: a two-qubit gate can act from `source` to
/// `target` (both physical qubit indices).
public struct CouplingEdge: Sendable, Hashable, CustomStringConvertible {
    /// The first qubit of the pair (the control, for a directed gate).
    public var source: Int
    /// The second qubit of the pair.
    public var target: Int

    /// Creates an edge.
    public init(_ source: Int, _ target: Int) {
        self.source = source
        self.target = target
    }

    /// `0->1`.
    public var description: String { "\(source)->\(target)" }
}
