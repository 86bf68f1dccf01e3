import QiskitRuntime
import Synchronization

/// An `HTTPTransport` that counts the requests the SDK sends through it, then hands them to the
/// package's own transport (`RuntimeHTTPTransport`). The count is the client side of
/// `http_requests_per_job`.
final class CountingTransport: HTTPTransport {
    private let inner = RuntimeHTTPTransport()
    private let sent = Atomic<Int>(0)

    /// Requests sent so far.
    var count: Int { sent.load(ordering: .relaxed) }

    func send(_ request: HTTPRequest, deadline: ContinuousClock.Instant) async throws -> HTTPResponse {
        sent.add(1, ordering: .relaxed)
        return try await inner.send(request, deadline: deadline)
    }

    /// Closes the pooled connections.
    func shutdown() {
        inner.shutdown()
    }
}
