/// Pauli twirling options of the primitives (`options.twirling`). Fields left nil are not sent.
///
/// ```swift
/// let twirling = TwirlingOptions(enableGates: true, numRandomizations: .count(32), shotsPerRandomization: .auto)
/// ```
public struct TwirlingOptions: Sendable, Hashable {
    /// A number of randomizations or shots per randomization: a count, or `"auto"`.
    public enum Count: Sendable, Hashable {
        /// Let the service choose (`"auto"`).
        case auto
        /// This many.
        case count(Int)

        var wireValue: RuntimeValue {
            switch self {
            case .auto: return "auto"
            case .count(let value): return .integer(Int64(value))
            }
        }
    }

    /// Whether to twirl two-qubit gates (`enable_gates`).
    public var enableGates: Bool?
    /// Whether to twirl measurements (`enable_measure`).
    public var enableMeasure: Bool?
    /// How many random twirls (`num_randomizations`).
    public var numRandomizations: Count?
    /// Shots per twirl (`shots_per_randomization`).
    public var shotsPerRandomization: Count?
    /// Which qubits are twirled in each layer: `"active"`, `"active-accum"`, `"active-circuit"`,
    /// `"all"` (`strategy`).
    public var strategy: String?

    /// Creates options; nil fields are not sent.
    public init(enableGates: Bool? = nil, enableMeasure: Bool? = nil, numRandomizations: Count? = nil,
                shotsPerRandomization: Count? = nil, strategy: String? = nil) {
        self.enableGates = enableGates
        self.enableMeasure = enableMeasure
        self.numRandomizations = numRandomizations
        self.shotsPerRandomization = shotsPerRandomization
        self.strategy = strategy
    }

    func validate() throws {
        for (name, count) in [("numRandomizations", numRandomizations), ("shotsPerRandomization", shotsPerRandomization)] {
            if case .count(let value)? = count, value < 1 {
                throw RuntimeError(.invalidArgument, "twirling.\(name) must be at least 1, not \(value)")
            }
        }
    }

    var wireObject: RuntimeObject {
        OptionFields()
            .set("enable_gates", enableGates.map(RuntimeValue.bool))
            .set("enable_measure", enableMeasure.map(RuntimeValue.bool))
            .set("num_randomizations", numRandomizations?.wireValue)
            .set("shots_per_randomization", shotsPerRandomization?.wireValue)
            .set("strategy", strategy.map(RuntimeValue.string))
            .object
    }
}
