extension RuntimeService {
    /// The configuration of a service; the same type as ``RuntimeConfiguration``, so that
    /// `RuntimeService(configuration: .init(account: …))` reads naturally.
    public typealias Configuration = RuntimeConfiguration
}
