import QiskitRuntime
import Synchronization

/// A transport that forwards to another one and counts the requests by method and path; it can
/// also fail the next matching request after the server answered, as a connection that broke
/// while the response was read ("the request may have been sent").
final class CountingTransport: HTTPTransport {
    private struct State {
        var counts: [String: Int] = [:]
        var breakAfterSending: [String: Int] = [:]
    }

    let base: any HTTPTransport
    private let state = Mutex(State())

    init(base: any HTTPTransport) {
        self.base = base
    }

    /// How many requests `"<METHOD> <path>"` were sent (path without query, from `/runtime` or `/api` on).
    func count(_ key: String) -> Int {
        state.withLock { $0.counts[key, default: 0] }
    }

    /// The next `times` requests `"<METHOD> <path>"` reach the server, then fail as a broken connection.
    func breakAfterSending(_ key: String, times: Int = 1) {
        state.withLock { $0.breakAfterSending[key] = times }
    }

    func send(_ request: RuntimeHTTPRequest, deadline: ContinuousClock.Instant) async throws -> RuntimeHTTPResponse {
        let key = request.method + " " + Self.path(of: request.url)
        let shouldBreak = state.withLock { state -> Bool in
            state.counts[key, default: 0] += 1
            guard let remaining = state.breakAfterSending[key], remaining > 0 else { return false }
            state.breakAfterSending[key] = remaining - 1
            return true
        }
        let response = try await base.send(request, deadline: deadline)
        if shouldBreak {
            throw HTTPTransportFailure(
                error: RuntimeError(.connectionClosed, "connection closed while reading the response"),
                requestMayHaveBeenSent: true)
        }
        return response
    }

    /// `/runtime/jobs/x` from `http://127.0.0.1:1234/runtime/jobs/x?limit=1`.
    static func path(of url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        rest = rest[slash...]
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        return String(rest)
    }
}
