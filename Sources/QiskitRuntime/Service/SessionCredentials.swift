/// What a login yields: the access token and where to use it.
struct SessionCredentials: Sendable, CustomStringConvertible {
    /// The token sent as `X-Access-Token`.
    let accessToken: Credential
    /// The runtime service base URL.
    let runtimeURL: BaseURL
    /// The legacy API base URL (`urls.http`), when the login flow gave one.
    let apiURL: BaseURL?
    /// Increases with every login, so that concurrent 401s renew only once.
    let generation: Int

    var description: String { "SessionCredentials(runtimeURL: \(runtimeURL), generation: \(generation))" }
}
