import RuntimeWire

/// Settings of an ``HTTPClient``.
package struct HTTPClientConfiguration: Sendable {
    /// The most connections open at once to one (scheme, host, port); further requests wait.
    /// The SDK always passes its own (public default 16, `RuntimeConfiguration`); this package
    /// default of 8 serves the emulator's and tools' internal clients, whose tests load one
    /// in-process emulator with many parallel requests.
    package var maximumConnectionsPerHost: Int
    /// The most idle connections kept per (scheme, host, port).
    package var maxIdleConnectionsPerHost: Int
    /// How long an idle connection may be reused; older ones are closed instead, because the
    /// server may have closed them meanwhile (keep it below the server's keep-alive timeout).
    package var maxIdleTime: Duration
    /// Limits on response heads and bodies (`maxBodyBytes` is the maximum response size).
    package var responseLimits: HTTPLimits
    /// The largest request body the client sends.
    package var maxRequestBodyBytes: Int

    package init(
        maximumConnectionsPerHost: Int = 8,
        maxIdleConnectionsPerHost: Int? = nil,
        maxIdleTime: Duration = .seconds(30),
        responseLimits: HTTPLimits = HTTPLimits(),
        maxRequestBodyBytes: Int = 64 * 1024 * 1024
    ) {
        self.maximumConnectionsPerHost = max(1, maximumConnectionsPerHost)
        self.maxIdleConnectionsPerHost = max(0, maxIdleConnectionsPerHost ?? maximumConnectionsPerHost)
        self.maxIdleTime = maxIdleTime
        self.responseLimits = responseLimits
        self.maxRequestBodyBytes = maxRequestBodyBytes
    }
}
