import QiskitRuntime
import Synchronization

/// Where the figures read a job's interim results from: the SDK's `RuntimeJob.interimResults()`
/// (or, for comparison, RuntimeIO's raw `WebSocketClient`). Either way the stream connects on the
/// first `next()` and decodes each result to a `RuntimeValue` in the consumer's task.
enum InterimSource {
    /// `"sdk"` or `"websocket"`, for the figures' `via`.
    static let via = "sdk"

    /// The interim results of `job`, as an `AsyncThrowingStream` pulled on demand.
    static func stream(of job: RuntimeJob, baseURL: String) -> AsyncThrowingStream<RuntimeValue, any Error> {
        job.interimResults()
    }

    /// The raw-websocket stream of `job` (RuntimeIO's `WebSocketClient`), for comparison.
    static func websocketStream(of job: RuntimeJob, baseURL: String) -> AsyncThrowingStream<RuntimeValue, any Error> {
        let socket = SocketBox(baseURL: baseURL, jobID: job.jobID)
        return AsyncThrowingStream(unfolding: { try await socket.next() })
    }
}

/// A job's websocket stream opened on first use (the raw-websocket `InterimSource`); one consumer.
private final class SocketBox: Sendable {
    private let baseURL: String
    private let jobID: String
    private let socket = Mutex<JobStreamSocket?>(nil)

    init(baseURL: String, jobID: String) {
        self.baseURL = baseURL
        self.jobID = jobID
    }

    func next() async throws -> RuntimeValue? {
        if let open = socket.withLock({ $0 }) { return try await open.next() }
        let opened = try await JobStreamSocket.open(baseURL: baseURL, jobID: jobID)
        socket.withLock { $0 = opened }
        return try await opened.next()
    }
}
