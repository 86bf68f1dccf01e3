import QiskitRuntime
import Synchronization

/// An `HTTPTransport` that counts the requests the SDK sends through it and the bytes of their
/// answers, then hands them to the package's own transport (`RuntimeHTTPTransport`). The count
/// is the client side of `http_requests_per_job`; the bytes are those of `status_poll_bytes`. A
/// GET can be answered locally instead (``substitute(_:forURLsEndingWith:)``): how
/// `result_latency_during_decode_ms` gives a job of the emulator a 200 MB result.
final class CountingTransport: HTTPTransport {
    private let inner = RuntimeHTTPTransport()
    private let sent = Atomic<Int>(0)
    private let received = Atomic<Int>(0)
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

    /// Bytes received so far: each response's head, rebuilt from the parsed head (the status line
    /// as `HTTP/1.1 200 OK`, each field as `name: value` with its line end, the blank line), plus
    /// its body after de-chunking.
    var bytesReceived: Int { received.load(ordering: .relaxed) }

    func send(_ request: RuntimeHTTPRequest, deadline: ContinuousClock.Instant) async throws -> RuntimeHTTPResponse {
        sent.add(1, ordering: .relaxed)
        if request.method == "POST", request.url.hasSuffix("/jobs") { submissions.add(1, ordering: .relaxed) }
        if request.method == "GET", let body = substitutes.withLock({ list in
            list.first { request.url.hasSuffix($0.suffix) }?.body
        }) {
            return RuntimeHTTPResponse(status: 200, body: body)
        }
        let response = try await inner.send(request, deadline: deadline)
        received.add(Self.wireSize(response), ordering: .relaxed)
        return response
    }

    /// The size of `response` on the wire, as far as the parsed form tells.
    static func wireSize(_ response: RuntimeHTTPResponse) -> Int {
        let statusLine = "HTTP/1.1 \(response.status) OK\r\n".utf8.count
        let fields = response.headers.reduce(0) { $0 + $1.name.utf8.count + 2 + $1.value.utf8.count + 2 }
        return statusLine + fields + 2 + response.body.count
    }

    /// Closes the pooled connections.
    func shutdown() async {
        await inner.shutdown()
    }
}
