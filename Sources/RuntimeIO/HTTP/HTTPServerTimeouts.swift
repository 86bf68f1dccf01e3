/// How long the HTTP server waits for a peer before it closes the connection, so that idle and
/// slow peers (slowloris) hold a connection slot for a bounded time. `nil` waits forever.
///
/// | Phase | Limit | Counted from |
/// |---|---|---|
/// | a connection's first request head | ``requestHead`` | the accept |
/// | waiting for the next request on a kept-alive connection | ``keepAliveIdle`` | the end of the previous response |
/// | a later request's head | ``requestHead`` | its first byte |
/// | a whole request, head and body | ``request`` | as its head |
/// | each write of a response (each chunk of a streamed body) | ``write`` | the write |
///
/// A connection that runs out of time is closed without a response (a request still arriving
/// has nobody to answer to). "First byte" is measured when the server first has to wait for more
/// of a request, which is never later than the byte's arrival.
package struct HTTPServerTimeouts: Sendable, Hashable {
    /// The longest a request head may take to arrive.
    package var requestHead: Duration?
    /// The longest a kept-alive connection may stay idle between requests.
    package var keepAliveIdle: Duration?
    /// The longest a whole request (head and body) may take to arrive.
    package var request: Duration?
    /// The longest one write of a response may wait for the peer to read.
    package var write: Duration?

    /// 30 s for a request head, 60 s of keep-alive idle, 120 s for a whole request, 60 s per write.
    package init(
        requestHead: Duration? = .seconds(30), keepAliveIdle: Duration? = .seconds(60), request: Duration? = .seconds(120),
        write: Duration? = .seconds(60)
    ) {
        self.requestHead = requestHead
        self.keepAliveIdle = keepAliveIdle
        self.request = request
        self.write = write
    }

    /// Until when the server waits for the first byte of a request: for the connection's first
    /// request, the head (and request) limit counted from the accept at `since`; for a later one,
    /// the keep-alive limit counted from the end of the previous response at `since`.
    package func firstByteDeadline(since: ContinuousClock.Instant, firstRequest: Bool) -> ContinuousClock.Instant? {
        firstRequest ? Self.earliest(since, requestHead, request) : Self.deadline(since, keepAliveIdle)
    }

    /// Until when the head of a request that started at `start` may arrive.
    package func headDeadline(start: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        Self.earliest(start, requestHead, request)
    }

    /// Until when the body of a request that started at `start` may arrive.
    package func bodyDeadline(start: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        Self.deadline(start, request)
    }

    /// Until when a write started at `start` may wait.
    package func writeDeadline(start: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        Self.deadline(start, write)
    }

    private static func deadline(_ start: ContinuousClock.Instant, _ limit: Duration?) -> ContinuousClock.Instant? {
        limit.map { start + $0 }
    }

    private static func earliest(_ start: ContinuousClock.Instant, _ a: Duration?, _ b: Duration?) -> ContinuousClock.Instant? {
        switch (a, b) {
        case (let a?, let b?): return start + min(a, b)
        case (let a?, nil): return start + a
        case (nil, let b?): return start + b
        case (nil, nil): return nil
        }
    }
}
