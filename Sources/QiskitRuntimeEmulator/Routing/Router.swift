import RuntimeIO
import RuntimeWire

/// Turns HTTP requests into calls on the service model and their results into responses.
///
/// Order of checks: route (404/405) → injected HTTP fault → access token (401) → handler.
/// Requests under `/api/v1` and `/identity` go to `V1Router` (the IBM Cloud way, bearer tokens).
struct Router: Sendable {
    let service: EmulatorService

    func handle(_ request: HTTPServerRequest) async -> HTTPServerAction {
        let target = RequestTarget(request.target)
        if V1Router.owns(target.segments) {
            return await V1Router(service: service).handle(request, target: target)
        }
        let route: Route
        switch Route.resolve(method: request.method, segments: target.segments) {
        case .notFound(let legacy):
            let message = "Not found: " + (target.segments.isEmpty ? "/" : "/" + target.segments.joined(separator: "/"))
            return .respond(failure(APIError(status: 404, code: "not_found", message: message), legacy: legacy))
        case .methodNotAllowed(let allowed, let legacy):
            var response = failure(
                APIError(status: 405, code: "method_not_allowed", message: "Method \(request.method) not allowed."),
                legacy: legacy)
            response.headers.add("Allow", allowed.joined(separator: ", "))
            return .respond(response)
        case .found(let found):
            route = found
        }

        let (faulted, malformed) = await applyFault(route)
        if let faulted { return .respond(faulted) }

        if route.needsToken, !service.isValidAccessToken(request.headers["X-Access-Token"]) {
            if route.isLegacy {
                return .respond(Responses.legacyError(401, name: "AUTHORIZATION_REQUIRED", message: "Authorization Required"))
            }
            return .respond(failure(
                APIError(status: 401, code: "unauthorized", message: "Invalid or missing access token."), legacy: false))
        }

        if case .stream(let jobID) = route {
            if let handler = service.streamHandler { return await handler(request, jobID) }
            return .respond(failure(
                APIError(status: 501, code: "not_implemented", message: "Result streaming is not available."), legacy: false))
        }

        var response: HTTPServerResponse
        do {
            // A cut body (fault) needs the whole body; otherwise large ones are streamed.
            if !malformed, let streamed = try streamed(route) { return streamed }
            response = try respond(route, request: request, target: target)
        } catch {
            response = failure(error, legacy: route.isLegacy)
        }
        if malformed { response.body = Responses.malformed(response.body) }
        return .respond(response)
    }

    /// The answer of `/jobs/{id}/interim_results` or `/jobs/{id}/results` when its body is over
    /// ``Responses/streamingThreshold``: streamed (chunked) as it is written, so that it is never
    /// held whole in memory, and a slow reader slows the writing down. `nil` for every other
    /// route and for smaller bodies, which ``respond(_:request:target:)`` answers.
    func streamed(_ route: Route) throws(APIError) -> HTTPServerAction? {
        switch route {
        case .interimResults(let id):
            let (job, now) = try service.job(id)
            let count = job.publishedCount(at: now)
            guard InterimResultSource.maxTextBytes(count: count, padding: job.interimPadding) > Responses.streamingThreshold else {
                return nil
            }
            let source = job.interimSource
            // The bytes `Responses.json(200, .array(texts))` makes, latest first.
            return .stream(Responses.streamHead(contentType: "application/json")) { writer in
                try await writer.write("[")
                for k in stride(from: count, through: 1, by: -1) {
                    if k != count { try await writer.write(",") }
                    try await writer.write(JSONWriter.writeBytes(.string(source.text(k)), style: .compact))
                }
                try await writer.write("]")
            }
        case .jobResults(let id):
            let (job, now) = try service.job(id)
            // A private job's result goes through `results(_:)`, which gives it out only once.
            guard job.status(at: now) == .completed, !job.malformedResults, !job.platform.isPrivate,
                  job.result.utf8.count > Responses.streamingThreshold else { return nil }
            let text = job.result
            return .stream(Responses.streamHead(contentType: "application/json")) { writer in
                let utf8 = text.utf8
                var index = utf8.startIndex
                while index < utf8.endIndex {
                    let next = utf8.index(index, offsetBy: HTTPResponseBodyWriter.flushThreshold, limitedBy: utf8.endIndex) ?? utf8.endIndex
                    try await writer.write(utf8[index..<next])
                    index = next
                }
            }
        default:
            return nil
        }
    }

    /// Consumes the first injected HTTP fault that hits `route`: a response to send instead of
    /// the handler's (status faults), or whether to cut the handler's body (malformed body).
    /// Delays are slept here.
    func applyFault(_ route: Route) async -> (response: HTTPServerResponse?, malformed: Bool) {
        guard let effect = service.consumeFault(route.endpoint) else { return (nil, false) }
        switch effect {
        case .status(let status):
            let code = (400...599).contains(status) ? status : 500
            return (failure(
                APIError(status: code, code: Responses.faultCode(code), message: "Injected fault: HTTP \(code)."),
                legacy: route.isLegacy), false)
        case .rateLimited(let seconds):
            var response = failure(
                APIError(status: 429, code: "rate_limited", message: "Too many requests (injected fault)."),
                legacy: route.isLegacy)
            response.headers.add("Retry-After", String(max(0, seconds)))
            return (response, false)
        case .delay(let duration):
            try? await Task.sleep(for: duration)
            return (nil, false)
        case .malformedBody:
            return (nil, true)
        }
    }

    func failure(_ error: APIError, legacy: Bool) -> HTTPServerResponse {
        var response: HTTPServerResponse
        if legacy {
            let name = error.status == 404 ? "NOT_FOUND" : error.code.uppercased()
            response = Responses.legacyError(error.status, name: name, message: error.message)
        } else {
            response = Responses.runtimeError(
                error.status, code: error.code, numericCode: error.numericCode, message: error.message, trace: service.nextTrace())
        }
        if let seconds = error.retryAfterSeconds { response.headers.add("Retry-After", String(seconds)) }
        return response
    }

    func respond(_ route: Route, request: HTTPServerRequest, target: RequestTarget) throws(APIError) -> HTTPServerResponse {
        switch route {
        case .version:
            return Responses.json(200, .object([
                JSONMember("new_api", .bool(true)),
                JSONMember("api", .string("qiskit-runtime-emulator")),
                JSONMember("api-auth", .string("qiskit-runtime-emulator")),
                JSONMember("api-runtime", .string("qiskit-runtime-emulator")),
            ]))
        case .login:
            return login(request)
        case .userInfo:
            return userInfo(request)
        case .network:
            return Responses.json(200, network)
        case .devices(let hub, let group, let project):
            let configuration = service.configuration
            guard hub == configuration.hub, group == configuration.group, project == configuration.project else {
                throw APIError(status: 404, code: "not_found", message: "Project not found: \(hub)/\(group)/\(project)")
            }
            return Responses.json(200, .array([DeviceCatalog.simulatorConfiguration]))
        case .submitJob:
            let job = try service.submit(body: try Self.jsonBody(request), bodyBytes: request.body.count).job
            return Responses.json(200, .object([JSONMember("id", .string(job.id)), JSONMember("backend", .string(job.backend))]))
        case .listJobs:
            return try listJobs(target) { $0.json(at: $1, includeParams: $2) }
        case .getJob(let id):
            let (job, now) = try service.job(id)
            let includeParams = target.queryValue("exclude_params")?.lowercased() != "true"
            return Responses.json(200, job.json(at: now, includeParams: includeParams))
        case .deleteJob(let id):
            try service.delete(id)
            return Responses.empty(204)
        case .jobResults(let id):
            return try results(id)
        case .jobLogs(let id):
            let (job, now) = try service.job(id)
            return Responses.text(200, job.logs(at: now), contentType: "text/plain; charset=utf-8")
        case .cancelJob(let id):
            try service.cancel(id)
            return Responses.empty(204)
        case .interimResults(let id):
            let (job, now) = try service.job(id)
            let count = job.publishedCount(at: now)
            let texts: [JSONValue] = count == 0 ? [] : (1...count).reversed().map { .string(job.interimPayload($0)) }
            return Responses.json(200, .array(texts))
        case .jobMetrics(let id):
            let (job, now) = try service.job(id)
            return Responses.json(200, job.metricsJSON(at: now, positionInQueue: service.queuePosition(of: job, at: now)))
        case .updateTags(let id):
            let body = try Self.jsonBody(request)
            guard let list = body["tags"]?.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw .badRequest("The body must be {\"tags\": [strings]}.")
            }
            try service.updateTags(id, tags: list.compactMap(\.stringValue))
            return Responses.empty(204)
        case .listPrograms:
            let all = BuiltInProgram.all
            let limit = Self.integer(target.queryValue("limit"), default: all.count, range: 1...1000)
            let offset = Self.integer(target.queryValue("offset"), default: 0, range: 0...Int.max)
            let page = all.dropFirst(min(offset, all.count)).prefix(limit)
            return Responses.json(200, .object([
                JSONMember("programs", .array(page.map(\.json))),
                JSONMember("count", .integer(Int64(all.count))),
                JSONMember("limit", .integer(Int64(limit))),
                JSONMember("offset", .integer(Int64(offset))),
            ]))
        case .getProgram(let id):
            guard let program = BuiltInProgram.find(id) else { throw .programNotFound(id) }
            return Responses.json(200, program.json)
        case .logout:
            if let token = request.headers["X-Access-Token"] { service.logout(token: token) }
            return Responses.empty(204)
        case .stream:
            throw APIError(status: 501, code: "not_implemented", message: "Result streaming is not available.")
        case .listBackends, .backendConfiguration, .backendProperties, .backendStatus, .usage, .createSession,
             .getSession, .updateSession, .closeSession:
            // Served by V1Router only; the runtime API has no such routes.
            throw APIError(status: 404, code: "not_found", message: "Not found.")
        }
    }

    private func login(_ request: HTTPServerRequest) -> HTTPServerResponse {
        let token = (try? JSONParser.parse(request.body))?["apiToken"]?.stringValue
        guard let token, let accessToken = service.login(apiToken: token) else {
            return Responses.legacyError(401, name: "AUTHORIZATION_REQUIRED", message: "Login failed.")
        }
        return Responses.json(200, .object([
            JSONMember("id", .string(accessToken)),
            JSONMember("ttl", .integer(1_209_600)),
            JSONMember("created", .string(ISOTimestamp.format(microseconds: service.now))),
            JSONMember("userId", .string("emulator-user")),
        ]))
    }

    private func userInfo(_ request: HTTPServerRequest) -> HTTPServerResponse {
        var base = service.configuration.publicBaseURL ?? ("http://" + (request.headers["Host"] ?? "127.0.0.1"))
        while base.hasSuffix("/") { base.removeLast() }
        let ws: String
        if base.hasPrefix("https://") {
            ws = "wss://" + base.dropFirst("https://".count)
        } else if base.hasPrefix("http://") {
            ws = "ws://" + base.dropFirst("http://".count)
        } else {
            ws = base
        }
        return Responses.json(200, .object([
            JSONMember("id", .string("emulator-user")),
            JSONMember("username", .string("emulator")),
            JSONMember("email", .string("emulator@localhost")),
            JSONMember("urls", .object([
                JSONMember("http", .string(base + "/api")),
                JSONMember("ws", .string(ws + "/api/ws")),
                JSONMember("services", .object([JSONMember("runtime", .string(base + "/runtime"))])),
            ])),
            JSONMember("terms", .object([JSONMember("accepted", .bool(true))])),
        ]))
    }

    private var network: JSONValue {
        let configuration = service.configuration
        return .array([.object([
            JSONMember("name", .string(configuration.hub)),
            JSONMember("isDefault", .bool(true)),
            JSONMember("groups", .object([JSONMember(configuration.group, .object([
                JSONMember("name", .string(configuration.group)),
                JSONMember("isDefault", .bool(true)),
                JSONMember("projects", .object([JSONMember(configuration.project, .object([
                    JSONMember("name", .string(configuration.project)),
                    JSONMember("isDefault", .bool(true)),
                ]))])),
            ]))])),
        ])])
    }

    /// `GET /jobs` of either API: paging, filters and `count`; `render` writes one job
    /// (job, now, include params) in the API's own shape.
    func listJobs(_ target: RequestTarget, render: (EmulatedJob, Int64, Bool) -> JSONValue) throws(APIError) -> HTTPServerResponse {
        let limit = Self.integer(target.queryValue("limit"), default: 200, range: 1...1000)
        let offset = Self.integer(target.queryValue("offset"), default: 0, range: 0...Int.max)
        let filter = try JobFilter(query: target)
        let includeParams = target.queryValue("exclude_params")?.lowercased() != "true"
        let (page, count, now) = service.listJobs(limit: limit, offset: offset, filter: filter)
        return Responses.json(200, .object([
            JSONMember("jobs", .array(page.map { render($0, now, includeParams) })),
            JSONMember("count", .integer(Int64(count))),
            JSONMember("limit", .integer(Int64(limit))),
            JSONMember("offset", .integer(Int64(offset))),
        ]))
    }

    /// `GET /jobs/{id}/results`; a private job's result is given once, then 404.
    private func results(_ id: String) throws(APIError) -> HTTPServerResponse {
        let (job, now) = try service.job(id)
        var response: HTTPServerResponse
        let status = job.status(at: now)
        if status.isFinal, job.platform.isPrivate, !service.takePrivateResult(id) {
            throw APIError(
                status: 404, code: "not_found",
                message: "The result of private job \(id) was already retrieved; private results are not kept.")
        }
        switch status {
        case .queued, .running:
            throw .conflict("Job is not in a final state; its result is not available yet.")
        case .completed:
            response = Responses.text(200, job.result, contentType: "application/json")
        case .failed, .cancelledRanTooLong:
            response = Responses.text(
                200, job.failureText,
                contentType: "text/plain; charset=utf-8")
        case .cancelled:
            response = Responses.text(200, "", contentType: "text/plain; charset=utf-8")
        }
        if job.malformedResults { response.body = Responses.malformed(response.body) }
        return response
    }

    /// A JSON request body; the Content-Type header is not required (PROTOCOL.md §1.2).
    static func jsonBody(_ request: HTTPServerRequest) throws(APIError) -> JSONValue {
        do {
            return try JSONParser.parse(request.body)
        } catch {
            throw .badRequest("The request body is not valid JSON.")
        }
    }

    /// A query integer; `fallback` when absent, malformed or outside `range` (as the service does).
    static func integer(_ text: String?, default fallback: Int, range: ClosedRange<Int>) -> Int {
        guard let text, let value = Int(text), range.contains(value) else { return fallback }
        return value
    }
}
