extension RuntimeConfiguration {
    /// How ``RuntimeJob/result(timeout:pollInterval:)`` and
    /// ``RuntimeJob/waitForFinalState(timeout:pollInterval:)`` learn that a job finished.
    public enum CompletionMode: Sendable, Hashable {
        /// On a service that streams (``RuntimeService/supportsStreaming``), a watcher opens the
        /// job's websocket while somebody waits and learns of the end from its close code 1000
        /// (then reads the status once to confirm it): the wait ends within milliseconds of the
        /// job, for one upgrade and one status request. When the websocket cannot be opened or
        /// keeps failing, the watcher falls back to status polling at the poll interval. On a
        /// service without streaming this is ``polling``.
        case automatic
        /// Reads the job's status every poll interval until it is final.
        case polling
    }
}
