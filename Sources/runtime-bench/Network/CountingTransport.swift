import QiskitRuntime
import Synchronization

/// An `HTTPTransport` that counts the requests the SDK sends through it, then hands them to the
/// package's own transport (`RuntimeHTTPTransport`). The count is the client side of
/// `http_requests_per_job`. A GET can be answered locally instead (``substitute(_:forURLsEndingWith:)``):
/// how `result_latency_during_decode_ms` gives a job of the emulator a 200 MB result.
final class CountingTransport: HTTPTransport {
    private let inner = RuntimeHTTPTransport()
    private let sent = Atomic<Int>(0)
    private let submissions = Atomic<Int>(0)
    private let substitutes = Mutex<[(suffix: String, body: [UInt8])]>([])

    /// Requests sent so far.
    var count: Int { sent.load(ordering: .relaxed) }

    /// `POST …/jobs` requests (job submissions) sent so far.
    var posts: Int { submissions.load(ordering: .relaxed) }

    /// Answers GETs whose URL ends with `suffix` with status 200 and `body`, without sending them.
    func substitute(_ body: [UInt8], forURLsEndingWith suffix: String) {
        substitutes.withLock { $0.append((suffix, body)) }
    }

    func send(_ request: HTTPRequest, deadline: ContinuousClock.Instant) async throws -> HTTPResponse {
        sent.add(1, ordering: .relaxed)
        if request.method == "POST", request.url.hasSuffix("/jobs") { submissions.add(1, ordering: .relaxed) }
        if request.method == "GET", let body = substitutes.withLock({ list in
            list.first { request.url.hasSuffix($0.suffix) }?.body
        }) {
            return HTTPResponse(status: 200, body: body)
        }
        return try await inner.send(request, deadline: deadline)
    }

    /// Closes the pooled connections.
    func shutdown() {
        inner.shutdown()
    }
}
