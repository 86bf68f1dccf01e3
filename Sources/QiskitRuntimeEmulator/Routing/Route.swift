/// A resolved request: which endpoint, with its path parameters (percent-decoded).
///
/// Paths live under two bases: `/api` (the legacy auth and discovery API, PROTOCOL.md §1.5) and
/// `/runtime` (the runtime REST API, whose base clients learn from `urls.services.runtime`).
/// The runtime routes are resolved from the segments after their base by
/// ``resolveRuntime(method:_:)``, so the v1 API (`/api/v1`, bearer tokens) reuses them with
/// another authentication: `V1Router` serves `/api/v1` and `/identity` before this enum is asked.
enum Route: Sendable, Hashable {
    case version
    case login
    case userInfo
    case network
    case devices(hub: String, group: String, project: String)
    case submitJob
    case listJobs
    case getJob(String)
    case deleteJob(String)
    case jobResults(String)
    case jobLogs(String)
    case cancelJob(String)
    case interimResults(String)
    case jobMetrics(String)
    case updateTags(String)
    case listPrograms
    case getProgram(String)
    case logout
    case stream(String)
    // The v1 API only (`/api/v1`, PLATFORM.md §2):
    case listBackends
    case backendConfiguration(String)
    case backendProperties(String)
    case backendStatus(String)
    case usage
    case createSession
    case getSession(String)
    case updateSession(String)
    case closeSession(String)

    /// The result of resolving a method and path.
    enum Resolution: Sendable, Hashable {
        case found(Route)
        /// The path exists but not for this method.
        case methodNotAllowed(allowed: [String], legacy: Bool)
        case notFound(legacy: Bool)
    }

    var endpoint: EmulatorEndpoint {
        switch self {
        case .version: return .version
        case .login: return .login
        case .userInfo: return .userInfo
        case .network: return .network
        case .devices: return .devices
        case .submitJob: return .submitJob
        case .listJobs: return .listJobs
        case .getJob: return .getJob
        case .deleteJob: return .deleteJob
        case .jobResults: return .jobResults
        case .jobLogs: return .jobLogs
        case .cancelJob: return .cancelJob
        case .interimResults: return .interimResults
        case .jobMetrics: return .jobMetrics
        case .updateTags: return .updateTags
        case .listPrograms: return .listPrograms
        case .getProgram: return .getProgram
        case .logout: return .logout
        case .stream: return .stream
        case .listBackends: return .listBackends
        case .backendConfiguration: return .backendConfiguration
        case .backendProperties: return .backendProperties
        case .backendStatus: return .backendStatus
        case .usage: return .usage
        case .createSession: return .createSession
        case .getSession: return .getSession
        case .updateSession: return .updateSession
        case .closeSession: return .closeSession
        }
    }

    /// Whether the route belongs to the legacy `/api` API (legacy error bodies).
    var isLegacy: Bool {
        switch self {
        case .version, .login, .userInfo, .network, .devices: return true
        default: return false
        }
    }

    /// Whether the route needs a valid `X-Access-Token`.
    var needsToken: Bool {
        switch self {
        case .version, .login: return false
        default: return true
        }
    }

    static func resolve(method: String, segments: [String]) -> Resolution {
        guard let base = segments.first else { return .notFound(legacy: false) }
        let rest = Array(segments.dropFirst())
        switch base {
        case "api":
            if rest.first == "v1" { return .notFound(legacy: false) }
            return resolveLegacy(method: method, rest)
        case "runtime":
            return resolveRuntime(method: method, rest)
        default:
            return .notFound(legacy: false)
        }
    }

    private static func resolveLegacy(method: String, _ s: [String]) -> Resolution {
        func only(_ allowed: String, _ route: Route) -> Resolution {
            method == allowed ? .found(route) : .methodNotAllowed(allowed: [allowed], legacy: true)
        }
        switch s.count {
        case 1 where s[0] == "version": return only("GET", .version)
        case 1 where s[0] == "Network": return only("GET", .network)
        case 2 where s[0] == "users" && s[1] == "loginWithToken": return only("POST", .login)
        case 2 where s[0] == "users" && s[1] == "me": return only("GET", .userInfo)
        case 9 where s[0] == "Network" && s[2] == "Groups" && s[4] == "Projects" && s[6] == "devices"
            && s[7] == "v" && s[8] == "1":
            return only("GET", .devices(hub: s[1], group: s[3], project: s[5]))
        default: return .notFound(legacy: true)
        }
    }

    /// Resolves a path relative to the v1 base (`/api/v1`): the backend, usage and session
    /// routes, then the job routes the runtime API shares.
    static func resolveV1(method: String, _ s: [String]) -> Resolution {
        let pick = picker(method)
        switch s.count {
        case 1 where s[0] == "backends": return pick(["GET": .listBackends])
        case 1 where s[0] == "sessions": return pick(["POST": .createSession])
        case 2 where s[0] == "instances" && s[1] == "usage": return pick(["GET": .usage])
        case 2 where s[0] == "sessions": return pick(["GET": .getSession(s[1]), "PATCH": .updateSession(s[1])])
        case 3 where s[0] == "sessions" && s[2] == "close": return pick(["DELETE": .closeSession(s[1])])
        case 3 where s[0] == "backends":
            switch s[2] {
            case "configuration": return pick(["GET": .backendConfiguration(s[1])])
            case "properties": return pick(["GET": .backendProperties(s[1])])
            case "status": return pick(["GET": .backendStatus(s[1])])
            default: return .notFound(legacy: false)
            }
        default: return resolveRuntime(method: method, s)
        }
    }

    private static func picker(_ method: String) -> ([String: Route]) -> Resolution {
        { options in
            if let route = options[method] { return .found(route) }
            return .methodNotAllowed(allowed: options.keys.sorted(), legacy: false)
        }
    }

    /// Resolves a path relative to the runtime base URL.
    static func resolveRuntime(method: String, _ s: [String]) -> Resolution {
        let pick = picker(method)
        switch s.count {
        case 1 where s[0] == "jobs": return pick(["POST": .submitJob, "GET": .listJobs])
        case 1 where s[0] == "programs": return pick(["GET": .listPrograms])
        case 1 where s[0] == "logout": return pick(["POST": .logout])
        case 2 where s[0] == "jobs": return pick(["GET": .getJob(s[1]), "DELETE": .deleteJob(s[1])])
        case 2 where s[0] == "programs": return pick(["GET": .getProgram(s[1])])
        case 3 where s[0] == "jobs":
            let id = s[1]
            switch s[2] {
            case "results": return pick(["GET": .jobResults(id)])
            case "logs": return pick(["GET": .jobLogs(id)])
            case "cancel": return pick(["POST": .cancelJob(id)])
            case "interim_results": return pick(["GET": .interimResults(id)])
            case "metrics": return pick(["GET": .jobMetrics(id)])
            case "tags": return pick(["PUT": .updateTags(id)])
            default: return .notFound(legacy: false)
            }
        case 3 where s[0] == "stream" && s[1] == "jobs": return pick(["GET": .stream(s[2])])
        default: return .notFound(legacy: false)
        }
    }
}
