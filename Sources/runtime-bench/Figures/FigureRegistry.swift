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
        SamplerResultDecodeFigure(),
        CountsFigure(),
        DecodeStallFigure(),
        ResponseBodyMemoryFigure(),
        ChaosFigure(),
    ]

    /// The figure with this key or short name.
    static func figure(named name: String) -> (any BenchFigure)? {
        all.first { $0.key == name || $0.shortName == name }
    }
}
