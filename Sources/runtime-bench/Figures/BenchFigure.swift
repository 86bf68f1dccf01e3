import RuntimeWire

/// One headline figure of the bench: a top-level key of the JSON output, measured by one type.
protocol BenchFigure: Sendable {
    /// The top-level key, with its unit (`decode_mb_per_s`).
    var key: String { get }
    /// The name accepted by `--only` besides the key (`decode`).
    var shortName: String { get }
    /// The target as text (`">= 250"`), in the figure's unit.
    var target: String { get }
    /// Measures the figure and returns its JSON object (see `FigureReport`).
    func measure(_ options: BenchOptions) async throws -> JSONValue
}
