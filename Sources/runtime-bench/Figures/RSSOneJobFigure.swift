import RuntimeWire

/// `rss_one_job_mb`: Resident memory of a process that runs one job end to end (no FoundationNetworking).
struct RSSOneJobFigure: BenchFigure {
    let key = "rss_one_job_mb"
    let shortName = "rss"
    let target = "<= 30"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        FigureReport.pending(PendingReason.sdkAndEmulator, target: .string(target))
    }
}
