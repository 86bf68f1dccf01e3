import RuntimeWire

/// `stream_msgs_per_s`: Decoded 1 KB interim results per second on one stream.
struct StreamThroughputFigure: BenchFigure {
    let key = "stream_msgs_per_s"
    let shortName = "stream"
    let target = ">= 200000"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        FigureReport.pending(PendingReason.sdkAndEmulator, target: .string(target))
    }
}
