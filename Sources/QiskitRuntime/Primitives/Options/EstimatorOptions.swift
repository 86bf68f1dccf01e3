/// Options of an Estimator job (qiskit-ibm-runtime's `EstimatorOptions`). Every field defaults to
/// nil, which is not sent: the service's default applies.
///
/// ```swift
/// var options = EstimatorOptions()
/// options.resilienceLevel = 1
/// options.defaultPrecision = 0.01
/// options.raw = ["resilience": ["measure_mitigation": true]]
/// ```
public struct EstimatorOptions: Sendable, Hashable {
    /// Precision for pubs that give none, when the job gives none either (`default_precision`).
    public var defaultPrecision: Double?
    /// Shots per pub, overriding the precision (`default_shots`).
    public var defaultShots: Int?
    /// The error mitigation level, 0–2 (sent as `params.resilience_level`, as the Python client does).
    public var resilienceLevel: Int?
    /// A seed for simulators' sampling (`seed_estimator`).
    public var seedEstimator: Int?
    /// Dynamical decoupling (`dynamical_decoupling`).
    public var dynamicalDecoupling = DynamicalDecouplingOptions()
    /// Pauli twirling (`twirling`).
    public var twirling = TwirlingOptions()
    /// Execution (`execution`; `measType` does not apply).
    public var execution = ExecutionOptions()
    /// The job's log level and tags (sent with the job, not in `options`).
    public var environment = EnvironmentOptions()
    /// The most time the job may run (sent with the job as `cost`, whole seconds).
    public var maxExecutionTime: Duration?
    /// Further options merged into `params.options` as given (objects merge key by key, other
    /// values replace): `resilience`, `experimental`…
    public var raw = RuntimeObject()

    /// Creates options with every field unset.
    public init() {}

    func wireObject() throws -> RuntimeObject {
        if let defaultPrecision, !(defaultPrecision > 0 && defaultPrecision.isFinite) {
            throw RuntimeError(.invalidArgument, "defaultPrecision must be positive, not \(defaultPrecision)")
        }
        if let resilienceLevel, !(0...2).contains(resilienceLevel) {
            throw RuntimeError(.invalidArgument, "resilienceLevel must be 0, 1 or 2, not \(resilienceLevel)")
        }
        let leading = OptionFields()
            .set("default_precision", defaultPrecision.map(RuntimeValue.double))
        let fields = try OptionFields.primitive(leading: leading, defaultShots: defaultShots, dynamicalDecoupling: dynamicalDecoupling,
                                                twirling: twirling, execution: execution)
            .set("seed_estimator", seedEstimator.map { .integer(Int64($0)) })
        return OptionFields.merged(fields.object, raw)
    }
}
