/// Execution options of the primitives (`options.execution`). Fields left nil are not sent.
public struct ExecutionOptions: Sendable, Hashable {
    /// Whether to reset the qubits to the ground state before each shot (`init_qubits`).
    public var initQubits: Bool?
    /// The delay between shots in seconds, on backends that allow it (`rep_delay`).
    public var repDelay: Double?
    /// Sampler only: `"classified"` (bit arrays, the default), `"kerneled"` or `"avg_kerneled"`
    /// (complex IQ ndarrays, read from ``SamplerPubData/arrays``) (`meas_type`).
    public var measType: String?

    /// Creates options; nil fields are not sent.
    public init(initQubits: Bool? = nil, repDelay: Double? = nil, measType: String? = nil) {
        self.initQubits = initQubits
        self.repDelay = repDelay
        self.measType = measType
    }

    var wireObject: RuntimeObject {
        OptionFields()
            .set("init_qubits", initQubits.map(RuntimeValue.bool))
            .set("rep_delay", repDelay.map(RuntimeValue.double))
            .set("meas_type", measType.map(RuntimeValue.string))
            .object
    }
}
