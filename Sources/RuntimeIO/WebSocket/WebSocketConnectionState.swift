import RuntimeWire

/// The lifecycle of a ``WebSocketConnection`` without any I/O: which phase it is in, what a
/// caller must do next (send a close frame, echo the peer's, answer a ping, close the socket),
/// the message stashed by the keep-alive and the last sign of life. The connection holds it
/// under one lock, asks it, and performs the answer outside the lock; it is tested on its own.
package struct WebSocketConnectionState: Sendable {
    /// The peer's close frame: its code (nil when it had none) and reason.
    package struct PeerClose: Sendable, Hashable {
        package var code: UInt16?
        package var reason: String
    }

    package enum Phase: Sendable, Hashable {
        /// Frames flow both ways.
        case open
        /// A close frame went out or is going out (`sent`: its code, nil for an empty one), so
        /// nothing else may be sent; `received` is the peer's close frame once it arrived.
        case closing(sent: UInt16?, received: PeerClose?)
        /// The socket is closed. `code` and `reason` are what ``WebSocketConnection/closeCode``
        /// and ``WebSocketConnection/closeReason`` report; `failure` is what later receives throw
        /// (nil after a clean close: they return nil).
        case closed(code: UInt16, reason: String, failure: WireError?)
    }

    /// What a receiver does before reading: deliver the stashed message, end, or read.
    package enum Early: Sendable, Hashable {
        case message(WebSocketMessage)
        case cleanlyClosed
        case failed(WireError)
    }

    package private(set) var phase: Phase = .open
    /// One data message the keep-alive read on an idle consumer's behalf.
    package private(set) var pending: WebSocketMessage?
    /// When the last frame of any kind arrived (or the connection opened).
    package private(set) var lastSign: ContinuousClock.Instant
    /// How many pongs arrived (diagnostics and tests).
    package private(set) var pongCount = 0

    package init(now: ContinuousClock.Instant) {
        lastSign = now
    }

    // MARK: Queries

    package var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    /// Whether data may still be sent: not once a close frame went out or the socket closed.
    package var maySend: Bool { phase == .open }

    /// The peer's close code once closed (1005: a close frame without a code; 1006: no close
    /// frame), or the code we sent when we failed the connection; the peer's code as soon as its
    /// close frame arrived.
    package var closeCode: UInt16? {
        switch phase {
        case .open: nil
        case .closing(_, let received): received.map { $0.code ?? WebSocketCloseCode.noStatus }
        case .closed(let code, _, _): code
        }
    }

    package var closeReason: String? {
        switch phase {
        case .open: nil
        case .closing(_, let received): received?.reason
        case .closed(_, let reason, _): reason
        }
    }

    /// Whether anything arrived since `instant`, or a message is stashed.
    package func heardFrom(since instant: ContinuousClock.Instant) -> Bool {
        lastSign >= instant || pending != nil
    }

    // MARK: Receiving

    /// What a receiver does first: the stashed message (taken), the end, or nil to read.
    package mutating func takeEarly() -> Early? {
        if let message = pending {
            pending = nil
            return .message(message)
        }
        guard case .closed(_, _, let failure) = phase else { return nil }
        return failure.map(Early.failed) ?? .cleanlyClosed
    }

    /// Whether a message may be taken from the buffer without the full receive path: open and
    /// nothing stashed.
    package var mayTakeBuffered: Bool { phase == .open && pending == nil }

    /// A frame of any kind arrived at `now`.
    package mutating func heard(at now: ContinuousClock.Instant) {
        lastSign = now
    }

    /// A data message arrived: whether to deliver it (once closing started, it is discarded).
    package mutating func receivedMessage(at now: ContinuousClock.Instant) -> Bool {
        lastSign = now
        return phase == .open
    }

    /// A ping arrived: whether to answer it with a pong (not once closing started).
    package mutating func receivedPing(at now: ContinuousClock.Instant) -> Bool {
        lastSign = now
        return phase == .open
    }

    package mutating func receivedPong(at now: ContinuousClock.Instant) {
        lastSign = now
        pongCount += 1
    }

    /// The keep-alive read `message` for an idle consumer: kept for the next receive.
    package mutating func stash(_ message: WebSocketMessage) {
        pending = message
    }

    /// The peer's close frame arrived: whether to echo it (true when we had not sent one). The
    /// caller then echoes (best effort) and calls ``finish(failure:code:)``.
    package mutating func receivedClose(code: UInt16?, reason: String) -> Bool {
        let peer = PeerClose(code: code, reason: reason)
        switch phase {
        case .open:
            phase = .closing(sent: code, received: peer)
            return true
        case .closing(let sent, nil):
            phase = .closing(sent: sent, received: peer)
            return false
        case .closing, .closed:
            return false
        }
    }

    // MARK: Closing

    /// Starts closing with `code`: whether the caller must send the close frame (false when one
    /// went out already or the socket is closed).
    package mutating func beginClose(code: UInt16?) -> Bool {
        guard phase == .open else { return false }
        phase = .closing(sent: code, received: nil)
        return true
    }

    /// Closes: the first outcome wins. With the peer's close frame received, its code and reason
    /// are reported, else `code` (1006 when nil). Returns whether the connection was not closed
    /// yet (the caller then closes the socket and stops the keep-alive; doing it again is
    /// harmless).
    @discardableResult
    package mutating func finish(failure: WireError?, code: UInt16?) -> Bool {
        switch phase {
        case .closing(_, let received?):
            phase = .closed(code: received.code ?? WebSocketCloseCode.noStatus, reason: received.reason, failure: failure)
        case .open, .closing(_, nil):
            phase = .closed(code: code ?? WebSocketCloseCode.abnormal, reason: "", failure: failure)
        case .closed:
            return false
        }
        return true
    }

    /// The failure already recorded, if the connection is closed with one.
    package var failure: WireError? {
        guard case .closed(_, _, let failure) = phase else { return nil }
        return failure
    }

    /// Closes at once without a handshake: whether it was not closed yet.
    package mutating func abort() -> Bool {
        finish(failure: WireError(.connectionClosed, "the WebSocket connection was aborted"), code: WebSocketCloseCode.abnormal)
    }

    /// A read failed with `error`: closes (1006) and returns the error the receiver throws. A
    /// failure recorded first (a keep-alive timeout, an abort) wins over the read's own error;
    /// cancellation is rethrown as it is.
    package mutating func readFailed(_ error: any Error) -> any Error {
        let cancelled = error is CancellationError
        if let stored = failure { return cancelled ? error : stored }
        let failure: WireError
        if cancelled {
            failure = WireError(.connectionClosed, "a receive was cancelled; the connection is closed")
        } else {
            failure = (error as? WireError) ?? WireError(.connectionClosed, "\(error)")
        }
        finish(failure: failure, code: WebSocketCloseCode.abnormal)
        return cancelled ? error : failure
    }

    /// A write failed with `error`: closes (1006), as a frame may be half sent. Returns whether
    /// the connection was not closed yet.
    package mutating func writeFailed(_ error: any Error) -> Bool {
        let failure = (error as? WireError) ?? WireError(.connectionClosed, "a send was cancelled; the connection is closed")
        return finish(failure: failure, code: WebSocketCloseCode.abnormal)
    }

    // MARK: Keep-alive

    /// The keep-alive ping could not be written in time: whether this fails the connection.
    package mutating func keepAliveSendFailed(_ failure: WireError) -> Bool {
        finish(failure: failure, code: WebSocketCloseCode.abnormal)
    }

    /// No sign of life within the pong timeout of the ping sent at `sentAt`: whether this fails
    /// the connection (not when something arrived meanwhile or it is closed already).
    package mutating func keepAliveExpired(since sentAt: ContinuousClock.Instant, failure: WireError) -> Bool {
        guard !heardFrom(since: sentAt) else { return false }
        return finish(failure: failure, code: WebSocketCloseCode.abnormal)
    }
}
