import RuntimeWire

/// Builds the JSON object of one figure: its value(s), the runs, the target and whether it is met.
enum FigureReport {
    /// A figure that is the median of repeated runs, with a `>=` or `<=` target.
    static func median(
        _ samples: Samples, target: String, satisfied: (Double) -> Bool, details: [JSONMember] = []
    ) -> JSONValue {
        let median = samples.median
        var members = [
            JSONMember("median", number(median)),
            JSONMember("runs", .array(samples.values.map(number))),
            JSONMember("target", .string(target)),
            JSONMember("met", .bool(satisfied(median))),
        ]
        members += details
        return .object(members)
    }

    /// A figure whose code does not exist yet: the key is present with its target and the reason.
    static func pending(_ reason: String, target: JSONValue) -> JSONValue {
        .object([
            JSONMember("status", .string("not yet measurable: \(reason)")),
            JSONMember("target", target),
        ])
    }

    /// A figure whose measurement failed.
    static func failed(_ error: any Error, target: String) -> JSONValue {
        .object([
            JSONMember("status", .string("failed: \(error)")),
            JSONMember("target", .string(target)),
        ])
    }

    /// A number rounded to three significant decimals for reading.
    static func number(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .double(value) }
        return .double((value * 1000).rounded() / 1000)
    }
}

extension FigureReport {
    /// A number with two decimals, for progress lines.
    static func format(_ value: Double) -> String {
        String((value * 100).rounded() / 100)
    }
}
