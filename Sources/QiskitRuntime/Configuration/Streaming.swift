extension RuntimeConfiguration {
    /// How a job's websocket (`/stream/jobs/{id}`) is used by
    /// ``RuntimeJob/interimResults()`` and by the completion watcher of ``CompletionMode/automatic``.
    ///
    /// ```swift
    /// var configuration = RuntimeConfiguration(account: account)
    /// configuration.streaming.pingInterval = .seconds(30)
    /// configuration.streaming.maximumReconnects = 8
    /// ```
    public struct Streaming: Sendable, Hashable {
        /// How often a keep-alive ping is sent on an open stream; `nil` sends none. Default 60 s.
        public var pingInterval: Duration?
        /// How long the answer to a keep-alive ping may take before the connection counts as lost
        /// (and is re-established). Default 10 s.
        public var pongTimeout: Duration
        /// How many times in a row a lost or refused connection is retried before the stream
        /// throws `RuntimeError.Code.reconnectsExhausted` (or the completion watcher falls back
        /// to polling). A connection counts as failed unless it delivered a new interim result
        /// (live or caught up over REST) or the job's end: an acknowledgement alone does not
        /// count. Default 5.
        public var maximumReconnects: Int
        /// The wait before the first retry; the n-th retry waits `initialBackoff · 2^(n−1)`,
        /// at most ``maximumBackoff``. Default 0.5 s.
        public var initialBackoff: Duration
        /// The longest wait between two retries. Default 8 s.
        public var maximumBackoff: Duration
        /// The largest interim-result message accepted; a larger one closes the connection with
        /// 1009 and counts as a lost connection. Default 16 MiB.
        public var maximumMessageBytes: Int
        /// The longest any websocket write may take (pongs, close frames, keep-alive pings wait
        /// at most ``pongTimeout``): a peer that stops reading fails the connection with
        /// `RuntimeError.Code.timedOut` (and it is re-established) instead of wedging it.
        /// Default 10 s.
        public var writeTimeout: Duration
        /// How often the job's status is also read over REST while its websocket is open (by
        /// the completion watcher and by an interim-result stream), so that a websocket that
        /// never reports the end — a proxy that holds it open, a silent or misbehaving server —
        /// delays `result()`, `waitForFinalState()` and the end of a stream by at most this long
        /// once the job is final. The watcher uses the larger of this and the poll interval.
        /// Default 5 s: the Python client's poll interval, so a waiting job never costs more
        /// requests than the Python client's polling, and a job that ends within it costs none.
        public var statusCheckInterval: Duration

        /// Creates the options with the Qiskit client's defaults.
        public init(
            pingInterval: Duration? = .seconds(60), pongTimeout: Duration = .seconds(10), maximumReconnects: Int = 5,
            initialBackoff: Duration = .milliseconds(500), maximumBackoff: Duration = .seconds(8),
            maximumMessageBytes: Int = 16 << 20, writeTimeout: Duration = .seconds(10),
            statusCheckInterval: Duration = .seconds(5)
        ) {
            self.pingInterval = pingInterval
            self.pongTimeout = pongTimeout
            self.maximumReconnects = maximumReconnects
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
            self.maximumMessageBytes = maximumMessageBytes
            self.writeTimeout = writeTimeout
            self.statusCheckInterval = statusCheckInterval
        }

        /// The wait before retry number `attempt` (1 for the first): `base · 2^(attempt−1)`, capped.
        func backoff(beforeRetry attempt: Int) -> Duration {
            var delay = initialBackoff
            var step = 1
            while step < attempt, delay < maximumBackoff {
                delay = delay * 2
                step += 1
            }
            return min(delay, maximumBackoff)
        }
    }
}
