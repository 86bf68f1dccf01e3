import RuntimeWire

/// Settings of an ``HTTPClient``.
package struct HTTPClientConfiguration: Sendable {
    /// The most connections open at once to one (scheme, host, port); further requests wait.
    package var maxConnectionsPerHost: Int
    /// The most idle connections kept per (scheme, host, port).
    package var maxIdleConnectionsPerHost: Int
    /// Limits on response heads and bodies (`maxBodyBytes` is the maximum response size).
    package var responseLimits: HTTPLimits
    /// The largest request body the client sends.
    package var maxRequestBodyBytes: Int

    package init(
        maxConnectionsPerHost: Int = 8,
        maxIdleConnectionsPerHost: Int? = nil,
        responseLimits: HTTPLimits = HTTPLimits(),
        maxRequestBodyBytes: Int = 64 * 1024 * 1024
    ) {
        self.maxConnectionsPerHost = max(1, maxConnectionsPerHost)
        self.maxIdleConnectionsPerHost = max(0, maxIdleConnectionsPerHost ?? maxConnectionsPerHost)
        self.responseLimits = responseLimits
        self.maxRequestBodyBytes = maxRequestBodyBytes
    }
}
