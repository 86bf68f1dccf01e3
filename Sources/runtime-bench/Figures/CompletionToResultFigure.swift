import RuntimeWire

/// `completion_to_result_ms`: Completion of a job on the emulator to the return of `result()`: p50/p99 with and without a stream consumer, and HTTP requests per job.
struct CompletionToResultFigure: BenchFigure {
    let key = "completion_to_result_ms"
    let shortName = "completion_to_result"
    let target = "p50 <= 5, p99 <= 20; http_requests_per_job <= the Python client's"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        FigureReport.pending(PendingReason.sdkAndEmulator, target: .string(target))
    }
}
