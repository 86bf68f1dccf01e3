/// Dynamical decoupling options of the primitives (`options.dynamical_decoupling`). Fields left
/// nil are not sent, so the service's defaults apply.
///
/// ```swift
/// var options = SamplerOptions()
/// options.dynamicalDecoupling = DynamicalDecouplingOptions(enable: true, sequenceType: "XY4")
/// ```
public struct DynamicalDecouplingOptions: Sendable, Hashable {
    /// Whether to insert dynamical decoupling sequences in idle periods (`enable`).
    public var enable: Bool?
    /// The sequence: `"XX"`, `"XpXm"` or `"XY4"` (`sequence_type`).
    public var sequenceType: String?
    /// Where rounding slack goes: `"middle"` or `"edges"` (`extra_slack_distribution`).
    public var extraSlackDistribution: String?
    /// `"alap"` or `"asap"` (`scheduling_method`).
    public var schedulingMethod: String?
    /// Whether to skip idle periods right after a reset or initialization (`skip_reset_qubits`).
    public var skipResetQubits: Bool?

    /// Creates options; nil fields are not sent.
    public init(enable: Bool? = nil, sequenceType: String? = nil, extraSlackDistribution: String? = nil,
                schedulingMethod: String? = nil, skipResetQubits: Bool? = nil) {
        self.enable = enable
        self.sequenceType = sequenceType
        self.extraSlackDistribution = extraSlackDistribution
        self.schedulingMethod = schedulingMethod
        self.skipResetQubits = skipResetQubits
    }

    var wireObject: RuntimeObject {
        OptionFields()
            .set("enable", enable.map(RuntimeValue.bool))
            .set("sequence_type", sequenceType.map(RuntimeValue.string))
            .set("extra_slack_distribution", extraSlackDistribution.map(RuntimeValue.string))
            .set("scheduling_method", schedulingMethod.map(RuntimeValue.string))
            .set("skip_reset_qubits", skipResetQubits.map(RuntimeValue.bool))
            .object
    }
}
