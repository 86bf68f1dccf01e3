import RuntimeIO
import RuntimeWire

/// The handlers of every endpoint, for the API the request came through: turn a routed,
/// admitted and authenticated request into a call on the service model and its result into a
/// response. The job routes the runtime and v1 APIs share differ only in the shape of a job
/// (`json` or `v1JSON`), of its metrics and of a submission.
struct EndpointHandlers: Sendable {
    let service: EmulatorService
    let api: ServiceAPI

    func respond(_ route: Route, request: HTTPServerRequest, target: RequestTarget) throws(APIError) -> HTTPServerResponse {
        let v1 = api == .v1
        switch route.endpoint {
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
        case .devices:
            let configuration = service.configuration
            let (hub, group, project) = (route.parameter(0), route.parameter(1), route.parameter(2))
            guard hub == configuration.hub, group == configuration.group, project == configuration.project else {
                throw APIError(status: 404, code: "not_found", message: "Project not found: \(hub)/\(group)/\(project)")
            }
            return Responses.json(200, .array([DeviceCatalog.simulatorConfiguration]))
        case .submitJob:
            return v1 ? try submitV1(request) : try submit(request)
        case .listJobs:
            return try listJobs(target) { v1 ? $0.v1JSON(at: $1, includeParams: $2) : $0.json(at: $1, includeParams: $2) }
        case .getJob:
            let (job, now) = try service.job(route.id)
            let includeParams = target.queryValue("exclude_params")?.lowercased() != "true"
            return Responses.json(200, v1 ? job.v1JSON(at: now, includeParams: includeParams) : job.json(at: now, includeParams: includeParams))
        case .deleteJob:
            try service.delete(route.id)
            return Responses.empty(204)
        case .jobResults:
            return try results(route.id, v1: v1)
        case .jobLogs:
            let (job, now) = try service.job(route.id)
            return Responses.text(200, job.logs(at: now), contentType: "text/plain; charset=utf-8")
        case .cancelJob:
            try service.cancel(route.id)
            return Responses.empty(204)
        case .interimResults:
            let (job, now) = try service.job(route.id)
            let count = job.publishedCount(at: now)
            let texts: [JSONValue] = count == 0 ? [] : (1...count).reversed().map { .string(job.interimPayload($0)) }
            return Responses.json(200, .array(texts))
        case .jobMetrics:
            let (job, now) = try service.job(route.id)
            let position = service.queuePosition(of: job, at: now)
            if v1 {
                return Responses.json(200, job.v1MetricsJSON(
                    at: now, positionInQueue: position, apiVersion: request.headers["IBM-API-Version"]))
            }
            return Responses.json(200, job.metricsJSON(at: now, positionInQueue: position))
        case .updateTags:
            let body = try Self.jsonBody(request)
            guard let list = body["tags"]?.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw .badRequest("The body must be {\"tags\": [strings]}.")
            }
            try service.updateTags(route.id, tags: list.compactMap(\.stringValue))
            return Responses.empty(204)
        case .listPrograms:
            // An absent, malformed or out-of-range limit means all (at most 1,000).
            let limit = target.queryValue("limit").flatMap(Int.init).flatMap { (1...1000).contains($0) ? $0 : nil }
            let offset = Self.integer(target.queryValue("offset"), default: 0, range: 0...Int.max)
            let (page, count, used) = service.listPrograms(limit: limit, offset: offset)
            return Responses.json(200, .object([
                JSONMember("programs", .array(page)),
                JSONMember("count", .integer(Int64(count))),
                JSONMember("limit", .integer(Int64(used))),
                JSONMember("offset", .integer(Int64(offset))),
            ]))
        case .getProgram:
            return Responses.json(200, try service.programJSON(route.id))
        case .uploadProgram:
            let id = try service.uploadProgram(body: try Self.jsonBody(request))
            return Responses.json(201, .object([JSONMember("id", .string(id))]))
        case .updateProgramData:
            try service.updateProgramData(route.id, body: request.body)
            return Responses.empty(204)
        case .updateProgram:
            try service.updateProgram(route.id, body: try Self.jsonBody(request))
            return Responses.empty(204)
        case .makeProgramPublic, .makeProgramPrivate:
            try service.setProgramVisibility(route.id, isPublic: route.endpoint == .makeProgramPublic)
            return Responses.empty(204)
        case .deleteProgram:
            try service.deleteProgram(route.id)
            return Responses.empty(204)
        case .logout:
            if let token = request.headers["X-Access-Token"] { service.logout(token: token) }
            return Responses.empty(204)
        case .stream:
            // The pipeline hands the websocket upgrade to the stream layer, when there is one.
            throw APIError(status: 501, code: "not_implemented", message: "Result streaming is not available.")
        case .listBackends:
            let includeMocks = target.queryValue("include_mocks")?.lowercased() == "true"
            return Responses.json(200, service.backendsJSON(includeMocks: includeMocks))
        case .backendConfiguration:
            return Responses.json(200, try service.backend(route.id).configuration)
        case .backendProperties:
            return Responses.json(200, try service.backend(route.id).properties ?? .fields([]))
        case .backendStatus:
            return Responses.json(200, try service.backendStatusJSON(route.id))
        case .usage:
            return Responses.json(200, service.usageJSON())
        case .createSession:
            let (session, now) = try service.createSession(body: try Self.jsonBody(request))
            return Responses.json(200, EmulatorService.sessionJSON(session, spans: [], at: now))
        case .getSession:
            let (session, spans, now) = try service.session(route.id)
            return Responses.json(200, EmulatorService.sessionJSON(session, spans: spans, at: now))
        case .updateSession:
            try service.updateSession(route.id, body: try Self.jsonBody(request))
            return Responses.empty(204)
        case .closeSession:
            try service.cancelSession(route.id)
            return Responses.empty(204)
        }
    }

    /// `POST /runtime/jobs`.
    private func submit(_ request: HTTPServerRequest) throws(APIError) -> HTTPServerResponse {
        let job = try service.submit(body: try Self.jsonBody(request), bodyBytes: request.body.count).job
        return Responses.json(200, .object([JSONMember("id", .string(job.id)), JSONMember("backend", .string(job.backend))]))
    }

    /// `POST /api/v1/jobs`: the body has no hub, group or project; any sent are ignored.
    private func submitV1(_ request: HTTPServerRequest) throws(APIError) -> HTTPServerResponse {
        guard case .object(let members) = try Self.jsonBody(request) else {
            throw .badRequest("The request body must be a JSON object.")
        }
        let body = JSONValue.object(members.filter { !["hub", "group", "project"].contains($0.key) })
        let (job, warning) = try service.submit(body: body, bodyBytes: request.body.count, v1: true)
        var answer: [(String, JSONValue)] = [("id", .string(job.id)), ("backend", .string(job.backend))]
        if let session = job.platform.sessionID { answer.append(("session_id", .string(session))) }
        if job.platform.isPrivate { answer.append(("private", .bool(true))) }
        if let warning {
            answer.append(("messages", .array([.fields([("level", .string("warning")), ("data", .string(warning))])])))
        }
        return Responses.json(200, .fields(answer))
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

    /// `GET /jobs/{id}/results`; a private job's result is given once, then 404. Before the job is
    /// final: 204 on the v1 API (PLATFORM §2: no result yet), 409 on the legacy one.
    private func results(_ id: String, v1: Bool) throws(APIError) -> HTTPServerResponse {
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
            guard v1 else { throw .conflict("Job is not in a final state; its result is not available yet.") }
            return Responses.empty(204)
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
