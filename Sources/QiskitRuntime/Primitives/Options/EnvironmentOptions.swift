/// Options of the job rather than the program (qiskit-ibm-runtime's `options.environment`): they
/// become fields of the `POST /jobs` request, not of `params.options`.
public struct EnvironmentOptions: Sendable, Hashable {
    /// The job's log level (`DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`), sent as `log_level`.
    public var logLevel: String?
    /// Tags for the job, sent as `tags`.
    public var jobTags: [String]?

    /// Creates options; nil fields are not sent.
    public init(logLevel: String? = nil, jobTags: [String]? = nil) {
        self.logLevel = logLevel
        self.jobTags = jobTags
    }
}
