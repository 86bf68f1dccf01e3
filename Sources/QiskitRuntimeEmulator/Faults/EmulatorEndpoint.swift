/// The endpoints of the emulator, used to aim an ``HTTPFault``.
public enum EmulatorEndpoint: String, Sendable, Hashable, CaseIterable {
    /// `GET /api/version`
    case version
    /// `POST /api/users/loginWithToken`
    case login
    /// `GET /api/users/me`
    case userInfo
    /// `GET /api/Network`
    case network
    /// `GET /api/Network/{hub}/Groups/{group}/Projects/{project}/devices/v/1`
    case devices
    /// `POST /runtime/jobs`
    case submitJob
    /// `GET /runtime/jobs`
    case listJobs
    /// `GET /runtime/jobs/{id}`
    case getJob
    /// `DELETE /runtime/jobs/{id}`
    case deleteJob
    /// `GET /runtime/jobs/{id}/results`
    case jobResults
    /// `GET /runtime/jobs/{id}/logs`
    case jobLogs
    /// `POST /runtime/jobs/{id}/cancel`
    case cancelJob
    /// `GET /runtime/jobs/{id}/interim_results`
    case interimResults
    /// `GET /runtime/jobs/{id}/metrics`
    case jobMetrics
    /// `PUT /runtime/jobs/{id}/tags`
    case updateTags
    /// `GET /runtime/programs`
    case listPrograms
    /// `GET /runtime/programs/{id}`
    case getProgram
    /// `POST /runtime/programs`
    case uploadProgram
    /// `PUT /runtime/programs/{id}/data`
    case updateProgramData
    /// `PATCH /runtime/programs/{id}`
    case updateProgram
    /// `PUT /runtime/programs/{id}/public`
    case makeProgramPublic
    /// `PUT /runtime/programs/{id}/private`
    case makeProgramPrivate
    /// `DELETE /runtime/programs/{id}`
    case deleteProgram
    /// `POST /runtime/logout`
    case logout
    /// The websocket upgrade `GET /runtime/stream/jobs/{id}` (applied by the stream layer).
    case stream
    /// `GET /api/v1/backends`
    case listBackends
    /// `GET /api/v1/backends/{name}/configuration`
    case backendConfiguration
    /// `GET /api/v1/backends/{name}/properties`
    case backendProperties
    /// `GET /api/v1/backends/{name}/status`
    case backendStatus
    /// `GET /api/v1/instances/usage`
    case usage
    /// `POST /api/v1/sessions`
    case createSession
    /// `GET /api/v1/sessions/{id}`
    case getSession
    /// `PATCH /api/v1/sessions/{id}`
    case updateSession
    /// `DELETE /api/v1/sessions/{id}/close`
    case closeSession
}
