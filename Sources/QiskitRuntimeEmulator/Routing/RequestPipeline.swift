import RuntimeIO
import RuntimeWire

/// The one path every HTTP request of the service takes, whichever API it is for:
///
/// select the API by base path → admit (the v1 API's bearer token and `Service-CRN`, on every
/// path, as at IBM's gateway) → route (404/405) → injected HTTP fault → authenticate (the
/// `X-Access-Token` of the legacy and runtime APIs) → handle → respond.
///
/// Only the checks of ``ServiceAPI`` and the shape of error bodies differ by API; the route
/// table is ``EmulatorEndpoint/pattern`` and the handlers are ``EndpointHandlers``. The IAM token
/// endpoint (`/identity/token`) is another service, with its own error bodies and no faults:
/// ``IAMTokenEndpoint``.
struct RequestPipeline: Sendable {
    let service: EmulatorService

    func handle(_ request: HTTPServerRequest) async -> HTTPServerAction {
        let target = RequestTarget(request.target)
        if target.segments.first == "identity" {
            return .respond(IAMTokenEndpoint(service: service).respond(request, segments: target.segments))
        }
        func notFound() -> APIError {
            APIError(
                status: 404, code: "not_found",
                message: "Not found: " + (target.segments.isEmpty ? "/" : "/" + target.segments.joined(separator: "/")))
        }
        guard let (api, path) = ServiceAPI.select(target.segments) else {
            return .respond(failure(notFound(), api: .runtime))
        }
        if let refused = api.admit(request, pipeline: self) { return .respond(refused) }

        let route: Route
        switch Route.resolve(method: request.method, path: path, in: api) {
        case .notFound:
            return .respond(failure(notFound(), api: api))
        case .methodNotAllowed(let allowed):
            var response = failure(
                APIError(status: 405, code: "method_not_allowed", message: "Method \(request.method) not allowed."), api: api)
            response.headers.add("Allow", allowed.joined(separator: ", "))
            return .respond(response)
        case .found(let found):
            route = found
        }

        let (faulted, malformed) = await applyFault(route, api: api)
        if let faulted { return .respond(faulted) }
        if let refused = api.authenticate(request, for: route, pipeline: self) { return .respond(refused) }

        // The websocket upgrade goes to the stream layer; without one the handlers answer 501.
        if route.endpoint == .stream, let handler = service.streamHandler { return await handler(request, route.id) }

        var response: HTTPServerResponse
        do {
            // A cut body (fault) needs the whole body; otherwise large ones are streamed.
            if !malformed, let streamed = try streamed(route) { return streamed }
            response = try EndpointHandlers(service: service, api: api).respond(route, request: request, target: target)
        } catch {
            response = failure(error, api: api)
        }
        if malformed { response.body = Responses.malformed(response.body) }
        return .respond(response)
    }

    /// The answer of `/jobs/{id}/interim_results` or `/jobs/{id}/results` when its body is over
    /// ``Responses/streamingThreshold``: streamed (chunked) as it is written, so that it is never
    /// held whole in memory, and a slow reader slows the writing down. `nil` for every other
    /// route and for smaller bodies, which ``EndpointHandlers`` answers.
    func streamed(_ route: Route) throws(APIError) -> HTTPServerAction? {
        switch route.endpoint {
        case .interimResults:
            let (job, now) = try service.job(route.id)
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
        case .jobResults:
            let (job, now) = try service.job(route.id)
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
    func applyFault(_ route: Route, api: ServiceAPI) async -> (response: HTTPServerResponse?, malformed: Bool) {
        guard let effect = service.consumeFault(route.endpoint) else { return (nil, false) }
        let error: APIError
        switch effect {
        case .status(let status):
            let code = (400...599).contains(status) ? status : 500
            error = APIError(status: code, code: Responses.faultCode(code), message: "Injected fault: HTTP \(code).")
        case .rateLimited(let seconds):
            error = APIError(
                status: 429, code: "rate_limited", message: "Too many requests (injected fault).", retryAfterSeconds: max(0, seconds))
        case .serviceError(let status, let code, let message, let retryAfter):
            let status = (400...599).contains(status) ? status : 500
            error = APIError(
                status: status, code: Responses.faultCode(status), numericCode: code, message: message,
                retryAfterSeconds: retryAfter.map { max(0, $0) })
        case .delay(let duration):
            try? await Task.sleep(for: duration)
            return (nil, false)
        case .malformedBody:
            return (nil, true)
        }
        return (failure(error, api: api), false)
    }

    /// `error` as the error body of `api`, with `Retry-After` when it has one.
    func failure(_ error: APIError, api: ServiceAPI) -> HTTPServerResponse {
        var response: HTTPServerResponse
        if api.writesLegacyErrors {
            let name = error.status == 404 ? "NOT_FOUND" : error.code.uppercased()
            response = Responses.legacyError(error.status, name: name, message: error.message, code: error.numericCode)
        } else {
            response = Responses.runtimeError(
                error.status, code: error.code, numericCode: error.numericCode, message: error.message, trace: service.nextTrace())
        }
        if let seconds = error.retryAfterSeconds { response.headers.add("Retry-After", String(seconds)) }
        return response
    }
}
