/// Every figure of the bench, in output order.
enum FigureRegistry {
    static let all: [any BenchFigure] = [
        CompletionToResultFigure(),
        ConcurrentStreamsFigure(),
        StreamThroughputFigure(),
        CancelToCloseFigure(),
        TimeoutOvershootFigure(),
        DecodeFigure(),
        JSONParseFigure(),
        RSSOneJobFigure(),
        StatusPollBytesFigure(),
        SessionOverheadFigure(),
        SimulateResponsivenessFigure(),
        SamplerResultDecodeFigure(),
        CountsFigure(),
        DecodeStallFigure(),
        ResponseBodyMemoryFigure(),
        ChaosFigure(),
    ] + SimulateFigure.all

    /// The figure with this key or short name.
    static func figure(named name: String) -> (any BenchFigure)? {
        all.first { $0.key == name || $0.shortName == name }
    }

    /// The figures a name selects: one figure by key or short name, or every `simulate_*` figure
    /// for `simulate`.
    static func figures(named name: String) -> [any BenchFigure] {
        if name == "simulate" { return all.filter { $0.key.hasPrefix("simulate_") } }
        return figure(named: name).map { [$0] } ?? []
    }
}
