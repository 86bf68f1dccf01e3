import QiskitRuntime
import RuntimeIO
import RuntimeWire

/// One job's interim-result stream read with RuntimeIO's raw `WebSocketClient` from the
/// emulator's `/runtime/stream/jobs/{id}` (the figures' `"via": "websocket"` path): the first
/// text frame (the ACK) is dropped, every later text frame is decoded to a `RuntimeValue` in the
/// reading task, as the SDK's stream does; close 1000 ends it.
struct JobStreamSocket {
    let connection: WebSocketConnection

    /// Connects to the stream of `jobID` and reads its ACK.
    static func open(baseURL: String, jobID: String) async throws -> JobStreamSocket {
        let url = "ws" + baseURL.dropFirst("http".count) + "/runtime/stream/jobs/" + jobID
        let connection = try await WebSocketClient.connect(
            url: url, headers: HTTPHeaders([("X-Access-Token", BenchClient.accessToken)]),
            deadline: .now + .seconds(60))
        guard case .text? = try await connection.receive() else {
            throw BenchFailure("stream of \(jobID): no ACK frame")
        }
        return JobStreamSocket(connection: connection)
    }

    /// The next interim result, decoded; nil when the server closed the stream (the job is final).
    func next() async throws -> RuntimeValue? {
        while let message = try await connection.receive() {
            if case .text(let text) = message {
                return try RuntimeValueDecoder().decode(text)
            }
        }
        return nil
    }
}
