import RuntimeIO
import RuntimeWire

/// Serves the IBM Cloud way of reaching the service (PLATFORM.md): a local IAM token endpoint,
/// `POST /identity/token`, and the v1 API under `/api/v1` — backends, usage, sessions and
/// jobs — authenticated by a bearer token and the instance CRN.
///
/// Order of checks under `/api/v1`: bearer token (401) → `Service-CRN` (403) → route (404/405)
/// → injected HTTP fault → handler. Authentication comes first on every path, whether it exists
/// or not, as at IBM's gateway: a missing, unknown, revoked or expired bearer token is 401 — the
/// status on which clients renew their token — and a missing or different `Service-CRN` is 403:
/// the token is good, but the instance is not one it may use, so renewing cannot help. Only an
/// authenticated request learns whether a path exists. `IBM-API-Version` is accepted (it only
/// selects the metrics shape). The v1 API has no websocket, programs or logout:
/// `/api/v1/stream/jobs/{id}`, `/api/v1/programs…` and `/api/v1/logout` are 404.
struct V1Router: Sendable {
    let service: EmulatorService

    /// Whether this router serves `segments` (`/identity/…` and `/api/v1/…`).
    static func owns(_ segments: [String]) -> Bool {
        if segments.first == "identity" { return true }
        return segments.count >= 2 && segments[0] == "api" && segments[1] == "v1"
    }

    /// The routes the v1 API serves: its own, and the job routes of the runtime API.
    static func serves(_ route: Route) -> Bool {
        switch route {
        case .submitJob, .listJobs, .getJob, .deleteJob, .jobResults, .jobLogs, .cancelJob, .interimResults,
             .jobMetrics, .updateTags, .listBackends, .backendConfiguration, .backendProperties, .backendStatus,
             .usage, .createSession, .getSession, .updateSession, .closeSession:
            return true
        default:
            return false
        }
    }

    func handle(_ request: HTTPServerRequest, target: RequestTarget) async -> HTTPServerAction {
        let router = Router(service: service)
        if target.segments.first == "identity" {
            return .respond(token(request, segments: target.segments))
        }
        service.recordV1Request(request)

        guard service.isValidBearerToken(Self.bearerToken(request.headers["Authorization"])) else {
            service.recordV1Unauthorized()
            var response = router.failure(
                APIError(status: 401, code: "unauthorized", message: "Invalid, expired or missing bearer token."),
                legacy: false)
            response.headers.add("WWW-Authenticate", "Bearer")
            return .respond(response)
        }
        guard let crn = request.headers["Service-CRN"], crn == service.configuration.instanceCRN else {
            let message = request.headers["Service-CRN"] == nil
                ? "The Service-CRN header is required."
                : "The instance in Service-CRN is not accessible with this token."
            return .respond(router.failure(APIError(status: 403, code: "forbidden", message: message), legacy: false))
        }

        let notFound = APIError(
            status: 404, code: "not_found", message: "Not found: /" + target.segments.joined(separator: "/"))
        let route: Route
        switch Route.resolveV1(method: request.method, Array(target.segments.dropFirst(2))) {
        case .notFound:
            return .respond(router.failure(notFound, legacy: false))
        case .methodNotAllowed(let allowed, _):
            var response = router.failure(
                APIError(status: 405, code: "method_not_allowed", message: "Method \(request.method) not allowed."),
                legacy: false)
            response.headers.add("Allow", allowed.joined(separator: ", "))
            return .respond(response)
        case .found(let found):
            guard Self.serves(found) else { return .respond(router.failure(notFound, legacy: false)) }
            route = found
        }

        let (faulted, malformed) = await router.applyFault(route)
        if let faulted { return .respond(faulted) }

        var response: HTTPServerResponse
        do {
            if !malformed, let streamed = try router.streamed(route) { return streamed }
            response = try respond(route, request: request, target: target, router: router)
        } catch {
            response = router.failure(error, legacy: false)
        }
        if malformed { response.body = Responses.malformed(response.body) }
        return .respond(response)
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = String(parts[1])
        return token.isEmpty || token.contains(" ") ? nil : token
    }

    private func respond(
        _ route: Route, request: HTTPServerRequest, target: RequestTarget, router: Router
    ) throws(APIError) -> HTTPServerResponse {
        switch route {
        case .submitJob:
            // The v1 body has no hub, group or project; any sent are ignored.
            guard case .object(let members) = try Router.jsonBody(request) else {
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
        case .getJob(let id):
            let (job, now) = try service.job(id)
            let includeParams = target.queryValue("exclude_params")?.lowercased() != "true"
            return Responses.json(200, job.v1JSON(at: now, includeParams: includeParams))
        case .listJobs:
            return try router.listJobs(target) { $0.v1JSON(at: $1, includeParams: $2) }
        case .jobMetrics(let id):
            let (job, now) = try service.job(id)
            return Responses.json(200, job.v1MetricsJSON(
                at: now, positionInQueue: service.queuePosition(of: job, at: now),
                apiVersion: request.headers["IBM-API-Version"]))
        case .listBackends:
            let includeMocks = target.queryValue("include_mocks")?.lowercased() == "true"
            return Responses.json(200, service.backendsJSON(includeMocks: includeMocks))
        case .backendConfiguration(let name):
            return Responses.json(200, try service.backend(name).configuration)
        case .backendProperties(let name):
            return Responses.json(200, try service.backend(name).properties ?? .fields([]))
        case .backendStatus(let name):
            return Responses.json(200, try service.backendStatusJSON(name))
        case .usage:
            return Responses.json(200, service.usageJSON())
        case .createSession:
            let (session, now) = try service.createSession(body: try Router.jsonBody(request))
            return Responses.json(200, EmulatorService.sessionJSON(session, spans: [], at: now))
        case .getSession(let id):
            let (session, spans, now) = try service.session(id)
            return Responses.json(200, EmulatorService.sessionJSON(session, spans: spans, at: now))
        case .updateSession(let id):
            try service.updateSession(id, body: try Router.jsonBody(request))
            return Responses.empty(204)
        case .closeSession(let id):
            try service.cancelSession(id)
            return Responses.empty(204)
        default:
            return try router.respond(route, request: request, target: target)
        }
    }

    // MARK: IAM

    /// `POST /identity/token`: the API-key grant of IBM Cloud IAM.
    private func token(_ request: HTTPServerRequest, segments: [String]) -> HTTPServerResponse {
        guard segments.count == 2, segments[1] == "token" else {
            return Self.iamError(404, code: "BXNIM0102E", message: "Not found: /" + segments.joined(separator: "/"))
        }
        guard request.method == "POST" else {
            var response = Self.iamError(405, code: "BXNIM0101E", message: "Method \(request.method) not allowed.")
            response.headers.add("Allow", "POST")
            return response
        }
        service.recordIAMRequest(request)
        let contentType = request.headers["Content-Type"]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            return Self.iamError(400, code: "BXNIM0109E", message: "Content-Type must be application/x-www-form-urlencoded.")
        }
        let form = FormBody(request.body)
        guard let grant = form.value("grant_type"), !grant.isEmpty else {
            return Self.iamError(400, code: "BXNIM0109E", message: "Property missing or empty: grant_type.")
        }
        guard grant == "urn:ibm:params:oauth:grant-type:apikey" else {
            return Self.iamError(400, code: "BXNIM0104E", message: "Unsupported grant type: \(grant).")
        }
        guard let apiKey = form.value("apikey"), !apiKey.isEmpty else {
            return Self.iamError(400, code: "BXNIM0109E", message: "Property missing or empty: apikey.")
        }
        guard let token = service.issueIAMToken(apiKey: apiKey) else {
            return Self.iamError(400, code: "BXNIM0415E", message: "Provided API key could not be found.")
        }
        let seconds = token.lifetime / 1_000_000
        let expiresIn: JSONValue = token.lifetime % 1_000_000 == 0
            ? .integer(seconds) : .double(Double(token.lifetime) / 1_000_000)
        return Responses.json(200, .object([
            JSONMember("access_token", .string(token.accessToken)),
            JSONMember("refresh_token", .string(token.refreshToken)),
            JSONMember("ims_user_id", .integer(1)),
            JSONMember("token_type", .string("Bearer")),
            JSONMember("expires_in", expiresIn),
            JSONMember("expiration", .integer(token.expiresAt / 1_000_000)),
            JSONMember("scope", .string("ibm openid")),
        ]))
    }

    /// IAM's error body: `{"errorCode","errorMessage","context":{…}}`.
    static func iamError(_ status: Int, code: String, message: String) -> HTTPServerResponse {
        Responses.json(status, .object([
            JSONMember("errorCode", .string(code)),
            JSONMember("errorMessage", .string(message)),
            JSONMember("context", .object([
                JSONMember("requestId", .string("emulator-iam")),
                JSONMember("requestType", .string("incoming.Identity_Token")),
                JSONMember("host", .string("qiskit-runtime-emulator")),
            ])),
        ]))
    }
}
