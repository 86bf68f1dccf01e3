/// What a login yields: the access token and where to use it.
struct LoginCredentials: Sendable, CustomStringConvertible {
    /// How the token is presented to the service.
    enum Scheme: Sendable, Hashable {
        /// `X-Access-Token: <token>` (the legacy runtime API).
        case accessToken
        /// `Authorization: Bearer <token>` and `Service-CRN: <crn>` (the IBM Cloud `/api/v1` API).
        case bearer(serviceCRN: String)
        /// `Authorization: apikey <API key>` and `Service-CRN: <crn>`: the IBM Cloud API key itself,
        /// only with ``RuntimeConfiguration/allowsAPIKeyAuthorization`` after a failed IAM exchange.
        case apiKey(serviceCRN: String)
    }

    /// The token: sent as `X-Access-Token`, or as the bearer token of an IBM Cloud account.
    let accessToken: Credential
    /// The runtime service base URL.
    let runtimeURL: BaseURL
    /// The legacy API base URL (`urls.http`), when the login flow gave one.
    let apiURL: BaseURL?
    /// Increases with every login, so that concurrent 401s renew only once.
    let generation: Int
    /// How the token is presented.
    var scheme: Scheme = .accessToken
    /// When to renew the token before it expires (IBM Cloud); `nil` when it does not expire.
    var renewAt: ContinuousClock.Instant?
    /// When the token stops being valid; `nil` when unknown or never.
    var expiresAt: ContinuousClock.Instant?

    var description: String { "LoginCredentials(runtimeURL: \(runtimeURL), generation: \(generation))" }
}
