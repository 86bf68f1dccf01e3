/// Options of ``RuntimeService/run(program:backend:inputs:options:)`` besides program, backend
/// and inputs.
public struct RunOptions: Sendable, Hashable {
    /// The runtime image, `name:tag`; sent as `runtime` (JSON `null` when not set on a legacy
    /// account, left out on an IBM Cloud account).
    public var image: String?
    /// The program's log level (`DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`); sent as
    /// `log_level` only when set.
    public var logLevel: String?
    /// Tags to attach to the job; sent as `tags` only when set.
    public var tags: [String]?

    /// Creates options; everything defaults to the service's choice.
    public init(image: String? = nil, logLevel: String? = nil, tags: [String]? = nil) {
        self.image = image
        self.logLevel = logLevel
        self.tags = tags
    }
}
