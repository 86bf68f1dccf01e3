import RuntimeIO

extension EmulatorService {
    /// Serves one HTTP request: the legacy `/api` endpoints, the runtime REST endpoints under
    /// `/runtime` (PROTOCOL.md §1.5, §2), and the IBM Cloud way — `POST /identity/token` and the
    /// job endpoints under `/api/v1` (§1.6). Plug it into `HTTPServer` as its handler.
    package func handle(_ request: HTTPServerRequest) async -> HTTPServerAction {
        handledRequests.add(1, ordering: .relaxed)
        return await RequestPipeline(service: self).handle(request)
    }

    /// How many HTTP requests (websocket upgrades included) this service has handled.
    package var requestCount: Int { handledRequests.load(ordering: .relaxed) }
}
