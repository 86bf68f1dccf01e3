/// Repeated measurements of one quantity, with order statistics.
struct Samples {
    private(set) var values: [Double] = []

    init(_ values: [Double] = []) {
        self.values = values
    }

    mutating func append(_ value: Double) {
        values.append(value)
    }

    var count: Int { values.count }

    /// The median (the mean of the two middle values for an even count); 0 when empty.
    var median: Double { percentile(50) }

    /// The `p`-th percentile (0…100), interpolating linearly between the closest ranks; 0 when empty.
    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = min(max(p, 0), 100) / 100 * Double(sorted.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = rank - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    var minimum: Double { values.min() ?? 0 }
    var maximum: Double { values.max() ?? 0 }
}
