import RuntimeIO

extension EmulatorService {
    /// Serves one HTTP request: the legacy `/api` endpoints and the runtime REST endpoints
    /// under `/runtime` (PROTOCOL.md §1.5, §2). Plug it into `HTTPServer` as its handler.
    package func handle(_ request: HTTPServerRequest) async -> HTTPServerAction {
        handledRequests.add(1, ordering: .relaxed)
        return await Router(service: self).handle(request)
    }

    /// How many HTTP requests (websocket upgrades included) this service has handled.
    package var requestCount: Int { handledRequests.load(ordering: .relaxed) }
}
