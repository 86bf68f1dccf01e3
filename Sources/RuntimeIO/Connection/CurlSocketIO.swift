import CRuntimeShims
import RuntimeWire

/// The ``SocketIO`` of a connection made by libcurl in CONNECT_ONLY mode: TLS with certificate
/// verification, and/or a tunnel through an HTTP proxy (`CONNECT`). curl does DNS, TCP, the
/// proxy handshake and TLS; afterwards bytes flow through `curl_easy_recv` / `curl_easy_send`,
/// on the loop thread only.
///
/// **The connect driver.** The connect never blocks the loop: the easy handle sits in a private
/// multi handle that this object drives with curl's socket API (`CURLMOPT_SOCKETFUNCTION` /
/// `TIMERFUNCTION` recorded in C, `curl_multi_socket_action` on readiness and timer events).
/// While connecting, this object is itself the loop channel of curl's sockets (curl may use
/// several: happy eyeballs, the proxy) and owns curl's timer; once curl reports the connected
/// socket, they are dropped and the connection watches that socket like any other. curl's
/// threaded resolver does name lookups on a short-lived thread of its own. A private multi
/// (rather than one shared by all connections) keeps each connection out of other handles'
/// connection-cache pruning; it costs 3 file descriptors per connection (the socket and the
/// multi's wake-up socketpair).
///
/// **Reads.** Decrypted bytes can sit inside curl while the socket is quiet, so every read asks
/// curl first and the connection waits for the socket's readiness only after curl answered
/// `CURLE_AGAIN` (the connection does so with every transport). **Sends** that curl refuses with `CURLE_AGAIN`
/// are retried later with the same bytes (TLS requires it); large writes go out in 64 KB
/// pieces, at most 1 MB per loop turn.
// Loop-thread confinement as ``SocketIO`` describes; the connection is the Sendable owner.
package final class CurlSocketIO: SocketIO, LoopChannel {
    package static let transfersDirectly = false
    package static let sendChunkSize = 64 * 1024
    package static let sendBudgetPerTurn = 1024 * 1024
    /// curl watches its own sockets while connecting.
    package static let connectInterest: UInt32 = 0

    /// Whether the connection speaks TLS (`false`: a plain tunnel through a proxy).
    let isTLS: Bool
    private unowned let loop: EventLoop

    // MARK: loop thread only
    private var handle: OpaquePointer?
    private var easy: UnsafeMutableRawPointer?
    package private(set) var socket: Int32 = -1
    /// curl's sockets and what it asked to watch them for, while connecting.
    private var curlSockets: [Int32: UInt32] = [:]
    private var curlTimer: UInt64?
    /// Called once when the connect ends: nil on success (``socket`` is then set).
    private var onConnect: ((WireError?) -> Void)?

    init(loop: EventLoop, tls: Bool) {
        self.loop = loop
        self.isTLS = tls
    }

    package var isOpen: Bool { handle != nil }

    // MARK: - Connecting

    /// Creates the handle and sets its options for `url`.
    /// - Returns: the error that prevents connecting (no handle, an option refused).
    func open(url: String, configuration: TransportConfiguration) -> WireError? {
        guard let handle = rt_curl_conn_create() else {
            return WireError(.libraryUnavailable, "libcurl could not create a handle")
        }
        self.handle = handle
        let easy = rt_curl_conn_easy(handle)
        self.easy = easy
        let proxy = configuration.proxy ?? ""
        var status: Int32 = 0
        func set(_ option: Int32, _ value: Int) { if status == 0 { status = rt_curl_setopt_long(easy, option, value) } }
        func set(_ option: Int32, _ value: String) { if status == 0 { status = rt_curl_setopt_string(easy, option, value) } }
        set(Int32(RT_CURLOPT_URL), url)
        set(Int32(RT_CURLOPT_CONNECT_ONLY), 1)
        set(Int32(RT_CURLOPT_NOSIGNAL), 1)
        set(Int32(RT_CURLOPT_HTTP_VERSION), Int(RT_CURL_HTTP_VERSION_1_1))
        set(Int32(RT_CURLOPT_TCP_NODELAY), 1)
        // An empty proxy disables the proxy environment variables too: only explicit settings count.
        set(Int32(RT_CURLOPT_PROXY), proxy)
        if !proxy.isEmpty { set(Int32(RT_CURLOPT_HTTPPROXYTUNNEL), 1) }
        set(Int32(RT_CURLOPT_SSL_VERIFYPEER), configuration.verifyPeer ? 1 : 0)
        set(Int32(RT_CURLOPT_SSL_VERIFYHOST), configuration.verifyPeer ? 2 : 0)
        if let caFile = configuration.caFile { set(Int32(RT_CURLOPT_CAINFO), caFile) }
        if let caPath = configuration.caPath {
            set(Int32(RT_CURLOPT_CAPATH), caPath)
            // Only the directory: a bundle parsed per handle costs about 0.9 MB per connection.
            if configuration.caFile == nil, status == 0 { status = rt_curl_setopt_pointer(easy, Int32(RT_CURLOPT_CAINFO), nil) }
        }
        guard status == 0 else {
            return WireError(.invalidConfiguration, "libcurl refused an option: " + String(cString: rt_curl_easy_strerror(status)))
        }
        return nil
    }

    /// Starts the connect; `onConnect` is called once, on the loop thread, when it ends (unless
    /// ``close(loop:)`` comes first).
    /// - Returns: the error when curl could not even start.
    func start(onConnect: @escaping (WireError?) -> Void) -> WireError? {
        guard let handle else { return SocketError.closed }
        let started = rt_curl_conn_start(handle)
        if started != 0 {
            return WireError(.connectionFailed, "libcurl could not start the connection (CURLMcode \(started))")
        }
        self.onConnect = onConnect
        syncWithCurl()
        return nil
    }

    /// Applies the socket interests and the timeout curl asked for during the connect.
    private func syncWithCurl() {
        guard let handle, onConnect != nil else { return }
        var socket: Int32 = 0
        var what: Int32 = 0
        while rt_curl_conn_next_socket(handle, &socket, &what) == 1 {
            var events: UInt32 = 0
            if what & Int32(RT_CURL_POLL_IN) != 0 { events |= UInt32(RT_EPOLLIN) }
            if what & Int32(RT_CURL_POLL_OUT) != 0 { events |= UInt32(RT_EPOLLOUT) }
            if what == Int32(RT_CURL_POLL_REMOVE) || events == 0 {
                if curlSockets.removeValue(forKey: socket) != nil { loop.unwatch(fd: socket) }
            } else if loop.watch(fd: socket, events: events, channel: self) == 0 {
                curlSockets[socket] = events
            }
        }
        var timeout = 0
        if rt_curl_conn_take_timer(handle, &timeout) == 1 {
            loop.cancelTimer(curlTimer)
            curlTimer = nil
            if timeout >= 0 {
                curlTimer = loop.scheduleTimer(at: ContinuousClock.now.advanced(by: .milliseconds(timeout))) { [self] in
                    curlTimer = nil
                    driveCurl(fd: Int32(RT_CURL_SOCKET_TIMEOUT), bits: 0)
                }
            }
        }
    }

    /// One step of curl's connect; ends it (the last thing done) when curl is finished.
    private func driveCurl(fd: Int32, bits: Int32) {
        guard let handle, onConnect != nil else { return }
        var done: Int32 = 0
        var result: Int32 = 0
        _ = rt_curl_conn_socket_action(handle, fd, bits, &done, &result)
        syncWithCurl()
        guard done == 1 else { return }
        if result != 0 { return finishConnect(connectError(result)) }
        var socket: Int32 = -1
        let status = rt_curl_getinfo_socket(easy, Int32(RT_CURLINFO_ACTIVESOCKET), &socket)
        guard status == 0, socket >= 0 else {
            return finishConnect(WireError(.connectionFailed, "libcurl did not report the connected socket"))
        }
        // From now on the connection watches the connected socket itself.
        dropConnectWatches()
        self.socket = socket
        finishConnect(nil)
    }

    private func finishConnect(_ error: WireError?) {
        let callback = onConnect
        onConnect = nil
        callback?(error)
    }

    private func dropConnectWatches() {
        loop.cancelTimer(curlTimer)
        curlTimer = nil
        for watched in curlSockets.keys { loop.unwatch(fd: watched) }
        curlSockets.removeAll()
    }

    private func connectError(_ code: Int32) -> WireError {
        let text = curlText(code)
        switch code {
        case Int32(RT_CURLE_PEER_FAILED_VERIFICATION), Int32(RT_CURLE_SSL_CONNECT_ERROR), Int32(RT_CURLE_SSL_CERTPROBLEM),
            Int32(RT_CURLE_SSL_CACERT_BADFILE), Int32(RT_CURLE_SSL_CRL_BADFILE), Int32(RT_CURLE_SSL_ISSUER_ERROR):
            return WireError(.tlsFailed, "TLS failed: " + text)
        case Int32(RT_CURLE_OPERATION_TIMEDOUT):
            return WireError(.timedOut, "connecting timed out: " + text)
        case Int32(RT_CURLE_UNSUPPORTED_PROTOCOL), Int32(RT_CURLE_URL_MALFORMAT):
            return WireError(.invalidURL, text)
        default:
            return WireError(.connectionFailed, "cannot connect: " + text)
        }
    }

    private func curlText(_ code: Int32) -> String {
        let detail = handle.map { String(cString: rt_curl_conn_error_text($0)) } ?? ""
        return detail.isEmpty ? String(cString: rt_curl_easy_strerror(code)) : detail
    }

    /// Readiness of one of curl's sockets while connecting.
    func handleEvents(fd: Int32, events: UInt32) {
        var bits: Int32 = 0
        if events & UInt32(RT_EPOLLIN) != 0 { bits |= Int32(RT_CURL_CSELECT_IN) }
        if events & UInt32(RT_EPOLLOUT) != 0 { bits |= Int32(RT_CURL_CSELECT_OUT) }
        if events & UInt32(RT_EPOLLERR | RT_EPOLLHUP) != 0 { bits |= Int32(RT_CURL_CSELECT_ERR) }
        driveCurl(fd: fd, bits: bits)
    }

    /// Never called: this object is not in the loop's channel set; its connection is, and closes
    /// it on shutdown.
    func loopWillShutDown() {}

    // MARK: - Moving bytes

    package func receive(into buffer: UnsafeMutableRawBufferPointer) -> SocketTransfer {
        guard socket >= 0, let easy, let base = buffer.baseAddress else { return .failed(SocketError.closed) }
        var count = 0
        return transfer(rt_curl_easy_recv(easy, base, buffer.count, &count), count)
    }

    package func send(_ bytes: UnsafeRawBufferPointer) -> SocketTransfer {
        guard socket >= 0, let easy, let base = bytes.baseAddress else { return .failed(SocketError.closed) }
        var sent = 0
        // CURLE_AGAIN: retried on the next writable event with the same bytes, as TLS requires.
        return transfer(rt_curl_easy_send(easy, base, bytes.count, &sent), sent)
    }

    private func transfer(_ code: Int32, _ count: Int) -> SocketTransfer {
        if code == Int32(RT_CURLE_OK) { return .moved(count) }
        if code == Int32(RT_CURLE_AGAIN) { return .wouldBlock }
        return .failed(WireError(.connectionClosed, "the connection failed: " + curlText(code)))
    }

    /// The connection never watches ``socket`` while curl connects.
    package func connectEvent() -> Result<Void, WireError>? { nil }

    /// Half-closes plain proxy tunnels; does nothing for TLS.
    package func shutdownOutput() {
        guard !isTLS, socket >= 0 else { return }
        _ = rt_shutdown_write(socket)
    }

    package func close(loop: EventLoop) {
        guard let handle else { return }
        dropConnectWatches()
        onConnect = nil
        rt_curl_conn_destroy(handle)
        self.handle = nil
        easy = nil
        socket = -1
    }

    package func releaseFromDeinit(loop: EventLoop, socketWatched: Bool) {
        guard let handle else { return }
        let address = Int(bitPattern: handle)
        let watched = Array(curlSockets.keys) + (socketWatched ? [socket] : [])
        let cleanup: @Sendable () -> Void = {
            for fd in watched { loop.unwatch(fd: fd) }
            rt_curl_conn_destroy(OpaquePointer(bitPattern: address))
        }
        if !loop.execute(cleanup) { cleanup() }
        self.handle = nil
    }

    /// curl moves bytes on the loop thread only.
    package static func receive(fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> SocketTransfer { .wouldBlock }

    /// curl moves bytes on the loop thread only.
    package static func send(fd: Int32, _ bytes: UnsafeRawBufferPointer) -> SocketTransfer { .wouldBlock }
}
