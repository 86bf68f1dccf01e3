import RuntimeWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The entry point of the SDK: logs in, submits programs and finds jobs.
///
/// ```swift
/// try await withRuntimeService(configuration: configuration) { service in
///     let job = try await service.run(program: "hello-world", backend: "ibmq_qasm_simulator",
///                                     inputs: ["iterations": 3])
///     print(try await job.result(timeout: .seconds(30)))
/// }
/// ```
///
/// A service is `Sendable`; share one across tasks. Call ``shutdown()`` when done (or use
/// ``withRuntimeService(configuration:_:)``, which always does): later calls throw
/// `RuntimeError.Code.shutDown`.
public final class RuntimeService: Sendable {
    let client: ServiceClient
    /// The hub, group and project jobs run under (`nil` for an access-token account without one,
    /// and for an IBM Cloud account, whose jobs run under its instance CRN).
    public let instance: RuntimeConfiguration.Instance?
    /// The transport the service created itself (none was configured); shut down with the service.
    private let ownedTransport: RuntimeHTTPTransport?

    /// Connects to the service: with a ``RuntimeConfiguration/Account/legacyToken(_:authURL:)``
    /// account this logs in and, when no instance is configured, picks the account's default; with
    /// an ``RuntimeConfiguration/Account/ibmCloud(apiKey:instanceCRN:iamURL:serviceURL:)`` account
    /// it obtains an IAM token (a refused API key is `RuntimeError.Code.unauthorized`, a CRN
    /// without a region `RuntimeError.Code.invalidConfiguration`).
    ///
    /// Without a configured ``RuntimeConfiguration/transport`` the service uses a
    /// ``RuntimeHTTPTransport`` built from the configuration's CA file and path, proxy and
    /// connection limit, and shuts it down in ``shutdown()``; a configured transport is the
    /// caller's to shut down.
    ///
    /// Throws `RuntimeError.Code.unauthorized` when the login is refused, and
    /// `RuntimeError.Code.insecureTransport` for a plain-http URL to a remote host.
    public init(configuration: RuntimeConfiguration) async throws {
        let transport: any HTTPTransport
        let created: RuntimeHTTPTransport?
        if let configured = configuration.transport {
            transport = configured
            created = nil
        } else {
            let made = RuntimeHTTPTransport(
                maximumConnectionsPerHost: configuration.maximumConnectionsPerHost, caFile: configuration.caFile,
                caPath: configuration.caPath, proxy: configuration.proxy)
            transport = made
            created = made
        }
        ownedTransport = created
        let client = ServiceClient(configuration: configuration, transport: transport)
        let deadline = client.callDeadline(nil)
        do {
            let credentials = try await client.login.credentials(deadline: deadline)
            if let instance = configuration.instance {
                self.instance = instance
            } else if credentials.apiURL != nil {
                self.instance = try await Self.defaultInstance(client: client, deadline: deadline)
            } else {
                self.instance = nil
            }
        } catch {
            await created?.shutdown()
            throw error
        }
        self.client = client
    }

    private static func defaultInstance(
        client: ServiceClient, deadline: ContinuousClock.Instant
    ) async throws -> RuntimeConfiguration.Instance {
        let json = try await client.performJSON(
            ServiceRequest("GET", .api, path: ["Network"], context: "Failed to list the account's hubs"),
            deadline: deadline)
        func pick(_ items: [JSONValue]) -> JSONValue? {
            items.first(where: { $0["isDefault"]?.boolValue == true }) ?? items.first
        }
        func values(_ container: JSONValue?) -> [JSONValue] {
            if let members = container?.objectValue { return members.map(\.value) }
            return container?.arrayValue ?? []
        }
        guard let hub = pick(json.arrayValue ?? []), let hubName = hub["name"]?.stringValue,
              let group = pick(values(hub["groups"])), let groupName = group["name"]?.stringValue,
              let project = pick(values(group["projects"])), let projectName = project["name"]?.stringValue
        else {
            throw RuntimeError(.invalidResponse, "the account's /Network list names no hub, group and project")
        }
        return RuntimeConfiguration.Instance(hub: hubName, group: groupName, project: projectName)
    }

    /// Submits a program and returns its job (`POST /jobs`).
    ///
    /// The request has its own time limit, ``RuntimeConfiguration/submissionTimeout`` (900 s by
    /// default: the body can be megabytes of circuits). It is sent again only when the service
    /// cannot have processed it: after a 429 (honouring `Retry-After`), or after a connection
    /// failure before any byte of it was written — never once it may have been received, so a job
    /// is never submitted twice. Messages the service returns with the job (`messages`, such as a
    /// warning that the instance is near its usage limit) are logged and kept in
    /// ``RuntimeJob/submissionWarnings``.
    /// - Parameters:
    ///   - program: the program id, such as `hello-world` or `sampler`.
    ///   - backend: the backend name; `nil` uses the configuration's default backend.
    ///   - inputs: the program's inputs, a ``RuntimeValue`` object.
    ///   - options: the session, tags, time limit, privacy, calibration, runtime image and log level.
    public func run(
        program: String, backend: String? = nil, inputs: RuntimeValue = [:], options: RunOptions = RunOptions()
    ) async throws -> RuntimeJob {
        guard let backend = backend ?? client.configuration.defaultBackend else {
            throw RuntimeError(.invalidConfiguration, "a backend is required (pass one or set defaultBackend)")
        }
        // The cheap checks first: encoding the inputs compresses every array in them.
        try options.validate()
        let cost = try options.costSeconds()
        let params = inputs.jsonValue
        guard case .object = params else {
            throw RuntimeError(.invalidConfiguration, "the inputs of a program must be an object")
        }
        let body = client.usesCloudAPI
            ? Self.cloudRunBody(program: program, backend: backend, params: params, options: options, cost: cost)
            : Self.runBody(program: program, instance: instance, backend: backend, params: params, options: options, cost: cost)
        var request = ServiceRequest("POST", path: ["jobs"], body: body, context: "Failed to run program \(program)")
        request.repetition = .whenRefused
        request.timeout = client.configuration.submissionTimeout
        let json = try await client.performJSON(request)
        guard let id = json["id"]?.stringValue, !id.isEmpty else {
            throw RuntimeError(.invalidResponse, "Failed to run program \(program): the response has no job id")
        }
        client.logger.log(.info, "submitted job \(id) of program \(program) to \(backend)")
        let warnings = Self.submissionWarnings(json["messages"])
        for warning in warnings {
            client.logger.log(warning.level == "info" ? .info : .warning, "job \(id): the service says \(warning)")
        }
        let sessionID = json["session_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? options.sessionID
        return RuntimeJob(
            jobID: id, programID: program, backend: json["backend"]?.stringValue ?? backend, inputs: inputs,
            client: client, sessionID: sessionID, tags: options.tags ?? [], submissionWarnings: warnings)
    }

    /// The `messages` of a `POST /jobs` answer: `[{"level", "data"}]`; entries that are plain
    /// strings are warnings, anything else is ignored.
    static func submissionWarnings(_ messages: JSONValue?) -> [SubmissionWarning] {
        guard let items = messages?.arrayValue else { return [] }
        return items.compactMap { item in
            if let text = item.stringValue { return SubmissionWarning(level: "warning", message: text) }
            guard item.objectValue != nil, let data = item["data"] ?? item["message"], data != .null else { return nil }
            let level = item["level"]?.stringValue?.lowercased() ?? "warning"
            return SubmissionWarning(level: level, message: data.stringValue ?? WireJSON.text(data))
        }
    }

    /// The `POST /jobs` body of PROTOCOL §2.3.1, fields in the Python client's order; the newer
    /// fields (`session_id`, `tags`, `cost`, `private`, `calibration_id`) only when set.
    static func runBody(
        program: String, instance: RuntimeConfiguration.Instance?, backend: String, params: JSONValue,
        options: RunOptions, cost: Int64? = nil
    ) -> [UInt8] {
        func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        var members = [
            JSONMember("program_id", .string(program)),
            JSONMember("hub", string(instance?.hub)), JSONMember("group", string(instance?.group)),
            JSONMember("project", string(instance?.project)),
            JSONMember("backend", .string(backend)), JSONMember("params", params), JSONMember("runtime", string(options.image)),
        ]
        if let logLevel = options.logLevel { members.append(JSONMember("log_level", .string(logLevel))) }
        if let sessionID = options.sessionID { members.append(JSONMember("session_id", .string(sessionID))) }
        if let tags = options.tags { members.append(JSONMember("tags", WireJSON.strings(tags))) }
        return WireJSON.body(members + optionalMembers(options, cost: cost))
    }

    /// The `POST /jobs` body of the IBM Cloud API (PLATFORM §3): `program_id`, `params`,
    /// `backend`, then `session_id`, `runtime`, `log_level`, `tags`, `cost`, `private` and
    /// `calibration_id` only when set; no hub, group or project.
    static func cloudRunBody(
        program: String, backend: String, params: JSONValue, options: RunOptions, cost: Int64? = nil
    ) -> [UInt8] {
        var members = [JSONMember("program_id", .string(program)), JSONMember("params", params), JSONMember("backend", .string(backend))]
        if let sessionID = options.sessionID { members.append(JSONMember("session_id", .string(sessionID))) }
        if let image = options.image { members.append(JSONMember("runtime", .string(image))) }
        if let logLevel = options.logLevel { members.append(JSONMember("log_level", .string(logLevel))) }
        if let tags = options.tags { members.append(JSONMember("tags", WireJSON.strings(tags))) }
        return WireJSON.body(members + optionalMembers(options, cost: cost))
    }

    /// `cost`, `private` and `calibration_id`, for the fields that are set.
    private static func optionalMembers(_ options: RunOptions, cost: Int64?) -> [JSONMember] {
        var members: [JSONMember] = []
        if let cost { members.append(JSONMember("cost", .integer(cost))) }
        if options.isPrivate { members.append(JSONMember("private", .bool(true))) }
        if let calibrationID = options.calibrationID { members.append(JSONMember("calibration_id", .string(calibrationID))) }
        return members
    }

    /// The job with this id (`GET /jobs/{id}?exclude_params=true`); `RuntimeError.Code.notFound`
    /// if there is none. Its params are fetched only when asked for (``RuntimeJob/inputs()``).
    public func job(_ id: String) async throws -> RuntimeJob {
        var request = RuntimeJob.statusRequest(jobID: id)
        request.context = "Job not found: \(id)"
        let json = try await client.performJSON(request)
        return RuntimeJob(record: try JobRecord(json: json), client: client)
    }

    /// The account's jobs, newest first unless `order` says otherwise, fetched page by page as the
    /// sequence is iterated (or as pages, through ``RuntimeJobList/pages``). Every request sends
    /// `exclude_params=true`; filters combine (a job must match all of them).
    /// - Parameters:
    ///   - limit: the most jobs to return; `nil` (the default) returns them all, a page at a time
    ///     as the sequence is iterated: stop iterating to stop fetching.
    ///   - offset: how many jobs to skip.
    ///   - pending: `true` for queued and running jobs only, `false` for finished ones only.
    ///   - program: only jobs of this program id.
    ///   - backend: only jobs on this backend.
    ///   - tags: only jobs that carry every one of these tags.
    ///   - sessionID: only jobs of this session or batch.
    ///   - createdAfter: only jobs created at or after this instant (sent in UTC).
    ///   - createdBefore: only jobs created at or before this instant (sent in UTC).
    ///   - order: newest or oldest first.
    public func jobs(
        limit: Int? = nil, offset: Int = 0, pending: Bool? = nil, program: String? = nil, backend: String? = nil,
        tags: [String] = [], sessionID: String? = nil, createdAfter: Date? = nil, createdBefore: Date? = nil,
        order: JobListOrder = .newestFirst
    ) -> RuntimeJobList {
        RuntimeJobList(client: client, query: RuntimeJobList.Query(
            limit: limit, offset: offset, pending: pending, program: program, backend: backend, tags: tags,
            sessionID: sessionID, createdAfter: createdAfter, createdBefore: createdBefore, order: order))
    }

    /// Deletes a job (`DELETE /jobs/{id}`); `RuntimeError.Code.notFound` if there is none.
    public func deleteJob(_ id: String) async throws {
        _ = try await client.perform(ServiceRequest("DELETE", path: ["jobs", id], context: "Failed to delete job \(id)"))
    }

    /// Every program the account can see (`GET /programs`, paged by 20 until `count` is reached).
    public func programs() async throws -> [RuntimeProgram] {
        var programs: [RuntimeProgram] = []
        while true {
            var query = [("limit", "20")]
            if !programs.isEmpty { query.append(("offset", String(programs.count))) }
            let json = try await client.performJSON(
                ServiceRequest("GET", path: ["programs"], query: query, context: "Failed to list programs"))
            guard let page = json["programs"]?.arrayValue else {
                throw RuntimeError(.invalidResponse, "Failed to list programs: the response has no programs list")
            }
            programs += try page.map(RuntimeProgram.init(json:))
            let count = json["count"]?.integerValue.map { Int(clamping: $0) } ?? programs.count
            if page.isEmpty || programs.count >= count { return programs }
        }
    }

    /// The program with this id (`GET /programs/{id}`); `RuntimeError.Code.notFound` if there is none.
    public func program(_ id: String) async throws -> RuntimeProgram {
        let json = try await client.performJSON(
            ServiceRequest("GET", path: ["programs", id], context: "Program not found: \(id)"))
        return try RuntimeProgram(json: json)
    }

    /// Ends the session on the service side (`POST /logout`) and forgets the access token; a later
    /// call logs in again (legacy and IBM Cloud accounts) or fails. The IBM Cloud API has no
    /// logout endpoint: there the IAM token is only forgotten.
    public func logout() async throws {
        if !client.usesCloudAPI {
            _ = try await client.perform(ServiceRequest("POST", path: ["logout"], context: "Failed to log out"))
        }
        await client.login.clear()
    }

    /// Whether this service streams interim results over a websocket. `false` for an
    /// ``RuntimeConfiguration/Account/ibmCloud(apiKey:instanceCRN:iamURL:serviceURL:)`` account:
    /// there a job's interim-result stream delivers nothing and finishes when the job does.
    public var supportsStreaming: Bool { client.supportsStreaming }

    /// Stops the service: later calls throw `RuntimeError.Code.shutDown`. The transport the
    /// service made for itself (no ``RuntimeConfiguration/transport`` was set) is shut down, and
    /// this returns once its connections are closed; a transport you passed in is left running,
    /// as it is yours. Safe to call twice.
    public func shutdown() async {
        client.markShutDown()
        await ownedTransport?.shutdown()
    }
}

extension RuntimeService: CustomStringConvertible, CustomReflectable {
    /// `RuntimeService(<account without secret>)`.
    public var description: String { "RuntimeService(\(client.configuration.account))" }

    /// A mirror without credentials.
    public var customMirror: Mirror {
        Mirror(self, children: ["configuration": client.configuration, "instance": instance as Any], displayStyle: .class)
    }
}
