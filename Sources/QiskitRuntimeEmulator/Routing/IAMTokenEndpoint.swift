import RuntimeIO
import RuntimeWire

/// The local stand-in for IBM Cloud IAM: `POST /identity/token`, the API-key grant, which
/// issues the bearer tokens the v1 API admits. IAM is a service of its own, so it answers
/// with IAM's error bodies and takes no injected faults.
struct IAMTokenEndpoint: Sendable {
    let service: EmulatorService

    /// The answer to a request under `/identity` (`segments` is its whole path).
    func respond(_ request: HTTPServerRequest, segments: [String]) -> HTTPServerResponse {
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
