/// Options of a Sampler job (qiskit-ibm-runtime's `SamplerOptions`). Every field defaults to nil,
/// which is not sent: the service's default applies.
///
/// ```swift
/// var options = SamplerOptions()
/// options.defaultShots = 4000
/// options.twirling = TwirlingOptions(enableGates: true)
/// options.environment.jobTags = ["bell"]
/// options.raw = ["experimental": ["execution_path": "gen3-turbo"]]   // anything else, merged in
/// ```
public struct SamplerOptions: Sendable, Hashable {
    /// Shots for pubs that give none, when the job gives none either (`default_shots`).
    public var defaultShots: Int?
    /// Dynamical decoupling (`dynamical_decoupling`).
    public var dynamicalDecoupling = DynamicalDecouplingOptions()
    /// Pauli twirling (`twirling`).
    public var twirling = TwirlingOptions()
    /// Execution (`execution`).
    public var execution = ExecutionOptions()
    /// The job's log level and tags (sent with the job, not in `options`).
    public var environment = EnvironmentOptions()
    /// The most time the job may run (sent with the job as `cost`, whole seconds).
    public var maxExecutionTime: Duration?
    /// Further options merged into `params.options` as given (objects merge key by key, other
    /// values replace): the escape hatch for options without a field here.
    public var raw = RuntimeObject()

    /// Creates options with every field unset.
    public init() {}

    func wireObject() throws -> RuntimeObject {
        let fields = try OptionFields.primitive(defaultShots: defaultShots, dynamicalDecoupling: dynamicalDecoupling,
                                                twirling: twirling, execution: execution)
        return OptionFields.merged(fields.object, raw)
    }
}
