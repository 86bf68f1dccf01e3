import RuntimeIO
import RuntimeWire

/// Opens the websocket of one job: `{runtime base}/stream/jobs/{escaped id}` with `https`→`wss`
/// and `http`→`ws` (plain `ws` only for loopback hosts or when insecure transport is allowed),
/// `X-Access-Token` on the upgrade, and the configuration's CA, proxy and keep-alive settings.
struct StreamConnector: Sendable {
    let client: ServiceClient
    let jobID: String

    /// The most bytes taken from the socket per read: one loop-sized read holds dozens of ~1 KB
    /// results, so most `next()` calls find their message already read and decode it at once.
    /// It bounds the read-ahead (TCP pushes back beyond it).
    static let readChunkSize = EventLoop.readBufferSize

    /// The websocket URL of `jobID` under `base`.
    static func url(base: BaseURL, jobID: String) -> String {
        let rest = base.text.dropFirst(base.scheme.count)
        return (base.scheme == "https" ? "wss" : "ws") + rest + PercentEncoding.path(["stream", "jobs", jobID])
    }

    /// Connects and performs the upgrade within `deadline`.
    /// - Throws: `.shutDown`, `.insecureTransport`, `.handshakeFailed` (with `statusCode` when the upgrade was
    ///   refused), `.libraryUnavailable`, connection errors, `CancellationError`.
    func connect(deadline: ContinuousClock.Instant) async throws -> WebSocketConnection {
        guard !client.isShutDown else {
            throw RuntimeError(.shutDown, "Cannot stream job \(jobID): the service was shut down")
        }
        let credentials = try await client.login.credentials(deadline: deadline)
        try LoginSession.checkSecure(credentials.runtimeURL, client.configuration.allowInsecureTransport)
        let configuration = client.configuration
        let settings = WebSocketConfiguration(
            maxMessageSize: configuration.streaming.maximumMessageBytes,
            pingInterval: configuration.streaming.pingInterval,
            pongTimeout: configuration.streaming.pongTimeout,
            writeTimeout: configuration.streaming.writeTimeout,
            readChunkSize: Self.readChunkSize,
            transport: TransportConfiguration(caFile: configuration.caFile, caPath: configuration.caPath, proxy: configuration.proxy))
        let headers = HTTPHeaders([
            ("X-Access-Token", credentials.accessToken.secret),
            ("X-Qx-Client-Application", configuration.clientApplication),
        ])
        do {
            return try await WebSocketClient.connect(
                url: Self.url(base: credentials.runtimeURL, jobID: jobID), headers: headers, configuration: settings,
                deadline: deadline)
        } catch {
            throw RuntimeError.converting(error)
        }
    }

    /// Whether `error` means that no websocket can be had at all (the upgrade was refused with a
    /// 4xx status other than 429, or the TLS library is missing), so that polling is the way on.
    /// A 5xx or 429 answer to the upgrade is transient: the connection is retried.
    static func isRefusal(_ error: any Error) -> Bool {
        guard let error = error as? RuntimeError else { return false }
        if error.code == .handshakeFailed, let status = error.statusCode, (400..<500).contains(status), status != 429 {
            return true
        }
        return error.code == .libraryUnavailable || error.code == .insecureTransport || error.code == .invalidURL
    }
}
