import RuntimeWire
import Synchronization

/// One end of an open WebSocket connection (RFC 6455), client or server, over a ``Connection``.
///
/// **Receiving is pull-based.** ``receive(deadline:)`` parses frames in the caller's task and
/// answers control frames on the way (pong for ping, even between fragments; the peer's close is
/// echoed). While nobody receives, nothing is read from the socket beyond one read chunk
/// (`readChunkSize`) and at most one stashed message (see keep-alive), so TCP pushes back on the
/// peer. One receiver at a time; concurrent receivers queue.
///
/// **Keep-alive without a thread.** With a `pingInterval`, ``startKeepAlive()`` (called by
/// `WebSocketClient` and `WebSocketServerUpgrade` once the handshake is done; the initializer
/// starts nothing) runs one lightweight task per connection that sleeps on the concurrency
/// runtime's timer (no thread, no queue), sends a ping, and then:
/// - if a consumer is receiving, that consumer sees the pong; the task only checks the time;
/// - if nobody is receiving, the task takes the read gate and reads on the consumer's behalf until
///   the pong arrives; a data message that arrives first counts as proof of life and is stashed
///   (one message at most) for the next ``receive(deadline:)``.
/// No pong nor any other frame within `pongTimeout` fails the connection with
/// `WireError(.timedOut)` and closes the socket, and so does a ping that cannot even be
/// written within `pongTimeout`. The task holds only a weak reference while it sleeps, so an
/// abandoned connection is still released (its `deinit` closes the socket).
///
/// **Every write has a deadline**: the caller's, or `writeTimeout` (pongs, echoed close frames,
/// data sent without a deadline); `closeTimeout` for close frames, `pongTimeout` for pings. A
/// peer that stops reading fails the connection with `WireError(.timedOut)` instead of
/// wedging it.
///
/// **State.** The lifecycle (open, closing, closed) lives in a ``WebSocketConnectionState``
/// under one lock; the connection asks it what to do and does it outside the lock.
///
/// **Failures.** A protocol error closes with 1002 (1007 for invalid UTF-8, 1009 for a message
/// over `maxMessageSize`, chosen from the error's ``WebSocketViolation``) and throws the typed
/// error; a connection lost without a close frame
/// throws `WireError(.connectionClosed)` and reports ``closeCode`` 1006. Cancelling a task
/// blocked in ``receive(deadline:)`` throws `CancellationError` and closes the socket at once, as
/// does a passed deadline (with `WireError(.timedOut)`): the transport cannot resume a read
/// abandoned midway. A cancelled or failed send also closes the socket (a frame may be half sent).
package final class WebSocketConnection: Sendable {
    package let role: WebSocketRole
    package let configuration: WebSocketConfiguration
    private let connection: any Connection
    /// `connection`, when it can read without a trip through the loop.
    private let direct: (any DirectReadable)?
    /// Enforces the close deadline when another task is receiving (see ``close(code:reason:)``).
    private let scheduler: any DeadlineScheduler
    private let readGate = AsyncGate()
    private let writeGate = AsyncGate()
    private let reader: WebSocketReader
    private let guarded: Mutex<Guarded>

    /// The state machine and the two things the connection stops when it closes.
    private struct Guarded {
        var machine: WebSocketConnectionState
        var keepAlive: Task<Void, Never>?
        var closeTimer: DeadlineTimer?
    }

    /// Wraps an upgraded connection. `initialBytes` are bytes already read past the handshake
    /// (the first frames). Starts nothing: see ``startKeepAlive()``. `scheduler` bounds a close
    /// that waits on another task's receive (the event loop's timers by default).
    package init(
        connection: any Connection, role: WebSocketRole, configuration: WebSocketConfiguration, initialBytes: [UInt8] = [],
        scheduler: any DeadlineScheduler = EventLoop.shared
    ) {
        self.connection = connection
        self.direct = connection as? any DirectReadable
        self.role = role
        self.configuration = configuration
        self.scheduler = scheduler
        self.reader = WebSocketReader(initialBytes: initialBytes, role: role, maxMessageSize: configuration.maxMessageSize)
        self.guarded = Mutex(Guarded(machine: WebSocketConnectionState(now: .now)))
    }

    deinit {
        // Cancelled outside the lock: cancellation runs the task's handlers on this thread.
        let (task, timer) = guarded.withLock { ($0.keepAlive, $0.closeTimer) }
        task?.cancel()
        if let timer { scheduler.cancel(timer) }
        connection.close()
    }

    /// Starts the keep-alive task when `configuration.pingInterval` is set (once; not after the
    /// connection closed). The task holds `self` strongly only during a round, never while it
    /// sleeps, and ends when the connection closes.
    package func startKeepAlive() {
        guard let interval = configuration.pingInterval else { return }
        guarded.withLock { guarded in
            guard guarded.keepAlive == nil, !guarded.machine.isClosed else { return }
            guarded.keepAlive = Task { [weak self] in
                var counter: UInt64 = 0
                while !Task.isCancelled {
                    do { try await Task.sleep(for: interval) } catch { return }
                    guard let self, !self.isClosed else { return }
                    counter &+= 1
                    guard await self.pingOnce(counter) else { return }
                }
            }
        }
    }

    private func withState<T>(_ body: (inout WebSocketConnectionState) throws -> T) rethrows -> T {
        try guarded.withLock { try body(&$0.machine) }
    }

    /// The peer's close code once the connection closed: 1005 for a close frame without a code,
    /// 1006 for a connection lost without one, or the code we sent when we failed the connection.
    package var closeCode: UInt16? { withState { $0.closeCode } }

    /// The peer's close reason once the connection closed ("" when it gave none).
    package var closeReason: String? { withState { $0.closeReason } }

    /// How many pongs have been received (diagnostics and tests).
    package var pongCount: Int { withState { $0.pongCount } }

    /// Whether the connection is finished (closed cleanly, failed or aborted).
    package var isClosed: Bool { withState { $0.isClosed } }

    /// The lifecycle phase (diagnostics and tests).
    package var phase: WebSocketConnectionState.Phase { withState { $0.phase } }

    // MARK: Receiving

    /// The next data message, or nil once the connection has closed cleanly (then ``closeCode``
    /// and ``closeReason`` tell why).
    /// - Throws: `CancellationError` (socket closed), `WireError(.timedOut)` when `deadline`
    ///   passes (socket closed), `.protocolViolation`, `.invalidWebSocketFrame` or
    ///   `.messageTooLarge` after failing the connection with 1002/1007/1009, `.connectionClosed`
    ///   when the connection was lost or aborted; the same error again on later calls.
    package func receive(deadline: ContinuousClock.Instant? = nil) async throws -> WebSocketMessage? {
        if let early = withState({ $0.takeEarly() }) { return try early.result() }
        do {
            try await readGate.acquire()
        } catch {
            abort()
            throw error
        }
        defer { readGate.release() }
        if let early = withState({ $0.takeEarly() }) { return try early.result() }
        while true {
            let event = try await nextEvent(deadline: deadline)
            switch try await handle(event) {
            case .message(let message): return message
            case .closed: return nil
            case .none: continue
            }
        }
    }

    /// The next data message if it is already complete in the bytes read so far, taken without
    /// suspending; nil when ``receive(deadline:)`` must run instead: nothing complete is buffered,
    /// the next frame is a control frame, a fragment or fails a check, a message is stashed, the
    /// connection is closing or finished, or another task is receiving. Nothing is consumed
    /// unless a message is returned, so a following ``receive(deadline:)`` sees the same input.
    package func receiveBuffered() -> WebSocketMessage? {
        guard readGate.tryAcquire() else { return nil }
        defer { readGate.release() }
        guard withState({ $0.mayTakeBuffered }), let message = reader.nextBufferedMessage() else { return nil }
        withState { $0.heard(at: .now) }
        return message
    }

    /// Receives and discards data messages until the connection ends, answering pings and the
    /// close handshake on the way. A handler that only sends (such as a stream of results) must
    /// still read, or the peer's pings and close frame stay unread: run this in a child task.
    package func discardIncoming() async {
        while (try? await receive()) != nil {}
    }

    private enum Outcome {
        case message(WebSocketMessage)
        case closed
    }

    /// Reads until the next event; the caller holds `readGate`. Failures fail the connection.
    /// An event already in the buffer returns without touching the socket.
    private func nextEvent(deadline: ContinuousClock.Instant?) async throws -> WebSocketEvent {
        let reader = self.reader
        while true {
            do {
                if let event = try reader.nextEvent() { return event }
            } catch let error as WireError {
                await failProtocol(error)
                throw error
            }
            reader.compact()
            let chunk = max(1, configuration.readChunkSize)
            let count: Int
            do {
                var filled: Int?
                if let direct {
                    // As the transport's own read does first.
                    try Task.checkCancellation()
                    filled = try reader.fill(from: direct, limit: chunk)
                }
                if let filled {
                    count = filled
                } else {
                    reader.releaseRoomIfEmpty()
                    let bytes = try await connection.read(maxBytes: chunk, deadline: deadline)
                    reader.append(bytes)
                    count = bytes.count
                }
            } catch {
                throw readFailed(error)
            }
            if count == 0 {
                throw readFailed(WireError(.connectionClosed, "the peer closed the connection without a close frame"))
            }
        }
    }

    /// Acts on an event; the caller holds `readGate`.
    private func handle(_ event: WebSocketEvent) async throws -> Outcome? {
        switch event {
        case .message(let message):
            return withState({ $0.receivedMessage(at: .now) }) ? .message(message) : nil
        case .ping(let payload):
            if withState({ $0.receivedPing(at: .now) }) {
                // Bounded: a peer that floods pings and stops reading must not wedge the reader.
                try await sendFrame(WebSocketFrame(opcode: .pong, payload: payload), deadline: .now + configuration.writeTimeout)
            }
            return nil
        case .pong:
            withState { $0.receivedPong(at: .now) }
            return nil
        case .close(let code, let reason):
            if withState({ $0.receivedClose(code: code, reason: reason) }) {
                let echo = WebSocketFrame(opcode: .close, payload: WebSocketCloseCode.payload(code: code, reason: ""))
                try? await writeFrame(echo, deadline: .now + configuration.closeTimeout)
            }
            finish(failure: nil, code: nil)
            return .closed
        }
    }

    /// Sends the close code for `error` (best effort, bounded by closeTimeout) and closes.
    private func failProtocol(_ error: WireError) async {
        let code = WebSocketCloseCode.closeCode(for: error)
        if withState({ $0.beginClose(code: code) }) {
            let frame = WebSocketFrame(opcode: .close, payload: WebSocketCloseCode.payload(code: code, reason: ""))
            try? await writeFrame(frame, deadline: .now + configuration.closeTimeout)
        }
        finish(failure: error, code: code)
    }

    /// Closes after a read failed; returns the error to throw.
    private func readFailed(_ error: any Error) -> any Error {
        let thrown = withState { $0.readFailed(error) }
        closeNow()
        return thrown
    }

    /// Closes (first failure and code win) and, the first time, stops what runs for the
    /// connection and closes the socket.
    private func finish(failure: WireError?, code: UInt16?) {
        guard withState({ $0.finish(failure: failure, code: code) }) else { return }
        closeNow()
    }

    /// Stops the keep-alive and the close timer and closes the socket. Cancelled outside the
    /// lock: cancellation runs the task's handlers on this thread, and this can be reached from
    /// the keep-alive task itself.
    private func closeNow() {
        let (task, timer) = guarded.withLock { guarded in
            defer {
                guarded.keepAlive = nil
                guarded.closeTimer = nil
            }
            return (guarded.keepAlive, guarded.closeTimer)
        }
        task?.cancel()
        if let timer { scheduler.cancel(timer) }
        connection.close()
    }

    // MARK: Sending

    /// Sends a text message in one frame.
    /// - Throws: `WireError(.connectionClosed)` once closing started; transport errors and
    ///   `CancellationError` (which close the connection when a frame may be half sent).
    package func send(text: String, deadline: ContinuousClock.Instant? = nil) async throws {
        try await sendFrame(WebSocketFrame(opcode: .text, payload: Array(text.utf8)), deadline: deadline)
    }

    /// Sends a binary message in one frame; see ``send(text:deadline:)``.
    package func send(binary: [UInt8], deadline: ContinuousClock.Instant? = nil) async throws {
        try await sendFrame(WebSocketFrame(opcode: .binary, payload: binary), deadline: deadline)
    }

    /// Sends several messages with one write to the transport (one frame each, in order): the
    /// cheap way for a server to flush a burst, as every write costs a trip through the loop.
    /// - Throws: as ``send(text:deadline:)``.
    package func send(batch messages: [WebSocketMessage], deadline: ContinuousClock.Instant? = nil) async throws {
        guard !messages.isEmpty else { return }
        try checkMaySend()
        var bytes: [UInt8] = []
        for message in messages {
            let frame: WebSocketFrame
            switch message {
            case .text(let text): frame = WebSocketFrame(opcode: .text, payload: Array(text.utf8))
            case .binary(let payload): frame = WebSocketFrame(opcode: .binary, payload: payload)
            }
            frame.append(to: &bytes, maskingKey: role == .client ? UInt32.random(in: .min ... .max) : nil)
        }
        try await writeBytes(bytes, deadline: deadline)
    }

    /// Sends frames already serialized (see `WebSocketFrame.appendText(_:to:)`), back to back
    /// with one write to the transport: how a server flushes a burst it holds as text. Unmasked,
    /// so only for the server role; an empty buffer sends nothing.
    /// - Throws: as ``send(text:deadline:)``.
    package func send(serializedFrames bytes: [UInt8], deadline: ContinuousClock.Instant? = nil) async throws {
        guard role == .server else {
            throw WireError(.invalidState, "unmasked serialized frames may only be sent by a server")
        }
        guard !bytes.isEmpty else { return }
        try checkMaySend()
        try await writeBytes(bytes, deadline: deadline)
    }

    /// Sends a ping with `payload` (at most 125 bytes); the pong is consumed by whoever reads.
    package func sendPing(_ payload: [UInt8] = [], deadline: ContinuousClock.Instant? = nil) async throws {
        try await sendFrame(WebSocketFrame(opcode: .ping, payload: Array(payload.prefix(125))), deadline: deadline)
    }

    /// Sends any frame, as long as closing has not started. Meant for tests of peers' behaviour.
    package func sendFrame(_ frame: WebSocketFrame, deadline: ContinuousClock.Instant?) async throws {
        try checkMaySend()
        try await writeFrame(frame, deadline: deadline)
    }

    private func checkMaySend() throws {
        guard withState({ $0.maySend }) else {
            throw WireError(.connectionClosed, "the WebSocket connection is closing or closed")
        }
    }

    /// Half-closes the sending side of the socket (TCP `shutdown(SHUT_WR)`) without a close
    /// frame. Meant for tests of peers' behaviour.
    package func shutdownOutput() {
        connection.shutdownOutput()
    }

    /// Sends raw bytes as they are (tests of malformed input).
    package func sendRaw(_ bytes: [UInt8], deadline: ContinuousClock.Instant? = nil) async throws {
        try await writeGate.acquire()
        defer { writeGate.release() }
        try await connection.write(bytes, deadline: deadline ?? .now + configuration.writeTimeout)
    }

    private func writeFrame(_ frame: WebSocketFrame, deadline: ContinuousClock.Instant?) async throws {
        try await writeBytes(frame.serialize(maskingKey: role == .client ? UInt32.random(in: .min ... .max) : nil), deadline: deadline)
    }

    private func writeBytes(_ bytes: [UInt8], deadline: ContinuousClock.Instant?) async throws {
        // Every write has a deadline: the caller's, or the configuration's write timeout.
        let deadline = deadline ?? .now + configuration.writeTimeout
        try await writeGate.acquire()
        defer { writeGate.release() }
        do {
            try await connection.write(bytes, deadline: deadline)
        } catch {
            if withState({ $0.writeFailed(error) }) { closeNow() }
            throw error
        }
    }

    // MARK: Closing

    /// Starts the closing handshake: sends a close frame with `code` and `reason`, then waits up
    /// to `closeTimeout` for the peer's close frame (discarding data messages, still answering
    /// pings) and closes the socket. If another task is receiving, that task sees the peer's
    /// close (its receive returns nil) and this call returns after sending, with the socket
    /// closed by `closeTimeout` at the latest (a timer of the scheduler, no task). Idempotent.
    package func close(code: UInt16 = WebSocketCloseCode.normal, reason: String = "") async {
        let deadline = ContinuousClock.now + configuration.closeTimeout
        if withState({ $0.beginClose(code: code) }) {
            let frame = WebSocketFrame(opcode: .close, payload: WebSocketCloseCode.payload(code: code, reason: reason))
            do { try await writeFrame(frame, deadline: deadline) } catch { return }
        }
        guard readGate.tryAcquire() else {
            abort(at: deadline)
            return
        }
        defer { readGate.release() }
        while !isClosed {
            guard let event = try? await nextEvent(deadline: deadline) else { break }
            if case .closed = try? await handle(event) { break }
        }
        finish(failure: nil, code: WebSocketCloseCode.abnormal)
    }

    /// Aborts at `deadline` unless the connection closed by then.
    private func abort(at deadline: ContinuousClock.Instant) {
        let timer = scheduler.schedule(at: deadline) { [weak self] in self?.abort() }
        let keep = guarded.withLock { guarded in
            guard !guarded.machine.isClosed, guarded.closeTimer == nil else { return false }
            guarded.closeTimer = timer
            return true
        }
        if !keep { scheduler.cancel(timer) }
    }

    /// Closes the socket at once without a closing handshake. Pending and later receives and
    /// sends fail with `WireError(.connectionClosed)`. Idempotent.
    package func abort() {
        if withState({ $0.abort() }) { closeNow() }
    }

    // MARK: Keep-alive

    /// One keep-alive round; false when the connection is finished.
    private func pingOnce(_ counter: UInt64) async -> Bool {
        let sentAt = ContinuousClock.now
        let deadline = sentAt + configuration.pongTimeout
        let payload = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (UInt64($0) * 8)) }
        // The ping must go out by the deadline, even when it waits behind another write: a ping
        // that cannot be sent fails the connection, as an unanswered one does.
        let sent = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await self.sendFrame(WebSocketFrame(opcode: .ping, payload: payload), deadline: deadline)
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                do { try await Task.sleep(until: deadline) } catch {}
                return false
            }
            let first = await group.next() ?? false
            // The typed failure first: cancelling a send that is under way closes the socket too.
            if !first { self.failKeepAliveSend() }
            group.cancelAll()
            return first
        }
        guard sent else { return false }
        let step = configuration.pongTimeout / 10
        while true {
            let (finished, alive) = withState { ($0.isClosed, $0.heardFrom(since: sentAt)) }
            if finished || Task.isCancelled { return false }
            if alive { return true }
            if ContinuousClock.now >= deadline {
                failKeepAlive(since: sentAt)
                return !isClosed
            }
            if readGate.tryAcquire() {
                // Nobody is receiving: read on the consumer's behalf until a sign of life.
                let answered = await withTaskGroup(of: Bool.self) { group in
                    group.addTask { await self.readUntilSign(since: sentAt) }
                    group.addTask {
                        try? await Task.sleep(until: deadline)
                        return false
                    }
                    let first = await group.next() ?? false
                    if !first { self.failKeepAlive(since: sentAt) }
                    group.cancelAll()
                    return first
                }
                readGate.release()
                return answered && !isClosed
            }
            // A consumer is receiving and will record the pong; check again shortly.
            try? await Task.sleep(until: min(deadline, .now + step))
        }
    }

    /// Reads for an idle consumer until a sign of life; the caller holds `readGate`.
    private func readUntilSign(since sentAt: ContinuousClock.Instant) async -> Bool {
        while !withState({ $0.isClosed || $0.lastSign >= sentAt }) {
            guard let event = try? await nextEvent(deadline: nil) else { return false }
            guard let outcome = try? await handle(event) else { continue }
            if case .message(let message) = outcome {
                withState { $0.stash(message) }
            }
            return true
        }
        return true
    }

    /// The keep-alive ping could not be written in time: fails the connection.
    private func failKeepAliveSend() {
        let failure = WireError(.timedOut, "the keep-alive ping could not be sent within \(configuration.pongTimeout)")
        if withState({ $0.keepAliveSendFailed(failure) }) { closeNow() }
    }

    private func failKeepAlive(since sentAt: ContinuousClock.Instant) {
        let failure = WireError(.timedOut, "no pong within \(configuration.pongTimeout) of a keep-alive ping")
        if withState({ $0.keepAliveExpired(since: sentAt, failure: failure) }) { closeNow() }
    }
}

extension WebSocketConnectionState.Early {
    /// The receive's answer: the message, nil for a clean close, or the failure thrown.
    fileprivate func result() throws -> WebSocketMessage? {
        switch self {
        case .message(let message): return message
        case .cleanlyClosed: return nil
        case .failed(let failure): throw failure
        }
    }
}
