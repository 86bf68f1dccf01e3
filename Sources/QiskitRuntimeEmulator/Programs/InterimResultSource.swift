/// What makes the interim results of one job (its program, seed and padding): result `k`
/// (1-based) as text, or written straight into a websocket frame.
struct InterimResultSource: Sendable, Hashable {
    let kind: ProgramKind
    let seed: UInt64
    let padding: Int

    /// An upper bound of the bytes of `count` interim results' texts with `padding` characters
    /// of padding each (what ``EmulatorLimits/maxInterimBytesPerJob`` caps).
    static func maxTextBytes(count: Int, padding: Int) -> Int {
        guard count > 0 else { return 0 }
        // Counts are at most 1,024 (four digits); the last iteration has the most digits.
        let largest = InterimPayload(iteration: count - 1, counts: (zeros: 1024, ones: 1024), padding: padding).length
        let (total, overflow) = count.multipliedReportingOverflow(by: largest)
        return overflow ? .max : total
    }

    /// The text of interim result `k` (1-based).
    func text(_ k: Int) -> String {
        kind.interimPayload(iteration: k - 1, seed: seed, padding: padding)
    }

    /// Appends the text frame of interim result `k` (1-based), the same bytes as a frame of ``text(_:)``.
    func appendFrame(_ k: Int, to frames: inout [UInt8]) {
        kind.appendInterimFrame(iteration: k - 1, seed: seed, padding: padding, to: &frames)
    }
}
