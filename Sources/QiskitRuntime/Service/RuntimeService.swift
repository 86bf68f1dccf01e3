import RuntimeWire

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
    /// connection limit (and shuts it down in ``shutdown()``).
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
                maxConnectionsPerHost: configuration.maximumConnectionsPerHost, caFile: configuration.caFile,
                caPath: configuration.caPath, proxy: configuration.proxy)
            transport = made
            created = made
        }
        ownedTransport = created
        let client = ServiceClient(configuration: configuration, transport: transport)
        let deadline = client.callDeadline(nil)
        do {
            let credentials = try await client.session.credentials(deadline: deadline)
            if let instance = configuration.instance {
                self.instance = instance
            } else if credentials.apiURL != nil {
                self.instance = try await Self.defaultInstance(client: client, deadline: deadline)
            } else {
                self.instance = nil
            }
        } catch {
            created?.shutdown()
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

    /// Submits a program and returns its job (`POST /jobs`). The request is never sent twice once
    /// it may have reached the service.
    /// - Parameters:
    ///   - program: the program id, such as `hello-world`.
    ///   - backend: the backend name; `nil` uses the configuration's default backend.
    ///   - inputs: the program's inputs, a ``RuntimeValue`` object.
    ///   - options: the runtime image and log level.
    public func run(
        program: String, backend: String? = nil, inputs: RuntimeValue = [:], options: RunOptions = RunOptions()
    ) async throws -> RuntimeJob {
        guard let backend = backend ?? client.configuration.defaultBackend else {
            throw RuntimeError(.invalidConfiguration, "a backend is required (pass one or set defaultBackend)")
        }
        let params = inputs.json
        guard params.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }) == UInt8(ascii: "{")
        else {
            throw RuntimeError(.invalidConfiguration, "the inputs of a program must be an object")
        }
        let body = client.usesCloudAPI
            ? Self.cloudRunBody(program: program, backend: backend, params: params, options: options)
            : Self.runBody(program: program, instance: instance, backend: backend, params: params, options: options)
        let json = try await client.performJSON(
            ServiceRequest("POST", path: ["jobs"], body: Array(body.utf8), context: "Failed to run program \(program)"))
        guard let id = json["id"]?.stringValue, !id.isEmpty else {
            throw RuntimeError(.invalidResponse, "Failed to run program \(program): the response has no job id")
        }
        client.logger.log(.info, "submitted job \(id) of program \(program) to \(backend)")
        return RuntimeJob(
            jobID: id, programID: program, backend: json["backend"]?.stringValue ?? backend, inputs: inputs,
            client: client)
    }

    /// The `POST /jobs` body of PROTOCOL §2.3.1, fields in the Python client's order.
    static func runBody(
        program: String, instance: RuntimeConfiguration.Instance?, backend: String, params: String,
        options: RunOptions
    ) -> String {
        func string(_ value: String?) -> String { value.map(WireJSON.quoted) ?? "null" }
        var body = "{\"program_id\": \(string(program))"
        body += ", \"hub\": \(string(instance?.hub)), \"group\": \(string(instance?.group))"
        body += ", \"project\": \(string(instance?.project))"
        body += ", \"backend\": \(string(backend)), \"params\": \(params), \"runtime\": \(string(options.image))"
        if let logLevel = options.logLevel { body += ", \"log_level\": \(string(logLevel))" }
        if let tags = options.tags { body += ", \"tags\": " + tagList(tags) }
        return body + "}"
    }

    /// The `POST /jobs` body of the IBM Cloud API (PROTOCOL §2.5, 0.51): `program_id`, `params`,
    /// `backend`, then `runtime`, `log_level` and `tags` only when set; no hub, group or project.
    static func cloudRunBody(program: String, backend: String, params: String, options: RunOptions) -> String {
        var body = "{\"program_id\": \(WireJSON.quoted(program)), \"params\": \(params)"
        body += ", \"backend\": \(WireJSON.quoted(backend))"
        if let image = options.image { body += ", \"runtime\": \(WireJSON.quoted(image))" }
        if let logLevel = options.logLevel { body += ", \"log_level\": \(WireJSON.quoted(logLevel))" }
        if let tags = options.tags { body += ", \"tags\": " + tagList(tags) }
        return body + "}"
    }

    /// A JSON list of strings: `["a", "b"]`.
    static func tagList(_ tags: [String]) -> String {
        "[" + tags.map(WireJSON.quoted).joined(separator: ", ") + "]"
    }

    /// The job with this id (`GET /jobs/{id}`); `RuntimeError.Code.notFound` if there is none.
    public func job(_ id: String) async throws -> RuntimeJob {
        let json = try await client.performJSON(ServiceRequest("GET", path: ["jobs", id], context: "Job not found: \(id)"))
        return RuntimeJob(record: try JobRecord(json: json), client: client)
    }

    /// The account's jobs, newest first, fetched page by page as the sequence is iterated.
    /// - Parameters:
    ///   - limit: the most jobs to return; `nil` returns them all.
    ///   - offset: how many jobs to skip.
    ///   - pending: `true` for queued and running jobs only, `false` for finished ones only.
    ///   - program: only jobs of this program id.
    public func jobs(limit: Int? = 10, offset: Int = 0, pending: Bool? = nil, program: String? = nil) -> RuntimeJobList {
        RuntimeJobList(client: client, limit: limit, offset: offset, pending: pending, program: program)
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
        await client.session.clear()
    }

    /// Whether this service streams interim results over a websocket. `false` for an
    /// ``RuntimeConfiguration/Account/ibmCloud(apiKey:instanceCRN:iamURL:serviceURL:)`` account:
    /// there a job's interim-result stream delivers nothing and finishes when the job does.
    public var supportsStreaming: Bool { client.supportsStreaming }

    /// Stops the service: later calls throw `RuntimeError.Code.shutDown`. Safe to call twice.
    public func shutdown() async {
        client.markShutDown()
        ownedTransport?.shutdown()
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
