import Testing
@testable import QiskitRuntime

/// The job API over an IBM Cloud account: paths under `/api/v1`, the three headers on every call,
/// the 0.51 `POST /jobs` body, `state`-based status mapping and no streaming (PROTOCOL §1.6, §2.5, §4.2).
@Suite("IBM Cloud account: jobs over /api/v1", .timeLimit(.minutes(1)))
struct IBMCloudJobTests {
    /// Every request to the service (not IAM) carries the bearer token, the CRN and the API
    /// version, never `X-Access-Token`; a request with a body says it is JSON.
    private static func expectCloudHeaders(_ transport: ScriptedTransport, token: String = "iam-1") {
        let serviceRequests = transport.requests.filter { ScriptedTransport.path(of: $0.url) != CloudFixtures.tokenPath }
        #expect(!serviceRequests.isEmpty)
        for request in serviceRequests {
            #expect(request.url.hasPrefix(CloudFixtures.serviceBase + "/"), "\(request.url)")
            #expect(request.header("Authorization") == "Bearer \(token)")
            #expect(request.header("Service-CRN") == CloudFixtures.crn)
            #expect(request.header("IBM-API-Version") == "2026-04-15")
            #expect(request.header("X-Access-Token") == nil)
            if request.body != nil {
                #expect(request.header("Content-Type") == "application/json", "\(request.method) \(request.url)")
            }
        }
    }

    @Test("run posts program_id, params and backend only, without hub/group/project or a null runtime")
    func run() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        transport.on("POST", "/api/v1/jobs", json: "{\"id\": \"job-1\", \"backend\": \"ibm_torino\"}")
        let job = try await service.run(program: "sampler", backend: "ibm_torino", inputs: ["shots": 100])
        #expect(job.jobID == "job-1")
        #expect(job.backend == "ibm_torino")
        #expect(transport.requests("POST", "/api/v1/jobs").first?.bodyText
            == "{\"program_id\": \"sampler\", \"params\": {\"shots\": 100}, \"backend\": \"ibm_torino\"}")

        _ = try await service.run(
            program: "estimator", backend: "ibm_fez",
            options: RunOptions(image: "img:1", logLevel: "INFO", tags: ["exp-1", "a\"b"]))
        #expect(transport.requests("POST", "/api/v1/jobs").last?.bodyText == """
            {"program_id": "estimator", "params": {}, "backend": "ibm_fez", "runtime": "img:1", "log_level": "INFO", \
            "tags": ["exp-1", "a\\"b"]}
            """)
        #expect(service.instance == nil)
        Self.expectCloudHeaders(transport)
    }

    @Test("job, status, result, logs, metrics, tags, cancel, delete and jobs use /api/v1 paths and the three headers")
    func everyMethod() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        CloudFixtures.jobs(transport, "j1",
                           CloudFixtures.jobJSON("j1", status: "Running"), CloudFixtures.jobJSON("j1", status: "Completed"))
        let job = try await service.job("j1")
        #expect(job.programID == "sampler")
        #expect(try await job.inputs() == ["pubs": [1, 2]])
        #expect(try await job.status() == .done)

        transport.on("GET", "/api/v1/jobs/j1/results", .response(RuntimeHTTPResponse(status: 200, body: Array("{\"counts\": {\"00\": 5}}".utf8))))
        #expect(try await job.result() == ["counts": ["00": 5]])
        transport.on("GET", "/api/v1/jobs/j1/logs", .response(RuntimeHTTPResponse(status: 200, body: Array("log line".utf8))))
        #expect(try await job.logs() == "log line")
        transport.on("GET", "/api/v1/jobs/j1/metrics", json: "{\"usage\": {\"quantum_seconds\": 4}}")
        #expect(try await job.metrics().raw == ["usage": ["quantum_seconds": 4]])
        transport.on("PUT", "/api/v1/jobs/j1/tags", .response(RuntimeHTTPResponse(status: 204)))
        try await job.updateTags(["x", "y"])
        #expect(transport.requests("PUT", "/api/v1/jobs/j1/tags").first?.bodyText == "{\"tags\": [\"x\", \"y\"]}")

        CloudFixtures.jobs(transport, "j2",
                           CloudFixtures.jobJSON("j2", status: "Queued"), CloudFixtures.jobJSON("j2", status: "Cancelled"))
        transport.on("POST", "/api/v1/jobs/j2/cancel", .response(RuntimeHTTPResponse(status: 204)))
        let job2 = try await service.job("j2")
        #expect(try await job2.cancel() == .cancelled)
        transport.on("DELETE", "/api/v1/jobs/j2", .response(RuntimeHTTPResponse(status: 204)))
        try await service.deleteJob("j2")

        transport.on("GET", "/api/v1/jobs", json: """
            {"jobs": [\(CloudFixtures.jobJSON("a", status: "Completed")), \(CloudFixtures.jobJSON("b", status: "Failed"))], \
            "count": 2, "limit": 10, "offset": 0}
            """)
        var ids: [String] = []
        for try await listed in service.jobs(limit: 10, pending: false) { ids.append(listed.jobID) }
        #expect(ids == ["a", "b"])
        #expect(transport.requests("GET", "/api/v1/jobs").first.map { ScriptedTransport.query(of: $0.url) } == "exclude_params=true&limit=10&pending=false")

        let paths = transport.requests.map { "\($0.method) \(ScriptedTransport.path(of: $0.url))" }
        #expect(paths == [
            "POST /identity/token", "GET /api/v1/jobs/j1", "GET /api/v1/jobs/j1", "GET /api/v1/jobs/j1/results",
            "GET /api/v1/jobs/j1/logs", "GET /api/v1/jobs/j1/metrics", "PUT /api/v1/jobs/j1/tags",
            "GET /api/v1/jobs/j1", // the tags read back, as qiskit-ibm-runtime does
            "GET /api/v1/jobs/j2",
            "POST /api/v1/jobs/j2/cancel", "GET /api/v1/jobs/j2", "DELETE /api/v1/jobs/j2", "GET /api/v1/jobs",
        ])
        Self.expectCloudHeaders(transport)
    }

    @Test("state.status is mapped, with reason and reason code", arguments: [
        (CloudFixtures.jobJSON("j", status: "Queued"), JobStatus.queued),
        (CloudFixtures.jobJSON("j", status: "Running"), .running),
        (CloudFixtures.jobJSON("j", status: "Completed"), .done),
        (CloudFixtures.jobJSON("j", status: "Failed", reason: "boom"), .error),
        (CloudFixtures.jobJSON("j", status: "Cancelled"), .cancelled),
        (CloudFixtures.jobJSON("j", status: "Cancelled", reason: "by user", reasonCode: 1400), .cancelled),
        (CloudFixtures.jobJSON("j", status: "Cancelled", reason: "Ran too long", reasonCode: 1305), .error),
        (CloudFixtures.jobJSON("j", status: "Cancelled", reason: "Ran too long", reasonCodeKey: "reasonCode", reasonCode: 1305), .error),
    ])
    func statusMapping(_ object: String, _ expected: JobStatus) async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        CloudFixtures.jobs(transport, "j", object)
        #expect(try await service.job("j").status() == expected)
    }

    @Test("cancelled with reason code 1305 is .error with message 'Error code 1305; <reason>', without reading /results")
    func ranTooLong() async throws {
        for key in ["reason_code", "reasonCode"] {
            let transport = ScriptedTransport()
            let service = try await CloudFixtures.service(transport)
            CloudFixtures.jobs(transport, "j1", CloudFixtures.jobJSON(
                "j1", status: "Cancelled", reason: "Ran too long", reasonCodeKey: key, reasonCode: 1305))
            let job = try await service.job("j1")
            #expect(try await job.status() == .error)
            #expect(try await job.errorMessage() == "Error code 1305; Ran too long")
            await #expect(throws: RuntimeError(.jobFailed, "Unable to retrieve job result. Error code 1305; Ran too long")) {
                _ = try await job.result()
            }
            #expect(transport.requests("GET", "/api/v1/jobs/j1/results").isEmpty)
        }
    }

    @Test("a failed job's message prefers state.reason; without a reason the results text is used")
    func failedReason() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        CloudFixtures.jobs(transport, "j1", CloudFixtures.jobJSON("j1", status: "Failed", reason: "Invalid circuit", reasonCode: 1517))
        #expect(try await service.job("j1").errorMessage() == "Job j1 has failed:\nError code 1517; Invalid circuit")

        CloudFixtures.jobs(transport, "j2", CloudFixtures.jobJSON("j2", status: "Failed"))
        transport.on("GET", "/api/v1/jobs/j2/results", .response(RuntimeHTTPResponse(status: 200, body: Array("Traceback: x".utf8))))
        #expect(try await service.job("j2").errorMessage() == "Job j2 has failed:\nTraceback: x")

        // As qiskit-ibm-runtime: the results text from its last Traceback on, in errorMessage()
        // and in result()'s error.
        let text = "log line 1\nTraceback (most recent call last):\n  inner\nValueError: a\n\nDuring handling…\nTraceback (most recent call last):\n  outer\nRuntimeError: b"
        CloudFixtures.jobs(transport, "j3", CloudFixtures.jobJSON("j3", status: "Failed"))
        transport.on("GET", "/api/v1/jobs/j3/results", .response(RuntimeHTTPResponse(status: 200, body: Array(text.utf8))))
        let expected = "Job j3 has failed:\nTraceback (most recent call last):\n  outer\nRuntimeError: b"
        #expect(try await service.job("j3").errorMessage() == expected)
        await #expect(throws: RuntimeError(.jobFailed, "Unable to retrieve job result. " + expected)) {
            _ = try await service.job("j3").result(timeout: .seconds(30))
        }
    }

    @Test("no streaming: the capability flag is off, interim results are empty without a request, completion polls")
    func noStreaming() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        #expect(service.supportsStreaming == false)
        #expect(RuntimeConfiguration.Account.ibmCloud(apiKey: "k", instanceCRN: "c").supportsStreaming == false)
        #expect(RuntimeConfiguration.Account.accessToken("t", runtimeURL: "https://r").supportsStreaming)
        #expect(try await Fixtures.service(ScriptedTransport()).supportsStreaming)

        CloudFixtures.jobs(transport, "j1",
                           CloudFixtures.jobJSON("j1", status: "Queued"), CloudFixtures.jobJSON("j1", status: "Running"),
                           CloudFixtures.jobJSON("j1", status: "Running"), CloudFixtures.jobJSON("j1", status: "Completed"))
        transport.on("GET", "/api/v1/jobs/j1/results", .response(RuntimeHTTPResponse(status: 200, body: Array("\"All done!\"".utf8))))
        let job = try await service.job("j1")
        #expect(job.supportsStreaming == false)
        #expect(try await job.fetchInterimResults() == [])
        #expect(transport.requests("GET", "/api/v1/jobs/j1/interim_results").isEmpty)
        #expect(try await job.result(timeout: .seconds(30)) == "All done!")
        #expect(transport.requests("GET", "/api/v1/jobs/j1").count == 4)
    }
}
