extension Duration {
    /// The duration in whole seconds, rounded up, for a field the service takes in seconds
    /// (`max_ttl`, `cost`); `.invalidConfiguration` naming `name` when that is less than one.
    func wholeSecondsRoundedUp(name: String) throws -> Int64 {
        let (seconds, attoseconds) = components
        let whole = attoseconds > 0 && seconds < .max ? seconds + 1 : seconds
        guard whole >= 1 else { throw RuntimeError(.invalidConfiguration, "\(name) must be at least one second") }
        return whole
    }
}
