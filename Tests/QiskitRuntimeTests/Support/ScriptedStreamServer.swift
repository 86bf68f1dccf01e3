import Testing
@testable import QiskitRuntime
import RuntimeIO
import RuntimeWire
import Synchronization

/// A runtime service on 127.0.0.1:0 for stream tests: a real `HTTPServer` with the job REST
/// endpoints of one job (status, interim_results, results, cancel) and `/stream/jobs/{id}`
/// upgraded by `WebSocketServerUpgrade`, each websocket connection driven by a test script.
///
/// The REST list of interim results holds what scripts ``StreamSocket/publish(_:)``ed or the
/// test ``publishToList(_:)``ed: it always reflects what was published, whatever reached the
/// client live.
final class ScriptedStreamServer: Sendable {
    /// Drives one accepted websocket connection.
    typealias Script = @Sendable (StreamSocket) async -> Void

    struct State {
        var published: [String] = []
        var status = "Running"
        var result = "\"All done!\""
        /// When set, the upgrade is refused with this status.
        var refuseUpgrade: Int?
        /// The script of the n-th connection (the last one repeats).
        var scripts: [Script] = []
        var upgrades = 0
        var statusReads = 0
        var listReads = 0
        var resultReads = 0
        var cancels = 0
        /// Connections whose peer has closed or gone (seen by `StreamSocket.awaitPeerClose()`).
        var peerClosed = 0
        /// Messages ``StreamSocket/publish(_:)`` has handed to the socket so far.
        var liveSent = 0
        /// Called with the number of the status read (1-based) before it is answered.
        var onStatusRead: (@Sendable (Int) -> Void)?
        var tokens: [String] = []
    }

    let jobID: String
    let state = Mutex(State())
    private let http = Mutex<HTTPServer?>(nil)
    private let live = Mutex<[ObjectIdentifier: WebSocketConnection]>([:])

    private init(jobID: String) {
        self.jobID = jobID
    }

    static func start(jobID: String = "job/1") async throws -> ScriptedStreamServer {
        let server = ScriptedStreamServer(jobID: jobID)
        let http = try await HTTPServer.start(host: "127.0.0.1", port: 0) { [weak server] request in
            guard let server else { return .respond(HTTPServerResponse(status: 503)) }
            return server.route(request)
        }
        server.http.withLock { $0 = http }
        return server
    }

    var port: Int { http.withLock { $0?.port ?? 0 } }

    /// The runtime base URL (with a path prefix, to check URL building).
    var runtimeURL: String { "http://127.0.0.1:\(port)/runtime" }

    func shutdown() async {
        for connection in live.withLock({ Array($0.values) }) { connection.abort() }
        await http.withLock { $0 }?.shutdown()
    }

    /// A configuration for this server: access-token account, real transport, fast backoff.
    func configuration(pollInterval: Duration = .seconds(3600)) -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration(account: .accessToken("stream-token", runtimeURL: runtimeURL))
        configuration.pollInterval = pollInterval
        configuration.streaming.initialBackoff = .milliseconds(1)
        configuration.streaming.maximumBackoff = .milliseconds(4)
        configuration.retryPolicy = RetryPolicy(maximumAttempts: 1, jitter: 0)
        return configuration
    }

    func service(pollInterval: Duration = .seconds(3600), completion: RuntimeConfiguration.CompletionMode = .automatic)
        async throws -> RuntimeService
    {
        var configuration = configuration(pollInterval: pollInterval)
        configuration.completionMode = completion
        return try await RuntimeService(configuration: configuration)
    }

    /// Sets the connection scripts, in order; the last repeats.
    func onConnections(_ scripts: Script...) {
        state.withLock { $0.scripts = scripts }
    }

    func publishToList(_ text: String) {
        state.withLock { $0.published.append(text) }
    }

    func setStatus(_ status: String) {
        state.withLock { $0.status = status }
    }

    var snapshot: State { state.withLock { $0 } }

    /// Waits (polling the state) until `condition` holds. Gives up when the task is cancelled
    /// (a suite time limit) or after 30 s, so that a condition that never holds fails its test
    /// instead of spinning a cooperative thread forever: `Task.sleep` throws at once in a
    /// cancelled task.
    /// Waits until `condition` holds for the server's state; records a test failure (with the
    /// state) if it does not within 30 s, so that a wait can never pass vacuously.
    func waitUntil(
        _ condition: @Sendable (State) -> Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let giveUp = ContinuousClock.now + .seconds(30)
        while !condition(snapshot) {
            if Task.isCancelled { return }
            if ContinuousClock.now >= giveUp {
                Issue.record("the scripted stream server did not reach the expected state within 30 s: \(snapshot)",
                             sourceLocation: sourceLocation)
                return
            }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    // MARK: Routing

    private func route(_ request: HTTPServerRequest) -> HTTPServerAction {
        let path = String(request.target.prefix { $0 != "?" })
        let escaped = PercentEncoding.escape(jobID)
        let prefix = "/runtime"
        if let token = request.headers["X-Access-Token"] { state.withLock { $0.tokens.append(token) } }
        switch (request.method, path) {
        case ("GET", prefix + "/stream/jobs/" + escaped):
            let (refusal, script, attempt): (Int?, Script?, Int) = state.withLock { state in
                state.upgrades += 1
                let index = min(state.upgrades - 1, state.scripts.count - 1)
                return (state.refuseUpgrade, index >= 0 ? state.scripts[index] : nil, state.upgrades - 1)
            }
            if let refusal { return .respond(HTTPServerResponse(status: refusal, body: Array("no stream".utf8))) }
            let server = self
            return WebSocketServerUpgrade.action(
                for: request, configuration: WebSocketConfiguration(pingInterval: nil, closeTimeout: .seconds(2))
            ) { connection in
                server.live.withLock { $0[ObjectIdentifier(connection)] = connection }
                defer { _ = server.live.withLock { $0.removeValue(forKey: ObjectIdentifier(connection)) } }
                await script?(StreamSocket(connection: connection, attempt: attempt, server: server))
            }
        case ("GET", prefix + "/jobs/" + escaped):
            let (hook, count) = state.withLock { state in
                state.statusReads += 1
                return (state.onStatusRead, state.statusReads)
            }
            hook?(count)
            let status2 = state.withLock { $0.status }
            return json(
                "{\"id\": \(WireJSON.quoted(jobID)), \"status\": \"\(status2)\", \"program\": {\"id\": \"hello-world\"}, "
                    + "\"backend\": \"b\", \"params\": {}, \"created\": \"2022-01-24T15:53:38Z\"}")
        case ("GET", prefix + "/jobs/" + escaped + "/interim_results"):
            let published = state.withLock { state in
                state.listReads += 1
                return state.published
            }
            let body = "[" + published.reversed().map(WireJSON.quoted).joined(separator: ", ") + "]"
            return json(body)
        case ("GET", prefix + "/jobs/" + escaped + "/results"):
            let result = state.withLock { state in
                state.resultReads += 1
                return state.result
            }
            return json(result)
        case ("POST", prefix + "/jobs/" + escaped + "/cancel"):
            state.withLock { state in
                state.cancels += 1
                state.status = "Cancelled"
            }
            return .respond(HTTPServerResponse(status: 204))
        default:
            return .respond(HTTPServerResponse(status: 404, body: Array("not found: \(path)".utf8)))
        }
    }

    private func json(_ text: String) -> HTTPServerAction {
        .respond(HTTPServerResponse(
            status: 200, headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(text.utf8)))
    }
}

/// One websocket connection of ``ScriptedStreamServer`` as a script sees it.
struct StreamSocket: Sendable {
    let connection: WebSocketConnection
    /// 0 for the first connection of the server, 1 for the second…
    let attempt: Int
    let server: ScriptedStreamServer

    /// How long a script's send may wait for a client that does not read (a paused consumer):
    /// far longer than any test, unlike the connection's default write timeout.
    static let sendDeadline: Duration = .seconds(600)

    func ack() async throws {
        try await connection.send(text: "ACK", deadline: .now + Self.sendDeadline)
    }

    /// Appends `text` to the REST list, then sends it live.
    func publish(_ text: String) async throws {
        server.publishToList(text)
        try await connection.send(text: text, deadline: .now + Self.sendDeadline)
        server.state.withLock { $0.liveSent += 1 }
    }

    /// Sends `text` live only (it is in the list already).
    func send(_ text: String) async throws {
        try await connection.send(text: text, deadline: .now + Self.sendDeadline)
    }

    func close(_ code: UInt16 = WebSocketCloseCode.normal) async {
        await connection.close(code: code)
    }

    /// Drops the TCP connection without a close frame.
    func drop() {
        connection.abort()
    }

    /// Reads until the peer closes or goes away, then counts it in `peerClosed`.
    func awaitPeerClose() async {
        await connection.discardIncoming()
        server.state.withLock { $0.peerClosed += 1 }
    }

    /// Sends pings (125-byte payloads, 1,000 per write) as fast as the client takes them, and
    /// never reads: the client's pongs pile up until its writes block. Ends when a write fails
    /// (the client went away, or its reads stopped for the write timeout).
    func pingFlood() async {
        var batch: [UInt8] = []
        let ping = WebSocketFrame(opcode: .ping, payload: [UInt8](repeating: 0x70, count: 125))
        for _ in 0..<1000 { ping.append(to: &batch) }
        while !Task.isCancelled {
            do { try await connection.sendRaw(batch, deadline: .now + .seconds(30)) } catch { break }
        }
        server.state.withLock { $0.peerClosed += 1 }
    }

    /// Half-closes the socket (TCP FIN, no close frame), then reads until the client goes away.
    func halfClose() async {
        connection.shutdownOutput()
        await awaitPeerClose()
    }

    /// Starts a text message and never finishes it: empty continuation frames (1,000 per
    /// write) as fast as the client takes them. Ends when a write fails.
    func endlessFragments() async {
        do {
            try await connection.sendRaw(WebSocketFrame(fin: false, opcode: .text, payload: Array("{".utf8)).serialize(maskingKey: nil))
        } catch {
            return
        }
        var batch: [UInt8] = []
        let fragment = WebSocketFrame(fin: false, opcode: .continuation, payload: [])
        for _ in 0..<1000 { fragment.append(to: &batch) }
        while !Task.isCancelled {
            do { try await connection.sendRaw(batch, deadline: .now + .seconds(30)) } catch { break }
        }
        server.state.withLock { $0.peerClosed += 1 }
    }
}
