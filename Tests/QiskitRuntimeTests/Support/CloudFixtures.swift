@testable import QiskitRuntime

/// Builds IBM Cloud (`/api/v1`) services over a scripted transport.
enum CloudFixtures {
    static let apiKey = "api-key-1"
    static let crn = "crn:v1:bluemix:public:quantum-computing:us-east:a/acct123:inst-456::"
    static let iamURL = "https://iam.test"
    static let serviceBase = "https://quantum.cloud.ibm.com/api/v1"
    static let tokenPath = "/identity/token"

    /// The IAM answer for `token`.
    static func tokenReply(_ token: String, expiresIn: Int = 3600) -> ScriptedTransport.Reply {
        .response(RuntimeHTTPResponse(status: 200, body: Array("""
            {"access_token": "\(token)", "refresh_token": "not_supported", "ims_user_id": 1, \
            "token_type": "Bearer", "expires_in": \(expiresIn), "expiration": 1900000000, "scope": "ibm openid"}
            """.utf8)))
    }

    /// Scripts the IAM endpoint to hand out these tokens in turn (the last repeats).
    static func scriptTokens(_ transport: ScriptedTransport, _ tokens: [String] = ["iam-1"], expiresIn: Int = 3600) {
        transport.on("POST", tokenPath, replies: tokens.map { tokenReply($0, expiresIn: expiresIn) })
    }

    static func configuration(
        _ transport: ScriptedTransport, clock: ManualClock = ManualClock(), apiKey: String = apiKey,
        crn: String = crn, serviceURL: String? = nil
    ) -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration(
            account: .ibmCloud(apiKey: apiKey, instanceCRN: crn, iamURL: iamURL, serviceURL: serviceURL),
            transport: transport)
        configuration.clock = clock
        configuration.retryPolicy = RetryPolicy(jitter: 0)
        configuration.random = { 0.5 }
        return configuration
    }

    /// A service whose IAM endpoint hands out `tokens` in turn.
    static func service(
        _ transport: ScriptedTransport, clock: ManualClock = ManualClock(), tokens: [String] = ["iam-1"]
    ) async throws -> RuntimeService {
        scriptTokens(transport, tokens)
        return try await RuntimeService(configuration: configuration(transport, clock: clock))
    }

    /// A job object of the `/api/v1` API, status in `state` (and the flat field too).
    static func jobJSON(
        _ id: String, status: String, reason: String? = nil, reasonCodeKey: String = "reason_code",
        reasonCode: Int? = nil
    ) -> String {
        var state = "\"status\": \"\(status)\""
        if let reason { state += ", \"reason\": \"\(reason)\"" }
        if let reasonCode { state += ", \"\(reasonCodeKey)\": \(reasonCode)" }
        return """
            {"id": "\(id)", "backend": "ibm_torino", "state": {\(state)}, "status": "\(status)", \
            "params": {"pubs": [1, 2]}, "program": {"id": "sampler"}, "created": "2026-04-20T10:00:00Z", \
            "session_id": null, "tags": ["t1"], "private": false}
            """
    }

    /// Scripts `GET /api/v1/jobs/{id}` with these job objects in turn (the last repeats).
    static func jobs(_ transport: ScriptedTransport, _ id: String, _ objects: String...) {
        transport.on("GET", "/api/v1/jobs/\(id)", replies: objects.map {
            .response(RuntimeHTTPResponse(status: 200, body: Array($0.utf8)))
        })
    }
}
