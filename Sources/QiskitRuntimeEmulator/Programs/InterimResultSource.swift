/// What makes the interim results of one job (its program, seed and padding): result `k`
/// (1-based) as text, or written straight into a websocket frame.
struct InterimResultSource: Sendable, Hashable {
    let kind: ProgramKind
    let seed: UInt64
    let padding: Int

    /// The text of interim result `k` (1-based).
    func text(_ k: Int) -> String {
        kind.interimPayload(iteration: k - 1, seed: seed, padding: padding)
    }

    /// Appends the text frame of interim result `k` (1-based), the same bytes as a frame of ``text(_:)``.
    func appendFrame(_ k: Int, to frames: inout [UInt8]) {
        kind.appendInterimFrame(iteration: k - 1, seed: seed, padding: padding, to: &frames)
    }
}
