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
/// **Keep-alive without a thread.** With a `pingInterval`, one lightweight task per connection
/// sleeps on the concurrency runtime's timer (no thread, no queue), sends a ping, and then:
/// - if a consumer is receiving, that consumer sees the pong; the task only checks the time;
/// - if nobody is receiving, the task takes the read gate and reads on the consumer's behalf until
///   the pong arrives; a data message that arrives first counts as proof of life and is stashed
///   (one message at most) for the next ``receive(deadline:)``.
/// No pong nor any other frame within `pongTimeout` fails the connection with
/// `RuntimeError(.timedOut)` and closes the socket, and so does a ping that cannot even be
/// written within `pongTimeout`. The task holds only a weak reference while it sleeps, so an
/// abandoned connection is still released (its `deinit` closes the socket).
///
/// **Every write has a deadline**: the caller's, or `writeTimeout` (pongs, echoed close frames,
/// data sent without a deadline); `closeTimeout` for close frames, `pongTimeout` for pings. A
/// peer that stops reading fails the connection with `RuntimeError(.timedOut)` instead of
/// wedging it.
///
/// **Failures.** A protocol error closes with 1002 (1007 for invalid UTF-8, 1009 for a message
/// over `maxMessageSize`) and throws the typed error; a connection lost without a close frame
/// throws `RuntimeError(.connectionClosed)` and reports ``closeCode`` 1006. Cancelling a task
/// blocked in ``receive(deadline:)`` throws `CancellationError` and closes the socket at once, as
/// does a passed deadline (with `RuntimeError(.timedOut)`): the transport cannot resume a read
/// abandoned midway. A cancelled or failed send also closes the socket (a frame may be half sent).
package final class WebSocketConnection: Sendable {
    package let role: WebSocketRole
    package let configuration: WebSocketConfiguration
    private let connection: any Connection
    /// `connection`, when it can read without a trip through the loop.
    private let direct: (any DirectReadable)?
    private let readGate = WebSocketGate()
    private let writeGate = WebSocketGate()
    private let reader: Reader
    private let state = Mutex(State())
    private let keepAlive = Mutex<Task<Void, Never>?>(nil)

    private struct State {
        var pending: WebSocketMessage?
        var closeSent = false
        var closeReceived = false
        var finished = false
        var closeCode: UInt16?
        var closeReason: String?
        var failure: RuntimeError?
        var lastSign = ContinuousClock.now
        var pongCount = 0
    }

    /// Input parsing state.
    // @unchecked Sendable: every access happens while holding `readGate`, which admits one task
    // at a time and orders the accesses (its Mutex gives the happens-before edges).
    private final class Reader: @unchecked Sendable {
        /// `buffer[start..<end]` is input not parsed yet; the rest is room for the next read
        /// (kept while data flows, so a read fills it in place: no array per read, no
        /// zero-filling each time; given back before waiting, so an idle connection holds none).
        var buffer: [UInt8]
        var start = 0
        var end: Int
        /// How much the next direct read asks for: doubles while reads come back full (a
        /// backlog), falls back towards the smallest size when they do not.
        private var chunk = Reader.smallestChunk
        private static let smallestChunk = 4 << 10
        let decoder: WebSocketFrameDecoder
        var assembler: WebSocketMessageAssembler

        init(initialBytes: [UInt8], role: WebSocketRole, maxMessageSize: Int) {
            buffer = initialBytes
            end = initialBytes.count
            decoder = WebSocketFrameDecoder(role: role, maxPayloadSize: maxMessageSize)
            assembler = WebSocketMessageAssembler(maxMessageSize: maxMessageSize)
        }

        /// The next event from the bytes already read, or nil when more bytes are needed. An
        /// unmasked final frame (every frame a server sends whole) goes to the assembler straight
        /// from the buffer: a text message is validated and copied once, into its string.
        func nextEvent() throws -> WebSocketEvent? {
            while start < end {
                guard let header = try decoder.decodeHeader(buffer[start..<end]) else { return nil }
                let event: WebSocketEvent?
                if header.fin, header.maskOffset == nil {
                    let payloadStart = start + header.payloadOffset
                    event = try assembler.pushWhole(
                        opcode: header.opcode, payload: buffer[payloadStart..<(payloadStart + header.payloadLength)])
                } else if let (frame, _) = try decoder.decode(buffer[start..<end]) {
                    event = try assembler.push(frame)
                } else {
                    return nil
                }
                advance(by: header.frameLength)
                if let event { return event }
            }
            return nil
        }

        /// The next data message if the next frame in the buffer is a whole, valid one (FIN set,
        /// unmasked, no fragmented message in progress); nil otherwise, with nothing consumed, so
        /// that ``nextEvent()`` later sees exactly the same bytes (and raises any error).
        func nextBufferedMessage() -> WebSocketMessage? {
            guard start < end, !assembler.isAssembling,
                  let header = try? decoder.decodeHeader(buffer[start..<end]),
                  header.fin, header.maskOffset == nil, header.opcode == .text || header.opcode == .binary
            else { return nil }
            let payloadStart = start + header.payloadOffset
            guard case .message(let message)? = try? assembler.pushWhole(
                opcode: header.opcode, payload: buffer[payloadStart..<(payloadStart + header.payloadLength)])
            else { return nil }
            advance(by: header.frameLength)
            return message
        }

        private func advance(by count: Int) {
            start += count
            guard start >= end else { return }
            start = 0
            end = 0
            // Room grown for one huge message is given back.
            if buffer.count > 1 << 20 { buffer = [] }
        }

        /// Moves the bytes not parsed yet (at most one partial frame) to the front, before a read.
        func compact() {
            guard start > 0 else { return }
            let (from, count) = (start, end - start)
            buffer.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress, count > 0 else { return }
                base.copyMemory(from: base + from, byteCount: count)
            }
            start = 0
            end = count
        }

        /// Makes room for `count` more bytes after `end` (with slack for big reads, so that the
        /// remainders of partial frames moved to the front do not make it grow at every read).
        private func reserve(_ count: Int) {
            let room = buffer.count - end
            guard room < count else { return }
            let slack = count >= 16 << 10 ? 16 << 10 : 0
            buffer.append(contentsOf: repeatElement(0, count: count - room + slack))
        }

        /// Appends bytes read by `Connection.read`.
        func append(_ bytes: [UInt8]) {
            reserve(bytes.count)
            buffer.replaceSubrange(end..<(end + bytes.count), with: bytes)
            end += bytes.count
        }

        /// Reads what `source` already holds straight into the buffer (at most `limit` bytes,
        /// fewer while reads do not come back full): the byte count (0 at end of stream), or nil
        /// when the read must wait.
        func fill(from source: any DirectReadable, limit: Int) throws -> Int? {
            let maxBytes = max(1, min(chunk, limit))
            reserve(maxBytes)
            let at = end
            let count = try buffer.withUnsafeMutableBytes { raw in
                try source.readAvailable(into: UnsafeMutableRawBufferPointer(rebasing: raw[at..<(at + maxBytes)]))
            }
            guard let count else { return nil }
            let taken = min(max(count, 0), maxBytes)
            end += taken
            chunk = taken == maxBytes ? min(maxBytes * 2, limit) : max(Reader.smallestChunk, min(taken * 2, limit))
            return count
        }

        /// Gives the read room back when nothing is buffered: called before waiting for input.
        func releaseRoomIfEmpty() {
            guard start == end, !buffer.isEmpty else { return }
            buffer = []
            start = 0
            end = 0
        }
    }

    /// Wraps an upgraded connection. `initialBytes` are bytes already read past the handshake
    /// (the first frames). Starts the keep-alive task when `configuration.pingInterval` is set.
    package init(connection: any Connection, role: WebSocketRole, configuration: WebSocketConfiguration, initialBytes: [UInt8] = []) {
        self.connection = connection
        self.direct = connection as? any DirectReadable
        self.role = role
        self.configuration = configuration
        self.reader = Reader(initialBytes: initialBytes, role: role, maxMessageSize: configuration.maxMessageSize)
        if let interval = configuration.pingInterval {
            // Holds `self` strongly only during a round, never while sleeping.
            let task = Task { [weak self] in
                var counter: UInt64 = 0
                while !Task.isCancelled {
                    do { try await Task.sleep(for: interval) } catch { return }
                    guard let self, !self.isClosed else { return }
                    counter &+= 1
                    guard await self.pingOnce(counter) else { return }
                }
            }
            keepAlive.withLock { $0 = task }
        }
    }

    deinit {
        // Cancelled outside the lock: cancellation runs the task's handlers on this thread.
        keepAlive.withLock { $0 }?.cancel()
        connection.close()
    }

    /// The peer's close code once the connection closed: 1005 for a close frame without a code,
    /// 1006 for a connection lost without one, or the code we sent when we failed the connection.
    package var closeCode: UInt16? { state.withLock { $0.closeCode } }

    /// The peer's close reason once the connection closed ("" when it gave none).
    package var closeReason: String? { state.withLock { $0.closeReason } }

    /// How many pongs have been received (diagnostics and tests).
    package var pongCount: Int { state.withLock { $0.pongCount } }

    /// Whether the connection is finished (closed cleanly, failed or aborted).
    package var isClosed: Bool { state.withLock { $0.finished } }

    // MARK: Receiving

    /// The next data message, or nil once the connection has closed cleanly (then ``closeCode``
    /// and ``closeReason`` tell why).
    /// - Throws: `CancellationError` (socket closed), `RuntimeError(.timedOut)` when `deadline`
    ///   passes (socket closed), `.protocolViolation`, `.invalidWebSocketFrame` or
    ///   `.messageTooLarge` after failing the connection with 1002/1007/1009, `.connectionClosed`
    ///   when the connection was lost or aborted; the same error again on later calls.
    package func receive(deadline: ContinuousClock.Instant? = nil) async throws -> WebSocketMessage? {
        if let early = try finishedOrPending() { return early.message }
        do {
            try await readGate.acquire()
        } catch {
            abort()
            throw error
        }
        defer { readGate.release() }
        if let early = try finishedOrPending() { return early.message }
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
        let open = state.withLock { !$0.finished && !$0.closeSent && $0.pending == nil }
        guard open, let message = reader.nextBufferedMessage() else { return nil }
        state.withLock { $0.lastSign = .now }
        return message
    }

    /// Receives and discards data messages until the connection ends, answering pings and the
    /// close handshake on the way. A handler that only sends (such as a stream of results) must
    /// still read, or the peer's pings and close frame stay unread: run this in a child task.
    package func discardIncoming() async {
        while (try? await receive()) != nil {}
    }

    /// nil: go and read; `.some(message)`: return it (a nil message means cleanly closed).
    private func finishedOrPending() throws -> (message: WebSocketMessage?, Void)? {
        try state.withLock { state in
            if let message = state.pending {
                state.pending = nil
                return (message, ())
            }
            guard state.finished else { return nil }
            if let failure = state.failure { throw failure }
            return (nil, ())
        }
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
            } catch let error as RuntimeError {
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
                throw finishAfterTransportError(error)
            }
            if count == 0 {
                throw finishAfterTransportError(RuntimeError(.connectionClosed, "the peer closed the connection without a close frame"))
            }
        }
    }

    /// Acts on an event; the caller holds `readGate`.
    private func handle(_ event: WebSocketEvent) async throws -> Outcome? {
        switch event {
        case .message(let message):
            let discard = state.withLock { state in
                state.lastSign = .now
                return state.closeSent
            }
            return discard ? nil : .message(message)
        case .ping(let payload):
            state.withLock { $0.lastSign = .now }
            if !state.withLock({ $0.closeSent }) {
                // Bounded: a peer that floods pings and stops reading must not wedge the reader.
                try await sendFrame(WebSocketFrame(opcode: .pong, payload: payload), deadline: .now + configuration.writeTimeout)
            }
            return nil
        case .pong:
            state.withLock { state in
                state.lastSign = .now
                state.pongCount += 1
            }
            return nil
        case .close(let code, let reason):
            let mustEcho = state.withLock { state in
                state.closeReceived = true
                state.closeCode = code ?? WebSocketCloseCode.noStatus
                state.closeReason = reason
                defer { state.closeSent = true }
                return !state.closeSent
            }
            if mustEcho {
                let echo = WebSocketFrame(opcode: .close, payload: WebSocketCloseCode.payload(code: code, reason: ""))
                try? await writeFrame(echo, deadline: .now + configuration.closeTimeout)
            }
            finish(failure: nil, code: nil)
            return .closed
        }
    }

    /// Sends the close code for `error` (best effort, bounded by closeTimeout) and closes.
    private func failProtocol(_ error: RuntimeError) async {
        let code = WebSocketCloseCode.closeCode(for: error)
        let send = state.withLock { state in
            defer { state.closeSent = true }
            return !state.closeSent && !state.finished
        }
        if send {
            let frame = WebSocketFrame(opcode: .close, payload: WebSocketCloseCode.payload(code: code, reason: ""))
            try? await writeFrame(frame, deadline: .now + configuration.closeTimeout)
        }
        finish(failure: error, code: code)
    }

    /// Closes after a read failed; returns the error to throw.
    private func finishAfterTransportError(_ error: any Error) -> any Error {
        let stored: RuntimeError? = state.withLock { $0.failure }
        if let stored { 
            finish(failure: stored, code: nil)
            return error is CancellationError ? error : stored
        }
        if error is CancellationError {
            finish(failure: RuntimeError(.connectionClosed, "a receive was cancelled; the connection is closed"), code: WebSocketCloseCode.abnormal)
            return error
        }
        let failure = (error as? RuntimeError) ?? RuntimeError(.connectionClosed, "\(error)")
        finish(failure: failure, code: WebSocketCloseCode.abnormal)
        return failure
    }

    /// Marks the connection finished (first failure and code win) and closes the socket.
    private func finish(failure: RuntimeError?, code: UInt16?) {
        state.withLock { state in
            state.finished = true
            if state.failure == nil, !state.closeReceived || failure != nil { state.failure = failure }
            if state.closeCode == nil { state.closeCode = code }
            if state.closeReason == nil { state.closeReason = "" }
        }
        // Cancelled outside the lock: cancellation runs the task's handlers on this thread, and
        // `finish` can be reached from the keep-alive task itself.
        keepAlive.withLock { $0 }?.cancel()
        connection.close()
    }

    // MARK: Sending

    /// Sends a text message in one frame.
    /// - Throws: `RuntimeError(.connectionClosed)` once closing started; transport errors and
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
        let closing = state.withLock { $0.closeSent || $0.finished }
        guard !closing else { throw RuntimeError(.connectionClosed, "the WebSocket connection is closing or closed") }
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
            throw RuntimeError(.invalidState, "unmasked serialized frames may only be sent by a server")
        }
        guard !bytes.isEmpty else { return }
        let closing = state.withLock { $0.closeSent || $0.finished }
        guard !closing else { throw RuntimeError(.connectionClosed, "the WebSocket connection is closing or closed") }
        try await writeBytes(bytes, deadline: deadline)
    }

    /// Sends a ping with `payload` (at most 125 bytes); the pong is consumed by whoever reads.
    package func sendPing(_ payload: [UInt8] = [], deadline: ContinuousClock.Instant? = nil) async throws {
        try await sendFrame(WebSocketFrame(opcode: .ping, payload: Array(payload.prefix(125))), deadline: deadline)
    }

    /// Sends any frame, as long as closing has not started. Meant for tests of peers' behaviour.
    package func sendFrame(_ frame: WebSocketFrame, deadline: ContinuousClock.Instant?) async throws {
        let closing = state.withLock { $0.closeSent || $0.finished }
        guard !closing else { throw RuntimeError(.connectionClosed, "the WebSocket connection is closing or closed") }
        try await writeFrame(frame, deadline: deadline)
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
            let failure = (error as? RuntimeError) ?? RuntimeError(.connectionClosed, "a send was cancelled; the connection is closed")
            finish(failure: failure, code: WebSocketCloseCode.abnormal)
            throw error
        }
    }

    // MARK: Closing

    /// Starts the closing handshake: sends a close frame with `code` and `reason`, then waits up
    /// to `closeTimeout` for the peer's close frame (discarding data messages, still answering
    /// pings) and closes the socket. If another task is receiving, that task sees the peer's
    /// close (its receive returns nil) and this call returns after sending, with the socket
    /// closed by `closeTimeout` at the latest. Idempotent.
    package func close(code: UInt16 = WebSocketCloseCode.normal, reason: String = "") async {
        let send = state.withLock { state in
            defer { state.closeSent = true }
            return !state.closeSent && !state.finished
        }
        let deadline = ContinuousClock.now + configuration.closeTimeout
        if send {
            let frame = WebSocketFrame(opcode: .close, payload: WebSocketCloseCode.payload(code: code, reason: reason))
            do { try await writeFrame(frame, deadline: deadline) } catch { return }
        }
        guard readGate.tryAcquire() else {
            let timeout = configuration.closeTimeout
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                self?.abort()
            }
            return
        }
        defer { readGate.release() }
        while !state.withLock({ $0.finished }) {
            guard let event = try? await nextEvent(deadline: deadline) else { break }
            if case .closed = try? await handle(event) { break }
        }
        finish(failure: nil, code: WebSocketCloseCode.abnormal)
    }

    /// Closes the socket at once without a closing handshake. Pending and later receives and
    /// sends fail with `RuntimeError(.connectionClosed)`. Idempotent.
    package func abort() {
        let already = state.withLock { $0.finished }
        guard !already else { return }
        finish(failure: RuntimeError(.connectionClosed, "the WebSocket connection was aborted"), code: WebSocketCloseCode.abnormal)
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
            let (finished, alive) = state.withLock { ($0.finished, $0.lastSign >= sentAt || $0.pending != nil) }
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
        while !state.withLock({ $0.finished || $0.lastSign >= sentAt }) {
            guard let event = try? await nextEvent(deadline: nil) else { return false }
            guard let outcome = try? await handle(event) else { continue }
            if case .message(let message) = outcome {
                state.withLock { $0.pending = message }
            }
            return true
        }
        return true
    }

    /// The keep-alive ping could not be written in time: fails the connection.
    private func failKeepAliveSend() {
        let failure = RuntimeError(.timedOut, "the keep-alive ping could not be sent within \(configuration.pongTimeout)")
        let fail = state.withLock { state in
            if state.finished { return false }
            state.failure = failure
            return true
        }
        if fail { finish(failure: failure, code: WebSocketCloseCode.abnormal) }
    }

    private func failKeepAlive(since sentAt: ContinuousClock.Instant) {
        let failure = RuntimeError(.timedOut, "no pong within \(configuration.pongTimeout) of a keep-alive ping")
        let fail = state.withLock { state in
            if state.finished || state.lastSign >= sentAt || state.pending != nil { return false }
            state.failure = failure
            return true
        }
        if fail { finish(failure: failure, code: WebSocketCloseCode.abnormal) }
    }
}
