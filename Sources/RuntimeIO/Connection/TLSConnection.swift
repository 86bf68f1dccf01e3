import CRuntimeShims
import RuntimeWire
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A connection made by libcurl in CONNECT_ONLY mode: TLS with certificate verification, and/or
/// a tunnel through an HTTP proxy (`CONNECT`). curl does DNS, TCP, the proxy handshake and TLS;
/// afterwards bytes flow through `curl_easy_send` / `curl_easy_recv`.
///
/// The connect never blocks the loop: the easy handle sits in a private multi handle that the
/// loop drives with curl's socket API (`CURLMOPT_SOCKETFUNCTION` / `TIMERFUNCTION` recorded in
/// C, `curl_multi_socket_action` on readiness and timer events). curl's threaded resolver does
/// name lookups on a short-lived thread of its own. A private multi (rather than one shared by
/// all connections) keeps each connection out of other handles' connection-cache pruning; it
/// costs 3 file descriptors per connection (the socket and the multi's wake-up socketpair).
///
/// Writes may be issued concurrently: they are queued and sent whole, in submission order. One
/// read may be pending at a time (a second concurrent read fails with `.invalidState`).
///
/// Every curl call for a handle happens on the loop thread. Reads are pull-based like
/// ``TCPConnection``: each read first asks curl (decrypted bytes can sit inside curl while the
/// socket is not readable) and only then watches the socket. A send that curl refuses with
/// `CURLE_AGAIN` is retried later with the same bytes; large writes go out in 64 KB pieces,
/// at most 1 MB per loop turn, so the loop stays fair. ``shutdownOutput()`` half-closes only
/// plain proxy tunnels; for TLS it does nothing.
// @unchecked Sendable: every `var` is confined to the loop thread (touched only from closures
// run by `loop`); `closedFlag` is atomic and the rest is immutable.
package final class TLSConnection: Connection, LoopChannel, @unchecked Sendable {
    private struct WouldBlock: Error {}

    private static let chunkSize = 64 * 1024
    private static let bytesPerTurn = 1024 * 1024

    /// The loop serving this connection.
    package let loop: EventLoop
    /// Whether the connection speaks TLS (`false`: a plain tunnel through a proxy).
    package let isTLS: Bool
    private let closedFlag = Atomic<Bool>(false)

    // MARK: loop thread only
    private var handle: OpaquePointer?
    private var easy: UnsafeMutableRawPointer?
    private var connected = false
    private var fd: Int32 = -1
    private var registered: UInt32?
    private var curlSockets: [Int32: UInt32] = [:]
    private var curlTimer: UInt64?
    private var pendingConnect: PendingConnect?
    private var pendingRead: PendingRead?
    /// Writes in the order they were submitted; the first is the one being sent.
    private var pendingWrites: [PendingWrite] = []
    private var writeResumeQueued = false
    private var atEnd = false
    private var failure: RuntimeError?

    private init(loop: EventLoop, tls: Bool) {
        self.loop = loop
        self.isTLS = tls
    }

    deinit {
        guard let handle else { return }
        let address = Int(bitPattern: handle)
        let watched = Array(curlSockets.keys) + (registered != nil ? [fd] : [])
        let loop = self.loop
        let cleanup: @Sendable () -> Void = {
            for fd in watched { loop.unwatch(fd: fd) }
            rt_curl_conn_destroy(OpaquePointer(bitPattern: address))
        }
        if !loop.execute(cleanup) { cleanup() }
    }

    // MARK: - Connecting

    /// Connects to `host:port` through libcurl.
    /// - Parameters:
    ///   - tls: `true` for TLS (`https://`), `false` for a plain tunnel (needs a proxy).
    /// - Throws: `RuntimeError` `.libraryUnavailable` (no libcurl), `.tlsFailed` (untrusted
    ///   certificate, handshake failure, unreadable CA file), `.connectionFailed`, `.timedOut`,
    ///   `.invalidURL`, `.shutDown`; `CancellationError`.
    package static func connect(
        host: String,
        port: Int,
        tls: Bool,
        configuration: TransportConfiguration,
        loop: EventLoop = .shared,
        deadline: ContinuousClock.Instant?
    ) async throws -> TLSConnection {
        guard (1...65_535).contains(port) else { throw RuntimeError(.invalidURL, "port \(port) is out of range") }
        let forbidden = Set("/?#@ \t\r\n\\".unicodeScalars)
        guard !host.isEmpty, !host.unicodeScalars.contains(where: { forbidden.contains($0) || $0.value < 0x20 }) else {
            throw RuntimeError(.invalidURL, "the host name is empty or contains characters not allowed in a host")
        }
        guard rt_curl_load() == 0 else {
            throw RuntimeError(.libraryUnavailable, String(cString: rt_curl_load_error()))
        }
        var hostPart = host
        if host.contains(":"), !host.hasPrefix("[") { hostPart = "[\(host)]" }
        let url = "\(tls ? "https" : "http")://\(hostPart):\(port)/"
        let connection = TLSConnection(loop: loop, tls: tls)
        try await LoopWaiter.wait(on: loop) { token, continuation in
            connection.startConnect(url: url, configuration: configuration, token: token, continuation: continuation, deadline: deadline)
        } cancel: { token in
            connection.endConnect(token: token, error: CancellationError())
        }
        return connection
    }

    private func startConnect(
        url: String,
        configuration: TransportConfiguration,
        token: OperationToken,
        continuation: CheckedContinuation<Void, any Error>,
        deadline: ContinuousClock.Instant?
    ) {
        if token.isCancelled { return continuation.resume(throwing: CancellationError()) }
        if let deadline, deadline <= .now {
            return continuation.resume(throwing: RuntimeError(.timedOut, "the deadline passed while connecting"))
        }
        guard let handle = rt_curl_conn_create() else {
            return continuation.resume(throwing: RuntimeError(.libraryUnavailable, "libcurl could not create a handle"))
        }
        self.handle = handle
        easy = rt_curl_conn_easy(handle)
        loop.addChannel(self)
        pendingConnect = PendingConnect(token: token, continuation: continuation)

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
        if status != 0 {
            return endConnect(token: token, error: RuntimeError(
                .invalidConfiguration, "libcurl refused an option: " + String(cString: rt_curl_easy_strerror(status))))
        }
        if let deadline {
            pendingConnect?.timer = loop.scheduleTimer(at: deadline) { [self] in
                endConnect(token: token, error: RuntimeError(.timedOut, "the deadline passed while connecting"))
            }
        }
        let started = rt_curl_conn_start(handle)
        if started != 0 {
            return endConnect(token: token, error: RuntimeError(.connectionFailed, "libcurl could not start the connection (CURLMcode \(started))"))
        }
        syncWithCurl()
    }

    /// Applies the socket interests and the timeout curl asked for during the connect.
    private func syncWithCurl() {
        guard let handle, !connected else { return }
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

    private func driveCurl(fd: Int32, bits: Int32) {
        guard let handle, !connected, let pending = pendingConnect else { return }
        var done: Int32 = 0
        var result: Int32 = 0
        _ = rt_curl_conn_socket_action(handle, fd, bits, &done, &result)
        syncWithCurl()
        guard done == 1 else { return }
        if result != 0 {
            return endConnect(token: pending.token, error: connectError(result))
        }
        var socket: Int32 = -1
        let status = rt_curl_getinfo_socket(easy, Int32(RT_CURLINFO_ACTIVESOCKET), &socket)
        guard status == 0, socket >= 0 else {
            return endConnect(token: pending.token, error: RuntimeError(.connectionFailed, "libcurl did not report the connected socket"))
        }
        // From now on the loop watches the connected socket itself.
        loop.cancelTimer(curlTimer)
        curlTimer = nil
        for watched in curlSockets.keys { loop.unwatch(fd: watched) }
        curlSockets.removeAll()
        connected = true
        self.fd = socket
        endConnect(token: pending.token, error: nil)
    }

    private func connectError(_ code: Int32) -> RuntimeError {
        let detail = handle.map { String(cString: rt_curl_conn_error_text($0)) } ?? ""
        let text = detail.isEmpty ? String(cString: rt_curl_easy_strerror(code)) : detail
        switch code {
        case Int32(RT_CURLE_PEER_FAILED_VERIFICATION), Int32(RT_CURLE_SSL_CONNECT_ERROR), Int32(RT_CURLE_SSL_CERTPROBLEM),
            Int32(RT_CURLE_SSL_CACERT_BADFILE), Int32(RT_CURLE_SSL_CRL_BADFILE), Int32(RT_CURLE_SSL_ISSUER_ERROR):
            return RuntimeError(.tlsFailed, "TLS failed: " + text)
        case Int32(RT_CURLE_OPERATION_TIMEDOUT):
            return RuntimeError(.timedOut, "connecting timed out: " + text)
        case Int32(RT_CURLE_UNSUPPORTED_PROTOCOL), Int32(RT_CURLE_URL_MALFORMAT):
            return RuntimeError(.invalidURL, text)
        default:
            return RuntimeError(.connectionFailed, "cannot connect: " + text)
        }
    }

    private func endConnect(token: OperationToken, error: (any Error)?) {
        guard let pending = pendingConnect, pending.token === token else { return }
        pendingConnect = nil
        loop.cancelTimer(pending.timer)
        if let error {
            pending.continuation.resume(throwing: error)
            closeOnLoop(SocketError.closed)
        } else {
            pending.continuation.resume()
        }
    }

    // MARK: - Connection

    package var isClosed: Bool { closedFlag.load(ordering: .acquiring) }

    package func read(maxBytes: Int, deadline: ContinuousClock.Instant?) async throws -> [UInt8] {
        try Task.checkCancellation()
        let limit = max(1, min(maxBytes, EventLoop.readBufferSize))
        return try await LoopWaiter.wait(on: loop) { token, continuation in
            self.startRead(token: token, continuation: continuation, maxBytes: limit, deadline: deadline)
        } cancel: { token in
            self.endRead(token: token, result: .failure(CancellationError()))
        }
    }

    package func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant?) async throws {
        try Task.checkCancellation()
        if bytes.isEmpty { return }
        try await LoopWaiter.wait(on: loop) { token, continuation in
            self.startWrite(token: token, continuation: continuation, bytes: bytes, deadline: deadline)
        } cancel: { token in
            self.endWrite(token: token, error: CancellationError())
        }
    }

    package func shutdownOutput() {
        guard !isTLS else { return }
        loop.execute {
            if self.connected, self.fd >= 0 { _ = rt_shutdown_write(self.fd) }
        }
    }

    package func close() {
        closedFlag.store(true, ordering: .releasing)
        loop.execute { self.closeOnLoop(SocketError.closed) }
    }

    // MARK: - Loop thread

    func handleEvents(fd: Int32, events: UInt32) {
        if !connected {
            var bits: Int32 = 0
            if events & UInt32(RT_EPOLLIN) != 0 { bits |= Int32(RT_CURL_CSELECT_IN) }
            if events & UInt32(RT_EPOLLOUT) != 0 { bits |= Int32(RT_CURL_CSELECT_OUT) }
            if events & UInt32(RT_EPOLLERR | RT_EPOLLHUP) != 0 { bits |= Int32(RT_CURL_CSELECT_ERR) }
            return driveCurl(fd: fd, bits: bits)
        }
        if events & UInt32(RT_EPOLLIN | RT_EPOLLERR | RT_EPOLLHUP) != 0, let pending = pendingRead {
            switch receive(maxBytes: pending.maxBytes) {
            case .success(let bytes): endRead(token: pending.token, result: .success(bytes))
            case .failure(let error as RuntimeError): closeOnLoop(error)
            case .failure: break
            }
        }
        if events & UInt32(RT_EPOLLOUT | RT_EPOLLERR | RT_EPOLLHUP) != 0, !pendingWrites.isEmpty {
            serviceWrites()
        }
        updateInterest(afterEvent: true)
    }

    func loopWillShutDown() {
        closeOnLoop(loop.shutDownError)
    }

    private func receive(maxBytes: Int) -> Result<[UInt8], any Error> {
        guard connected, let easy, let base = loop.readBuffer.baseAddress else { return .failure(failure ?? SocketError.closed) }
        var count = 0
        let code = rt_curl_easy_recv(easy, base, maxBytes, &count)
        if code == Int32(RT_CURLE_OK) {
            if count == 0 { atEnd = true }
            return .success(Array(UnsafeRawBufferPointer(start: base, count: count)))
        }
        if code == Int32(RT_CURLE_AGAIN) { return .failure(WouldBlock()) }
        return .failure(RuntimeError(.connectionClosed, "the connection failed: " + curlText(code)))
    }

    private func curlText(_ code: Int32) -> String {
        let detail = handle.map { String(cString: rt_curl_conn_error_text($0)) } ?? ""
        return detail.isEmpty ? String(cString: rt_curl_easy_strerror(code)) : detail
    }

    private func startRead(
        token: OperationToken,
        continuation: CheckedContinuation<[UInt8], any Error>,
        maxBytes: Int,
        deadline: ContinuousClock.Instant?
    ) {
        if token.isCancelled { return continuation.resume(throwing: CancellationError()) }
        if let failure { return continuation.resume(throwing: failure) }
        guard connected else { return continuation.resume(throwing: SocketError.closed) }
        if pendingRead != nil {
            return continuation.resume(throwing: RuntimeError(.invalidState, "another read is already pending on this connection"))
        }
        if atEnd { return continuation.resume(returning: []) }
        // Ask curl first: decrypted bytes may be waiting inside it while the socket is quiet.
        switch receive(maxBytes: maxBytes) {
        case .success(let bytes):
            return continuation.resume(returning: bytes)
        case .failure(let error as RuntimeError):
            continuation.resume(throwing: error)
            return closeOnLoop(error)
        case .failure:
            break
        }
        if let deadline, deadline <= .now { return continuation.resume(throwing: SocketError.timedOut) }
        var pending = PendingRead(token: token, continuation: continuation, maxBytes: maxBytes)
        if let deadline {
            pending.timer = loop.scheduleTimer(at: deadline) { [self] in
                endRead(token: token, result: .failure(SocketError.timedOut))
            }
        }
        pendingRead = pending
        updateInterest(afterEvent: false)
    }

    private func endRead(token: OperationToken, result: Result<[UInt8], any Error>) {
        guard let pending = pendingRead, pending.token === token else { return }
        pendingRead = nil
        loop.cancelTimer(pending.timer)
        pending.continuation.resume(with: result)
    }

    private func startWrite(
        token: OperationToken,
        continuation: CheckedContinuation<Void, any Error>,
        bytes: [UInt8],
        deadline: ContinuousClock.Instant?
    ) {
        if token.isCancelled { return continuation.resume(throwing: CancellationError()) }
        if let failure { return continuation.resume(throwing: failure) }
        guard connected else { return continuation.resume(throwing: SocketError.closed) }
        var pending = PendingWrite(token: token, continuation: continuation, bytes: bytes, offset: 0)
        if let deadline {
            if deadline <= .now { return continuation.resume(throwing: SocketError.timedOut) }
            pending.timer = loop.scheduleTimer(at: deadline) { [self] in
                endWrite(token: token, error: SocketError.timedOut)
            }
        }
        pendingWrites.append(pending)
        if pendingWrites.count == 1 { serviceWrites() }
        updateInterest(afterEvent: false)
    }

    /// Sends queued writes in order while curl takes bytes, up to the per-turn budget.
    private func serviceWrites() {
        guard let easy else { return }
        var budget = Self.bytesPerTurn
        while var head = pendingWrites.first, budget > 0 {
            var failed: RuntimeError?
            var blocked = false
            head.bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                while head.offset < buffer.count, budget > 0 {
                    let length = min(Self.chunkSize, buffer.count - head.offset)
                    var sent = 0
                    let code = rt_curl_easy_send(easy, base + head.offset, length, &sent)
                    if code == Int32(RT_CURLE_AGAIN) {
                        // Retried on the next writable event with the same bytes: TLS requires it.
                        blocked = true
                        return
                    }
                    if code != Int32(RT_CURLE_OK) {
                        failed = RuntimeError(.connectionClosed, "the connection failed: " + curlText(code))
                        return
                    }
                    head.offset += sent
                    budget -= max(sent, 1)
                }
            }
            pendingWrites[0] = head
            if let failed { return closeOnLoop(failed) }
            if blocked { return }
            if head.offset >= head.bytes.count {
                pendingWrites.removeFirst()
                loop.cancelTimer(head.timer)
                head.continuation.resume()
            }
        }
        if !pendingWrites.isEmpty, budget <= 0, !writeResumeQueued {
            // Budget spent: let other connections run, then continue.
            writeResumeQueued = true
            loop.execute { [self] in
                writeResumeQueued = false
                serviceWrites()
                updateInterest(afterEvent: false)
            }
        }
    }

    private func endWrite(token: OperationToken, error: any Error) {
        guard let index = pendingWrites.firstIndex(where: { $0.token === token }) else { return }
        let pending = pendingWrites.remove(at: index)
        loop.cancelTimer(pending.timer)
        pending.continuation.resume(throwing: error)
        // Part of the bytes went out: the byte stream is corrupt, so the connection ends.
        if pending.offset > 0 { closeOnLoop(SocketError.closed) }
    }

    private func updateInterest(afterEvent: Bool) {
        guard connected, fd >= 0 else { return }
        var wanted: UInt32 = 0
        if pendingRead != nil { wanted |= UInt32(RT_EPOLLIN) }
        if !pendingWrites.isEmpty { wanted |= UInt32(RT_EPOLLOUT) }
        if wanted == 0 {
            if afterEvent, registered != nil {
                loop.unwatch(fd: fd)
                registered = nil
            }
            return
        }
        if let registered, registered & wanted == wanted, !afterEvent || registered == wanted { return }
        let status = loop.watch(fd: fd, events: wanted, channel: self)
        if status < 0 {
            registered = nil
            closeOnLoop(RuntimeError(.connectionClosed, "cannot watch the socket: " + SocketError.describe(-status)))
        } else {
            registered = wanted
        }
    }

    private func closeOnLoop(_ error: RuntimeError) {
        guard let handle else { return }
        closedFlag.store(true, ordering: .releasing)
        if failure == nil { failure = error }
        if registered != nil { loop.unwatch(fd: fd) }
        registered = nil
        for watched in curlSockets.keys { loop.unwatch(fd: watched) }
        curlSockets.removeAll()
        loop.cancelTimer(curlTimer)
        curlTimer = nil
        rt_curl_conn_destroy(handle)
        self.handle = nil
        easy = nil
        connected = false
        fd = -1
        loop.removeChannel(self)
        if let pending = pendingRead {
            pendingRead = nil
            loop.cancelTimer(pending.timer)
            pending.continuation.resume(throwing: error)
        }
        let writes = pendingWrites
        pendingWrites.removeAll()
        for pending in writes {
            loop.cancelTimer(pending.timer)
            pending.continuation.resume(throwing: error)
        }
        if let pending = pendingConnect {
            pendingConnect = nil
            loop.cancelTimer(pending.timer)
            pending.continuation.resume(throwing: RuntimeError(error.code == .shutDown ? .shutDown : .connectionFailed, error.message))
        }
    }
}
