import RuntimeWire

/// `concurrent_streams`: Many jobs streaming interim results at once from an emulator in its own process.
struct ConcurrentStreamsFigure: BenchFigure {
    let key = "concurrent_streams"
    let shortName = "streams"
    let target = "N = 1000 and 10000: every interim result delivered, <= 16 OS threads, <= 40 KB RSS per stream"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        FigureReport.pending(PendingReason.sdkAndEmulator, target: .string(target))
    }
}
