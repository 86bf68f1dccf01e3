import RuntimeWire

/// `cancel_to_close_ms`: Cancelling the task iterating a stream to the socket being closed (p50/p99).
struct CancelToCloseFigure: BenchFigure {
    let key = "cancel_to_close_ms"
    let shortName = "cancel"
    let target = "p99 <= 5"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        FigureReport.pending(PendingReason.sdkAndEmulator, target: .string(target))
    }
}
