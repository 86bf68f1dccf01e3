import QiskitRuntime
import Synchronization

/// An `HTTPTransport` double: replies are scripted per `METHOD /path` (query ignored); the last
/// reply of a route repeats. Every request is recorded.
final class ScriptedTransport: HTTPTransport {
    enum Reply: Sendable {
        case response(RuntimeHTTPResponse)
        case failure(any Error & Sendable)
        /// Suspends until the calling task is cancelled.
        case hang
        case handler(@Sendable (RuntimeHTTPRequest) async throws -> RuntimeHTTPResponse)
    }

    private struct State {
        var routes: [String: [Reply]] = [:]
        var requests: [RuntimeHTTPRequest] = []
        var deadlines: [ContinuousClock.Instant] = []
    }

    private let state = Mutex(State())

    init() {}

    /// Scripts the replies of a route, in order.
    func on(_ method: String, _ path: String, _ replies: Reply...) {
        on(method, path, replies: replies)
    }

    /// Scripts the replies of a route, in order.
    func on(_ method: String, _ path: String, replies: [Reply]) {
        state.withLock { $0.routes[method + " " + path] = replies }
    }

    /// Scripts a JSON reply.
    func on(_ method: String, _ path: String, status: Int = 200, json: String, headers: [(name: String, value: String)] = []) {
        on(method, path, .response(RuntimeHTTPResponse(status: status, headers: RuntimeHTTPHeaders(headers), body: Array(json.utf8))))
    }

    var requests: [RuntimeHTTPRequest] { state.withLock { $0.requests } }

    /// The deadline each request was sent with, in order.
    var deadlines: [ContinuousClock.Instant] { state.withLock { $0.deadlines } }

    func requests(_ method: String, _ path: String) -> [RuntimeHTTPRequest] {
        requests.filter { $0.method == method && Self.path(of: $0.url) == path }
    }

    static func path(of url: String) -> String {
        guard let colon = url.firstIndex(of: ":") else { return url }
        let afterScheme = url[url.index(after: colon)...].drop { $0 == "/" }
        guard let slash = afterScheme.firstIndex(of: "/") else { return "/" }
        let pathAndQuery = afterScheme[slash...]
        return String(pathAndQuery.prefix { $0 != "?" })
    }

    static func query(of url: String) -> String {
        guard let mark = url.firstIndex(of: "?") else { return "" }
        return String(url[url.index(after: mark)...])
    }

    func send(_ request: RuntimeHTTPRequest, deadline: ContinuousClock.Instant) async throws -> RuntimeHTTPResponse {
        let key = request.method + " " + Self.path(of: request.url)
        let reply: Reply? = state.withLock { state in
            state.requests.append(request)
            state.deadlines.append(deadline)
            guard var replies = state.routes[key], let first = replies.first else { return nil }
            if replies.count > 1 {
                replies.removeFirst()
                state.routes[key] = replies
            }
            return first
        }
        switch reply {
        case nil:
            return RuntimeHTTPResponse(status: 404, body: Array("{\"errors\": [{\"code\": \"not_found\", \"message\": \"no route \(key)\"}]}".utf8))
        case .response(let response)?:
            return response
        case .failure(let error)?:
            throw error
        case .hang?:
            try await Task.sleep(for: .seconds(3600))
            throw RuntimeError(.timedOut, "hang ended")
        case .handler(let handler)?:
            return try await handler(request)
        }
    }
}

extension RuntimeHTTPRequest {
    func header(_ name: String) -> String? {
        headers.first(where: { $0.name.lowercased() == name.lowercased() })?.value
    }

    var bodyText: String { body.map { String(decoding: $0, as: UTF8.self) } ?? "" }
}
