import RuntimeIO

/// The APIs the emulator serves, told apart by the base of the path. Every request of every API
/// goes through the one ``RequestPipeline``; an API decides only where its endpoints live
/// (``EmulatorEndpoint/apis``), how a caller authenticates and which error body it writes.
///
/// - `legacy`: `/api/…`, the legacy auth and discovery API (PROTOCOL.md §1.5), `X-Access-Token`,
///   legacy error bodies (`{"error":{…}}`).
/// - `runtime`: `/runtime/…`, the runtime REST API whose base clients learn from
///   `urls.services.runtime`, `X-Access-Token`, runtime error bodies (`{"errors":[…],"trace"}`).
/// - `v1`: `/api/v1/…`, today's platform (PLATFORM.md): a bearer token from `/identity/token`
///   and the instance CRN, checked before routing as at IBM's gateway; runtime error bodies.
enum ServiceAPI: Sendable, Hashable {
    case legacy
    case runtime
    case v1

    /// The API that serves `segments` and the segments below its base; `nil` for any other path.
    static func select(_ segments: [String]) -> (api: ServiceAPI, path: ArraySlice<String>)? {
        switch segments.first {
        case "api" where segments.count >= 2 && segments[1] == "v1": return (.v1, segments.dropFirst(2))
        case "api": return (.legacy, segments.dropFirst())
        case "runtime": return (.runtime, segments.dropFirst())
        default: return nil
        }
    }

    /// Whether errors are written in the legacy API's shape.
    var writesLegacyErrors: Bool { self == .legacy }

    /// The checks made before routing, on every path of the API whether it exists or not; the
    /// refusal to send, or `nil` to go on.
    ///
    /// Under `/api/v1` a missing, unknown, revoked or expired bearer token is 401 — the status on
    /// which clients renew their token — and a missing or different `Service-CRN` is 403: the
    /// token is good, but the instance is not one it may use, so renewing cannot help. The API key
    /// itself (`Authorization: apikey <key>`) is accepted in place of a token unless
    /// ``EmulatorConfiguration/acceptsAPIKeyAuthorization`` is off. Only an authenticated request
    /// learns whether a path exists. The other APIs check nothing here.
    func admit(_ request: HTTPServerRequest, pipeline: RequestPipeline) -> HTTPServerResponse? {
        guard self == .v1 else { return nil }
        let service = pipeline.service
        service.recordV1Request(request)
        let authorization = request.headers["Authorization"]
        guard service.isValidBearerToken(Self.credential(authorization, scheme: "bearer"))
            || (service.configuration.acceptsAPIKeyAuthorization
                && Self.credential(authorization, scheme: "apikey").map(service.isIAMAPIKey) == true)
        else {
            service.recordV1Unauthorized()
            var response = pipeline.failure(
                APIError(status: 401, code: "unauthorized", message: "Invalid, expired or missing bearer token."), api: self)
            response.headers.add("WWW-Authenticate", "Bearer")
            return response
        }
        guard let crn = request.headers["Service-CRN"], crn == service.configuration.instanceCRN else {
            let message = request.headers["Service-CRN"] == nil
                ? "The Service-CRN header is required."
                : "The instance in Service-CRN is not accessible with this token."
            return pipeline.failure(APIError(status: 403, code: "forbidden", message: message), api: self)
        }
        return nil
    }

    /// The check made after routing and fault injection: the `X-Access-Token` of the legacy and
    /// runtime APIs (every endpoint but ``EmulatorEndpoint/isPublic`` ones); the refusal to
    /// send, or `nil` to go on. The v1 API was authenticated by ``admit(_:pipeline:)``.
    func authenticate(_ request: HTTPServerRequest, for route: Route, pipeline: RequestPipeline) -> HTTPServerResponse? {
        guard self != .v1, !route.endpoint.isPublic,
              !pipeline.service.isValidAccessToken(request.headers["X-Access-Token"]) else { return nil }
        if writesLegacyErrors {
            return Responses.legacyError(401, name: "AUTHORIZATION_REQUIRED", message: "Authorization Required")
        }
        return pipeline.failure(APIError(status: 401, code: "unauthorized", message: "Invalid or missing access token."), api: self)
    }

    /// The credential of an `Authorization: <scheme> <credential>` header (`scheme` lowercase;
    /// the header's is case-insensitive), or nil for another scheme or a malformed header.
    static func credential(_ header: String?, scheme: String) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == scheme else { return nil }
        let token = String(parts[1])
        return token.isEmpty || token.contains(" ") ? nil : token
    }
}
