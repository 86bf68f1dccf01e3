/// The route table: where each endpoint is served. This is the only list of the emulator's
/// paths; ``Route`` resolves requests against it and fault injection aims at its endpoints.
extension EmulatorEndpoint {
    /// The method, the path below the API's base (`{}` stands for a path parameter) and the
    /// APIs that serve it. The runtime API's job routes are also the v1 API's.
    var pattern: (method: String, path: String, apis: Set<ServiceAPI>) {
        switch self {
        case .version: return ("GET", "version", [.legacy])
        case .login: return ("POST", "users/loginWithToken", [.legacy])
        case .userInfo: return ("GET", "users/me", [.legacy])
        case .network: return ("GET", "Network", [.legacy])
        case .devices: return ("GET", "Network/{}/Groups/{}/Projects/{}/devices/v/1", [.legacy])
        case .submitJob: return ("POST", "jobs", [.runtime, .v1])
        case .listJobs: return ("GET", "jobs", [.runtime, .v1])
        case .getJob: return ("GET", "jobs/{}", [.runtime, .v1])
        case .deleteJob: return ("DELETE", "jobs/{}", [.runtime, .v1])
        case .jobResults: return ("GET", "jobs/{}/results", [.runtime, .v1])
        case .jobLogs: return ("GET", "jobs/{}/logs", [.runtime, .v1])
        case .cancelJob: return ("POST", "jobs/{}/cancel", [.runtime, .v1])
        case .interimResults: return ("GET", "jobs/{}/interim_results", [.runtime, .v1])
        case .jobMetrics: return ("GET", "jobs/{}/metrics", [.runtime, .v1])
        case .updateTags: return ("PUT", "jobs/{}/tags", [.runtime, .v1])
        case .listPrograms: return ("GET", "programs", [.runtime])
        case .getProgram: return ("GET", "programs/{}", [.runtime])
        case .uploadProgram: return ("POST", "programs", [.runtime])
        case .updateProgramData: return ("PUT", "programs/{}/data", [.runtime])
        case .updateProgram: return ("PATCH", "programs/{}", [.runtime])
        case .makeProgramPublic: return ("PUT", "programs/{}/public", [.runtime])
        case .makeProgramPrivate: return ("PUT", "programs/{}/private", [.runtime])
        case .deleteProgram: return ("DELETE", "programs/{}", [.runtime])
        case .logout: return ("POST", "logout", [.runtime])
        case .stream: return ("GET", "stream/jobs/{}", [.runtime])
        case .listBackends: return ("GET", "backends", [.v1])
        case .backendConfiguration: return ("GET", "backends/{}/configuration", [.v1])
        case .backendProperties: return ("GET", "backends/{}/properties", [.v1])
        case .backendStatus: return ("GET", "backends/{}/status", [.v1])
        case .usage: return ("GET", "instances/usage", [.v1])
        case .createSession: return ("POST", "sessions", [.v1])
        case .getSession: return ("GET", "sessions/{}", [.v1])
        case .updateSession: return ("PATCH", "sessions/{}", [.v1])
        case .closeSession: return ("DELETE", "sessions/{}/close", [.v1])
        }
    }

    /// Whether the endpoint is served without an access token.
    var isPublic: Bool { self == .version || self == .login }
}
