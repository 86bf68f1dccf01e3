@testable import RuntimeIO
import RuntimeWire
import Synchronization

/// A plain-TCP HTTP peer on 127.0.0.1 that reads each request whole and then breaks the
/// connection: after part of a response, or before any byte of one. It counts the requests it
/// received, so a test can tell whether the client sent one twice.
final class BreakingPeer: Sendable {
    enum Break: Sendable {
        /// Writes a response head announcing a body and part of the body, then closes the connection.
        case closeAfterPartialResponse
        /// Resets the connection without writing a byte.
        case resetBeforeResponse
    }

    private let listener: TCPListener
    private let received = Mutex(0)
    private let acceptor = Mutex<Task<Void, Never>?>(nil)

    var port: Int { listener.port }

    /// How many whole requests arrived.
    var requestCount: Int { received.withLock { $0 } }

    init(_ action: Break) throws {
        listener = try TCPListener.bind()
        let task = Task { [self] in
            while let connection = try? await self.listener.accept() {
                var reader = HTTPMessageReader(connection: connection)
                let later = ContinuousClock.now + .seconds(30)
                guard let head = try? await reader.readRequestHead(limits: HTTPLimits(), deadline: later),
                      let framing = try? HTTPBodyFraming.request(head, limits: HTTPLimits()),
                      (try? await reader.readBody(framing, limits: HTTPLimits(), deadline: later)) != nil
                else {
                    connection.close()
                    continue
                }
                self.received.withLock { $0 += 1 }
                switch action {
                case .closeAfterPartialResponse:
                    let partial = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n{\"id\": \"j"
                    try? await connection.write(Array(partial.utf8), deadline: later)
                case .resetBeforeResponse:
                    (connection as? TCPConnection)?.resetOnClose()
                }
                connection.close()
            }
        }
        acceptor.withLock { $0 = task }
    }

    func shutdown() {
        listener.close()
        acceptor.withLock { $0 }?.cancel()
    }
}
