/// How connections are made: TLS trust and proxy. Shared by HTTP and WebSocket clients so that
/// one configuration covers every connection of a client.
package struct TransportConfiguration: Sendable, Hashable {
    /// A PEM file of trusted CA certificates; `nil` uses the system's default bundle.
    package var caFile: String?
    /// A directory of hashed CA certificates (`openssl rehash`); cheaper per connection than a
    /// bundle file, which is parsed for every handle. When set without ``caFile``, only the
    /// directory is trusted (the default bundle is not loaded).
    package var caPath: String?
    /// An HTTP proxy URL such as `http://proxy:3128`. Only this is used: proxy environment
    /// variables are ignored. Connections through a proxy use `CONNECT` tunnels (also for
    /// plain TCP) and therefore libcurl.
    package var proxy: String?
    /// Whether TLS certificates and host names are verified. Only tests turn this off.
    package var verifyPeer: Bool

    package init(caFile: String? = nil, caPath: String? = nil, proxy: String? = nil, verifyPeer: Bool = true) {
        self.caFile = caFile
        self.caPath = caPath
        self.proxy = proxy
        self.verifyPeer = verifyPeer
    }
}
