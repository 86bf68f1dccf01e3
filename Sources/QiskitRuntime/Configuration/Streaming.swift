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
        /// throws `RuntimeError.Code.reconnectsExhausted`. The count starts again at every
        /// message received. Default 5.
        public var maximumReconnects: Int
        /// The wait before the first retry; the n-th retry waits `reconnectBackoffBase · 2^(n−1)`,
        /// at most ``reconnectBackoffMaximum``. Default 0.5 s.
        public var reconnectBackoffBase: Duration
        /// The longest wait between two retries. Default 8 s.
        public var reconnectBackoffMaximum: Duration
        /// The largest interim-result message accepted; a larger one closes the connection with
        /// 1009 and counts as a lost connection. Default 16 MiB.
        public var maximumMessageBytes: Int

        /// Creates the options with the Qiskit client's defaults.
        public init(
            pingInterval: Duration? = .seconds(60), pongTimeout: Duration = .seconds(10), maximumReconnects: Int = 5,
            reconnectBackoffBase: Duration = .milliseconds(500), reconnectBackoffMaximum: Duration = .seconds(8),
            maximumMessageBytes: Int = 16 << 20
        ) {
            self.pingInterval = pingInterval
            self.pongTimeout = pongTimeout
            self.maximumReconnects = maximumReconnects
            self.reconnectBackoffBase = reconnectBackoffBase
            self.reconnectBackoffMaximum = reconnectBackoffMaximum
            self.maximumMessageBytes = maximumMessageBytes
        }

        /// The wait before retry number `attempt` (1 for the first): `base · 2^(attempt−1)`, capped.
        func backoff(beforeRetry attempt: Int) -> Duration {
            var delay = reconnectBackoffBase
            var step = 1
            while step < attempt, delay < reconnectBackoffMaximum {
                delay = delay * 2
                step += 1
            }
            return min(delay, reconnectBackoffMaximum)
        }
    }
}
